"""The window hears other processes (the command line, another window): the page, the
Cases table and open editors follow what they write. An editor being typed in is never
rewritten; when both saved the same record, the user keeps mine, theirs, or both."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from referentiel_desktop.annotations import cases, notes, people
from referentiel_desktop.gui.window.search_panel import HTML_ROLE
from referentiel_desktop.workspace import Workspace
from tests.gui.keys import type_text


@pytest.fixture
def other(window: Any) -> Iterator[Workspace]:
    """The same data folder opened by another process (its own connections, its own
    change notices, which this window's never hears)."""
    with Workspace.open(window.workspace.data_dir) as workspace:
        yield workspace


def test_a_case_added_by_the_command_line_appears_in_the_cases_table(
    window: Any, qtbot: Any
) -> None:
    people.add_territory(window.workspace, "Malaunay")
    view = window.cases.view
    window.cases.dock.show()
    assert view.proxy.rowCount() == 0
    subprocess.run(
        [sys.executable, "-m", "referentiel_desktop", "--data-dir",
         str(window.workspace.data_dir), "case", "add", "--title", "Fête « du vélo »",
         "--territory", "Malaunay", "--balise", "value.b1"],
        check=True, capture_output=True,
    )  # fmt: skip
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 1, timeout=10_000)
    assert view.model.rows[0].title == "Fête « du vélo »"
    window.open_node("value.b1")
    qtbot.waitUntil(lambda: window.notes.panel.cases.count() == 1, timeout=5_000)


def test_open_editors_follow_a_change_made_by_another_process(
    window: Any, qtbot: Any, other: Workspace
) -> None:
    ws = window.workspace
    note = notes.add_note(ws, "value.b5", "Version du matin")
    people.add_territory(ws, "Malaunay")
    case = cases.add_case(ws, "Atelier", "Malaunay", ["value.b5"])
    window.open_node("value.b5")
    panel = window.notes.panel
    qtbot.waitUntil(lambda: panel.notes.count() == 1, timeout=5_000)
    panel.notes.setCurrentRow(0)
    window.cases.view.case_requested.emit(case.id, None)
    case_editor = window.cases.editors.opened[-1]

    notes.edit_note(other, note.id, text="Version du soir, « relue »")
    cases.edit_case(other, case.id, title="Atelier « vélo »", actors="élus et habitants")
    qtbot.waitUntil(
        lambda: panel.editor.text.toPlainText() == "Version du soir, « relue »", timeout=5_000
    )
    qtbot.waitUntil(lambda: case_editor.title.text() == "Atelier « vélo »", timeout=5_000)
    assert case_editor.texts["actors"].toPlainText() == "élus et habitants"
    assert "relue" in panel.notes.item(0).text()
    # What follows is saved over the version it now shows: no conflict, nothing lost.
    panel.editor.text.moveCursor(panel.editor.text.textCursor().MoveOperation.End)
    type_text(panel.editor.text, " puis complétée")
    panel.editor.flush()
    assert notes.get_note(ws, note.id).text == "Version du soir, « relue » puis complétée"
    assert panel.editor.conflict_dialog is None
    case_editor.close()


def _typing_over_a_change(window: Any, qtbot: Any, other: Workspace) -> tuple[Any, Any]:
    """The user types in a note while another process saves it: (note, editor)."""
    note = notes.add_note(window.workspace, "value.b6", "Texte commun")
    window.open_node("value.b6")
    panel = window.notes.panel
    qtbot.waitUntil(lambda: panel.notes.count() == 1, timeout=5_000)
    panel.notes.setCurrentRow(0)
    editor = panel.editor
    editor.text.moveCursor(editor.text.textCursor().MoveOperation.End)
    type_text(editor.text, ", ma suite « à moi »")
    notes.edit_note(other, note.id, text="Texte commun, leur suite")
    qtbot.waitUntil(lambda: editor.conflict_dialog is not None, timeout=5_000)
    assert editor.text.toPlainText() == "Texte commun, ma suite « à moi »"  # not rewritten
    dialog = editor.conflict_dialog
    assert dialog.mine.toPlainText().startswith("Texte commun, ma suite « à moi »")
    assert dialog.theirs.toPlainText().startswith("Texte commun, leur suite")
    assert notes.get_note(window.workspace, note.id).text == "Texte commun, leur suite"
    return note, editor


@pytest.mark.parametrize("choice", ["keep_mine", "keep_theirs", "keep_both"])
def test_a_note_saved_by_both_lets_the_user_choose(
    window: Any, qtbot: Any, other: Workspace, choice: str
) -> None:
    ws = window.workspace
    note, editor = _typing_over_a_change(window, qtbot, other)
    qtbot.mouseClick(getattr(editor.conflict_dialog, choice), Qt.MouseButton.LeftButton)
    texts = sorted(n.text for n in notes.list_notes(ws, target="value.b6"))
    if choice == "keep_mine":
        assert texts == ["Texte commun, ma suite « à moi »"]
        window.edit.undo_action.trigger()  # theirs comes back
        assert notes.get_note(ws, note.id).text == "Texte commun, leur suite"
    elif choice == "keep_theirs":
        assert texts == ["Texte commun, leur suite"]
        assert editor.text.toPlainText() == "Texte commun, leur suite"
    else:
        assert texts == ["Texte commun, leur suite", "Texte commun, ma suite « à moi »"]
        assert editor.note_id != note.id  # editing mine, now a note of its own
        type_text(editor.text, " !")
        editor.flush()
        assert notes.get_note(ws, editor.note_id).text.endswith("« à moi » !")
    assert editor.conflict_dialog is None


