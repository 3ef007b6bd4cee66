"""The team exchange in the real window: File → Export…, File → Import… with its
preview and report, a bundle dropped on the window, and the conflicts view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from referentiel_desktop.annotations import notes
from referentiel_desktop.exchange.export import export
from referentiel_desktop.exchange.merge import import_bundle
from referentiel_desktop.workspace import Workspace


def _teammate(tmp_path: Path, window: Any) -> tuple[Workspace, str]:
    """Bruno's folder, holding a copy of the window's note, edited on both sides."""
    mine = notes.add_note(window.workspace, "engagement.b3", "Version commune")
    export(window.workspace, tmp_path / "mine.rdbundle")
    bruno = Workspace.open(tmp_path / "bruno")
    import_bundle(bruno, tmp_path / "mine.rdbundle")
    notes.edit_note(bruno, mine.id, text="La réunion « publique » a eu lieu")
    notes.edit_note(window.workspace, mine.id, text="La réunion privée a eu lieu")
    export(bruno, tmp_path / "bruno.rdbundle")
    return bruno, mine.id


def test_export_and_import_from_the_file_menu(window: Any, qtbot: Any, tmp_path: Path) -> None:
    bruno, note_id = _teammate(tmp_path, window)
    notes.add_note(bruno, "value.b1", 'Nouvelle note de Bruno <img src="file:///dev/zero">')
    export(bruno, tmp_path / "bruno.rdbundle")
    bruno.close()

    window.exchange.import_action.trigger()
    chooser = window.exchange.file_dialog
    chooser.fileSelected.emit(str(tmp_path / "bruno.rdbundle"))
    dialog = window.exchange.import_dialog
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert dialog.report.dry_run and dialog.report.by_kind["note"]["added"] == 1
    assert "Preview (nothing changed yet)" in dialog.text.toPlainText()
    assert len(notes.list_notes(window.workspace)) == 1  # nothing yet

    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.report.dry_run, timeout=10_000)
    assert "Import done" in dialog.text.toPlainText()
    assert dialog.conflicts_button.isVisible()
    texts = {n.text for n in notes.list_notes(window.workspace)}
    assert 'Nouvelle note de Bruno <img src="file:///dev/zero">' in texts

    window.exchange.export_action.trigger()
    window.exchange.file_dialog.fileSelected.emit(str(tmp_path / "back"))
    qtbot.waitUntil(lambda: (tmp_path / "back.rdbundle").exists(), timeout=10_000)
    with Workspace.open(tmp_path / "bruno") as bruno:  # and back on Bruno's side
        report = import_bundle(bruno, tmp_path / "back.rdbundle")
        assert report.counts["conflicts"] == 1  # his edit and the window's both stand
        assert notes.get_note(bruno, note_id).text == "La réunion « publique » a eu lieu"


def test_conflicts_view_shows_both_versions_and_settles(
    window: Any, qtbot: Any, tmp_path: Path
) -> None:
    bruno, note_id = _teammate(tmp_path, window)
    bruno.close()
    import_bundle(window.workspace, tmp_path / "bruno.rdbundle")

    window.exchange.conflicts_action.trigger()
    view = window.exchange.conflicts_dialog
    assert view.list.count() == 1
    mine, theirs = view.mine.toPlainText(), view.theirs.toPlainText()
    assert "La réunion privée a eu lieu" in mine
    assert "La réunion « publique » a eu lieu" in theirs
    assert "#f7c6c7" in view.mine.toHtml().lower() and "#c6efce" in view.theirs.toHtml().lower()
    qtbot.mouseClick(view.keep_both, Qt.MouseButton.LeftButton)
    assert view.list.count() == 0 and view.empty.isVisibleTo(view)
    texts = sorted(n.text for n in notes.list_notes(window.workspace))
    assert texts == ["La réunion privée a eu lieu", "La réunion « publique » a eu lieu"]


def test_a_bundle_dropped_on_the_window_is_previewed(
    window: Any, qtbot: Any, tmp_path: Path
) -> None:
    bruno, _note_id = _teammate(tmp_path, window)
    bruno.close()
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(tmp_path / "bruno.rdbundle"))])
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, data,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    # Qt delivers a drop only during a real drag, which a test cannot start: hand the
    # event to the window's drop handler as Qt would.
    assert window.acceptDrops()
    assert window.exchange.bundle_drop.eventFilter(window, drop) and drop.isAccepted()
    dialog = window.exchange.import_dialog
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert dialog.report.counts["conflicts"] == 1


def test_a_bad_bundle_is_refused_with_a_message(window: Any, qtbot: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.rdbundle"
    bad.write_text("pas un paquet", encoding="utf-8")
    window.exchange.import_action.trigger()
    window.exchange.file_dialog.fileSelected.emit(str(bad))
    qtbot.waitUntil(lambda: _message(window) is not None, timeout=10_000)
    assert "Nothing was changed" in _message(window).text()


def _message(window: Any) -> Any:
    from PySide6.QtWidgets import QMessageBox

    return window.findChild(QMessageBox, "exchange-message")
