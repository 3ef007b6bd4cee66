"""A write that fails is said in plain words, with Retry; the text stays where it was
typed, nothing lands on the undo stack, and the next save works. An exception nobody
caught is shown in the window and written to the log file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer

from referentiel_desktop.annotations import cases, notes, people
from tests.gui.keys import type_text, type_with_pauses


@contextmanager
def write_lock(window: Any) -> Iterator[None]:
    """Another process's transaction holding the database's write lock."""
    other = sqlite3.connect(window.workspace.db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.rollback()
        other.close()


def test_a_blank_territory_does_not_stop_the_case_from_saving(window: Any, qtbot: Any) -> None:
    ws = window.workspace
    people.add_territory(ws, "Malaunay")
    case = cases.add_case(ws, "Réseau de chaleur", "Malaunay", ["value.b2"])
    window.cases.view.case_requested.emit(case.id, None)
    editor = window.cases.editors.opened[-1]
    steps = window.undo_stack.count()
    editor.territory.setCurrentIndex(0)  # the blank first entry
    widget = editor.texts["lessons"]
    widget.setFocus()
    type_with_pauses(qtbot, widget, "Mutualiser « la chaleur » coûte moins")
    qtbot.waitUntil(
        lambda: cases.get_case(ws, case.id).lessons.endswith("coûte moins"), timeout=5_000
    )
    stored = cases.get_case(ws, case.id)
    assert stored.lessons == "Mutualiser « la chaleur » coûte moins"
    assert stored.territory == "Malaunay"
    assert "keeps a territory" in editor.status.text()
    assert editor.message_bar.isHidden()
    assert window.undo_stack.count() == steps + 1  # one step, merged, for what was saved
    window.edit.undo_action.trigger()
    assert cases.get_case(ws, case.id).lessons == ""
    editor.territory.setCurrentIndex(editor.territory.findData("Malaunay"))
    editor.close()


def test_a_locked_database_is_said_and_retry_saves_the_note(window: Any, qtbot: Any) -> None:
    ws = window.workspace
    note = notes.add_note(ws, "engagement.b1", "Premier jet")
    window.open_node("engagement.b1")
    panel = window.notes.panel
    qtbot.waitUntil(lambda: panel.notes.count() == 1, timeout=5_000)
    panel.notes.setCurrentRow(0)
    editor = panel.editor
    editor.text.setFocus()
    editor.text.moveCursor(editor.text.textCursor().MoveOperation.End)
    steps = window.undo_stack.count()
    with write_lock(window):
        type_text(editor.text, ", repris « à plusieurs »")
        qtbot.waitUntil(lambda: not editor.message_bar.isHidden(), timeout=15_000)
        assert "is writing to the data right now" in editor.message_bar.text()
        assert not editor.message_bar.retry_button.isHidden()
        assert editor.text.toPlainText() == "Premier jet, repris « à plusieurs »"
        assert notes.get_note(ws, note.id).text == "Premier jet"
        assert window.undo_stack.count() == steps  # nothing that did not happen
    qtbot.mouseClick(editor.message_bar.retry_button, Qt.MouseButton.LeftButton)
    assert notes.get_note(ws, note.id).text == "Premier jet, repris « à plusieurs »"
    assert editor.message_bar.isHidden()
    assert window.undo_stack.count() == steps + 1
    type_text(editor.text, " puis relu")  # the next autosave works too
    qtbot.waitUntil(
        lambda: notes.get_note(ws, note.id).text.endswith("« à plusieurs » puis relu"),
        timeout=5_000,
    )


def test_a_locked_database_keeps_a_new_case_in_its_editor(window: Any, qtbot: Any) -> None:
    ws = window.workspace
    people.add_territory(ws, "Loos-en-Gohelle")
    window.open_node("integration.b3")
    window.notes.panel.new_case_button.click()
    editor = window.cases.editors.opened[-1]
    steps = window.undo_stack.count()
    editor.territory.setCurrentIndex(editor.territory.findData("Loos-en-Gohelle"))
    with write_lock(window):
        type_text(editor.title, "Base 11/19 « écopôle »")
        qtbot.waitUntil(lambda: not editor.message_bar.isHidden(), timeout=15_000)
        assert cases.list_cases(ws) == [] and window.undo_stack.count() == steps
        assert editor.title.text() == "Base 11/19 « écopôle »"
    type_text(editor.title, " minier")  # the next autosave, after the lock is gone
    qtbot.waitUntil(lambda: len(cases.list_cases(ws)) == 1, timeout=5_000)
    assert cases.list_cases(ws)[0].title == "Base 11/19 « écopôle » minier"
    assert editor.message_bar.isHidden() and window.undo_stack.count() == steps + 1
    editor.close()


@pytest.mark.qt_no_exception_capture
def test_an_uncaught_error_is_shown_and_logged(
    window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFERENTIEL_DESKTOP_LOG_DIR", str(tmp_path / "logs"))

    def broken_view(_lang: str) -> None:
        raise RuntimeError("vue « cassée »")

    window.language_changed.connect(broken_view)  # a view that fails on a language switch
    QTimer.singleShot(0, lambda: window.set_language("fr"))
    qtbot.waitUntil(lambda: not window.message_bar.isHidden(), timeout=5_000)
    log = tmp_path / "logs" / "referentiel-desktop.log"
    assert "vue « cassée »" in window.message_bar.text() and str(log) in window.message_bar.text()
    assert "RuntimeError: vue « cassée »" in log.read_text(encoding="utf-8")
    assert "broken_view" in log.read_text(encoding="utf-8")  # with its traceback
    window.language_changed.disconnect(broken_view)


def test_an_undo_that_fails_is_said_and_the_stack_stays_where_the_data_is(
    window: Any, qtbot: Any
) -> None:
    ws = window.workspace
    window.open_node("engagement.b4")
    panel = window.notes.panel
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    type_text(panel.editor.text, "Une note « à défaire »")
    panel.editor.flush()
    [note] = notes.list_notes(ws, target="engagement.b4")
    stack = window.undo_stack
    steps = stack.index()
    with write_lock(window):
        window.edit.undo_action.trigger()
        assert not window.message_bar.isHidden()
        assert "is writing to the data right now" in window.message_bar.text()
        assert stack.index() == steps and window.edit.undo_action.isEnabled()
        assert notes.get_note(ws, note.id).deleted_at is None
    qtbot.mouseClick(window.message_bar.retry_button, Qt.MouseButton.LeftButton)
    assert notes.get_note(ws, note.id).deleted_at is not None
    assert stack.index() == steps - 1 and window.message_bar.isHidden()
    window.edit.redo_action.trigger()
    assert notes.get_note(ws, note.id).deleted_at is None


def test_quitting_while_a_save_fails_keeps_the_window_and_the_text(window: Any, qtbot: Any) -> None:
    ws = window.workspace
    window.open_node("engagement.b5")
    panel = window.notes.panel
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    with write_lock(window):
        type_text(panel.editor.text, "Écrite juste avant de quitter")
        window.quit_action.trigger()
        assert window.isVisible()  # not closed over unsaved text
        assert not panel.editor.message_bar.isHidden()
        assert panel.editor.text.toPlainText() == "Écrite juste avant de quitter"
        assert notes.list_notes(ws, target="engagement.b5") == []
    window.quit_action.trigger()  # the lock is gone: saved, then closed
    assert not window.isVisible()
    assert [n.text for n in notes.list_notes(ws, target="engagement.b5")] == [
        "Écrite juste avant de quitter"
    ]
