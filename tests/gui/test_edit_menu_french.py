"""The Edit menu's Undo and Redo speak the window's language, with the step they undo:
QUndoStack's own labels would read « Undo Modifier un cas »."""

from __future__ import annotations

from typing import Any

from referentiel_desktop.annotations import cases, people
from tests.gui.keys import type_text


def test_undo_and_redo_read_in_french(window: Any, qtbot: Any) -> None:
    window.set_language("fr")
    ws = window.workspace
    people.add_territory(ws, "Malaunay")
    case = cases.add_case(ws, "Atelier", "Malaunay", ["value.b1"])
    window.cases.view.case_requested.emit(case.id, None)
    editor = window.cases.editors.opened[-1]
    assert window.edit.undo_action.text() == "Annuler"
    editor.title.end(False)
    type_text(editor.title, " « vélo »")
    editor.save()
    assert window.edit.undo_action.text() == "Annuler Modifier un cas"
    window.edit.undo_action.trigger()
    assert cases.get_case(ws, case.id).title == "Atelier"
    assert window.edit.redo_action.text() == "Rétablir Modifier un cas"
    assert window.edit.undo_action.text() == "Annuler"
    texts = [a.text() for a in window.menus["edit"].actions()]
    assert not any("Undo" in t or "Redo" in t for t in texts), texts
    editor.close()