@pytest.mark.parametrize("choice", ["keep_mine", "keep_theirs", "keep_both"])
def test_a_case_saved_by_both_lets_the_user_choose(
    window: Any, qtbot: Any, other: Workspace, choice: str
) -> None:
    ws = window.workspace
    people.add_territory(ws, "Malaunay")
    case = cases.add_case(ws, "Jardins", "Malaunay", ["value.b2"], lessons="Avant")
    window.cases.view.case_requested.emit(case.id, None)
    editor = window.cases.editors.opened[-1]
    editor.texts["lessons"].moveCursor(editor.texts["lessons"].textCursor().MoveOperation.End)
    type_text(editor.texts["lessons"], ", selon moi « ouverts »")
    cases.edit_case(other, case.id, lessons="Avant, selon eux")
    qtbot.waitUntil(lambda: editor.conflict_dialog is not None, timeout=5_000)
    assert editor.texts["lessons"].toPlainText() == "Avant, selon moi « ouverts »"
    qtbot.mouseClick(getattr(editor.conflict_dialog, choice), Qt.MouseButton.LeftButton)
    lessons = sorted(c.lessons for c in cases.list_cases(ws))
    if choice == "keep_mine":
        assert lessons == ["Avant, selon moi « ouverts »"]
    elif choice == "keep_theirs":
        assert lessons == ["Avant, selon eux"]
        assert editor.texts["lessons"].toPlainText() == "Avant, selon eux"
    else:
        assert lessons == ["Avant, selon eux", "Avant, selon moi « ouverts »"]
        assert editor.case_id != case.id
    editor.close()


def test_a_note_deleted_elsewhere_while_typed_in_is_not_lost(
    window: Any, qtbot: Any, other: Workspace
) -> None:
    ws = window.workspace
    note = notes.add_note(ws, "value.b4", "À garder")
    window.open_node("value.b4")
    panel = window.notes.panel
    qtbot.waitUntil(lambda: panel.notes.count() == 1, timeout=5_000)
    panel.notes.setCurrentRow(0)
    editor = panel.editor
    editor.text.moveCursor(editor.text.textCursor().MoveOperation.End)
    type_text(editor.text, ", complétée « ici »")
    notes.delete_note(other, note.id)
    qtbot.waitUntil(lambda: editor.conflict_dialog is not None, timeout=5_000)
    assert editor.conflict_dialog.theirs.toPlainText() == "Deleted"
    assert editor.text.toPlainText() == "À garder, complétée « ici »"
    qtbot.mouseClick(editor.conflict_dialog.keep_mine, Qt.MouseButton.LeftButton)
    stored = notes.get_note(ws, note.id)
    assert stored.deleted_at is None and stored.text == "À garder, complétée « ici »"


def test_a_case_deleted_elsewhere_while_typed_in_can_be_kept_as_a_new_one(
    window: Any, qtbot: Any, other: Workspace
) -> None:
    ws = window.workspace
    people.add_territory(ws, "Malaunay")
    case = cases.add_case(ws, "Verger", "Malaunay", ["value.b3"])
    window.cases.view.case_requested.emit(case.id, None)
    editor = window.cases.editors.opened[-1]
    type_text(editor.texts["actors"], "les écoles « et » le comité")
    cases.delete_case(other, case.id)
    qtbot.waitUntil(lambda: editor.conflict_dialog is not None, timeout=5_000)
    qtbot.mouseClick(editor.conflict_dialog.keep_both, Qt.MouseButton.LeftButton)
    [kept] = cases.list_cases(ws)
    assert kept.id != case.id and kept.title == "Verger"
    assert kept.actors == "les écoles « et » le comité"
    assert cases.get_case(ws, case.id).deleted_at is not None
    editor.close()


def test_the_territories_dialog_follows_another_process(
    window: Any, qtbot: Any, other: Workspace
) -> None:
    window.team.territories_action.trigger()
    dialog = window.team.territories_dialog
    assert dialog.table.rowCount() == 0
    people.add_territory(other, "Grande-Synthe", "59", "Ville « en transition »")
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5_000)
    assert dialog.table.item(0, 2).text() == "Ville « en transition »"
    dialog.close()


def test_search_results_follow_another_process(window: Any, qtbot: Any, other: Workspace) -> None:
    search = window.search.panel
    search.field.setText("méthaniseur")
    qtbot.waitUntil(lambda: "No results" in search.status.text(), timeout=30_000)
    notes.add_note(other, "value.b2", "Un méthaniseur « collectif » à la ferme")
    qtbot.waitUntil(lambda: search.results.count() == 1, timeout=10_000)
    assert "collectif" in search.results.item(0).data(HTML_ROLE)


def test_undo_never_overwrites_a_change_made_elsewhere_since(
    window: Any, qtbot: Any, other: Workspace
) -> None:
    ws = window.workspace
    note = notes.add_note(ws, "value.b1", "Départ")
    window.open_node("value.b1")
    panel = window.notes.panel
    qtbot.waitUntil(lambda: panel.notes.count() == 1, timeout=5_000)
    panel.notes.setCurrentRow(0)
    panel.editor.text.moveCursor(panel.editor.text.textCursor().MoveOperation.End)
    type_text(panel.editor.text, " puis ici")
    panel.editor.flush()
    notes.edit_note(other, note.id, text="Départ, réécrit ailleurs")
    window.edit.undo_action.trigger()  # would put back « Départ » over their text
    assert notes.get_note(ws, note.id).text == "Départ, réécrit ailleurs"
    assert "changed elsewhere" in window.message_bar.text()
    assert window.message_bar.retry_button.isHidden()  # retrying would fail the same way
    qtbot.waitUntil(
        lambda: panel.editor.text.toPlainText() == "Départ, réécrit ailleurs", timeout=5_000
    )
