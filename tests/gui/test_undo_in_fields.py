"""Ctrl+Z and Ctrl+Y typed in the note box, a case editor and an inventory answer act on
the application's undo stack: the box and the store never disagree, and what is typed
after an undo is saved on top of what the undo put back."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from referentiel_desktop.annotations import cases, notes, people
from tests.gui.keys import type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def test_undo_in_the_note_box_puts_back_the_stored_note(window: Any, qtbot: Any) -> None:
    ws = window.workspace
    note = notes.add_note(ws, "value.b1", "Avant « la réunion »")
    window.open_node("value.b1")
    panel = window.notes.panel
    qtbot.waitUntil(lambda: panel.notes.count() == 1, timeout=5_000)
    panel.notes.setCurrentRow(0)
    box = panel.editor.text
    box.setFocus()
    box.moveCursor(box.textCursor().MoveOperation.End)
    type_text(box, " : décidé")
    qtbot.waitUntil(lambda: notes.get_note(ws, note.id).text.endswith("décidé"), timeout=5_000)
    qtbot.keyClick(box, Qt.Key.Key_Z, CTRL)  # in the box itself
    assert notes.get_note(ws, note.id).text == "Avant « la réunion »" == box.toPlainText()
    assert window.undo_stack.canRedo()  # the application's undo, not the field's own
    box.moveCursor(box.textCursor().MoveOperation.End)
    type_text(box, " puis reporté")
    panel.editor.flush()
    assert notes.get_note(ws, note.id).text == "Avant « la réunion » puis reporté"
    assert box.toPlainText() == notes.get_note(ws, note.id).text
    qtbot.keyClick(box, Qt.Key.Key_Z, CTRL)
    assert notes.get_note(ws, note.id).text == "Avant « la réunion »" == box.toPlainText()
    qtbot.keyClick(box, Qt.Key.Key_Y, CTRL)  # redo, from the box too
    assert notes.get_note(ws, note.id).text == "Avant « la réunion » puis reporté"
    assert box.toPlainText() == notes.get_note(ws, note.id).text


def test_undo_in_a_case_editor_acts_on_the_stored_case(window: Any, qtbot: Any) -> None:
    ws = window.workspace
    people.add_territory(ws, "Malaunay")
    case = cases.add_case(ws, "Réseau de chaleur", "Malaunay", ["value.b2"])
    window.cases.view.case_requested.emit(case.id, None)
    editor = window.cases.editors.opened[-1]
    lessons = editor.texts["lessons"]
    lessons.setFocus()
    type_text(lessons, "Mutualiser coûte moins")
    qtbot.waitUntil(lambda: cases.get_case(ws, case.id).lessons != "", timeout=5_000)
    qtbot.keyClick(lessons, Qt.Key.Key_Z, CTRL)
    assert cases.get_case(ws, case.id).lessons == "" == lessons.toPlainText()
    assert window.undo_stack.canRedo()
    type_text(lessons, "Partager l’œuvre")
    editor.flush()
    assert cases.get_case(ws, case.id).lessons == "Partager l’œuvre" == lessons.toPlainText()
    editor.close()


def test_undo_in_an_inventory_answer_acts_on_the_stored_answer(
    make_window: Any, data_dir: Any, qtbot: Any
) -> None:
    from referentiel_desktop.inventory import answers
    from referentiel_desktop.workspace import Workspace

    with Workspace.open(data_dir) as workspace:
        people.add_territory(workspace, "Le Mené", "22")
        answers.set_answer(workspace, "Le Mené", "inventory.q2", "emerging", day="2026-03-20")
    window = make_window()
    window.inventory.action.trigger()
    view = window.inventory.view
    qtbot.waitUntil(lambda: view.isVisible(), timeout=5_000)
    view.territory.setCurrentIndex(view.territory.findData("Le Mené"))
    view.table.setCurrentIndex(view.grid.index(1, 1))  # Q2
    ws = window.workspace

    def q2_text() -> str:
        return str(answers.get_assessment(ws, "Le Mené").answer("inventory.q2").text)

    field = view.editor.text
    field.setFocus()
    type_text(field, "Une équipe « projet »")
    qtbot.waitUntil(lambda: q2_text() == "Une équipe « projet »", timeout=5_000)
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)
    assert q2_text() == "" == field.toPlainText()
    assert window.undo_stack.canRedo()
    type_text(field, "Un comité")
    view.editor.flush()
    assert q2_text() == "Un comité" == field.toPlainText()
