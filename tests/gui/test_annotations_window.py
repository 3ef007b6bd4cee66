"""Notes and cases in the real window: autosave, undo and redo, the case editor, the
Cases view, and views refreshed by changes made elsewhere."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt

from referentiel_desktop.annotations import cases, notes, people
from tests.gui.keys import type_text


def _case_in_its_editor(window: Any, title: str) -> tuple[Any, Any]:
    """A case on value.b1 in Malaunay, opened from the Cases view: (case, editor)."""
    people.add_territory(window.workspace, "Malaunay")
    case = cases.add_case(window.workspace, title, "Malaunay", ["value.b1"])
    window.cases.view.case_requested.emit(case.id, None)
    return case, window.cases.editors.opened[-1]


def _notes(window: Any, target: str = "engagement.b3") -> list[Any]:
    return notes.list_notes(window.workspace, target=target)


def test_add_a_note_on_the_page_it_saves_as_you_type(window: Any, qtbot: Any) -> None:
    window.open_node("engagement.b3")
    panel = window.notes.panel
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    editor = panel.editor
    qtbot.keyClicks(editor.text, "La confiance ")
    type_text(editor.text, "« s’établit » pas à pas : œuvre")
    qtbot.waitUntil(lambda: len(_notes(window)) == 1, timeout=5_000)
    qtbot.waitUntil(
        lambda: _notes(window)[0].text == "La confiance « s’établit » pas à pas : œuvre",
        timeout=5_000,
    )
    assert _notes(window)[0].author == "Testeuse"
    qtbot.waitUntil(lambda: panel.notes.count() == 1, timeout=5_000)

    window.edit.undo_action.trigger()  # Ctrl+Z: the whole creation goes
    qtbot.waitUntil(lambda: _notes(window) == [], timeout=5_000)
    window.edit.redo_action.trigger()
    qtbot.waitUntil(lambda: len(_notes(window)) == 1, timeout=5_000)


def test_edit_delete_and_undo_with_the_keyboard(window: Any, qtbot: Any) -> None:
    note = notes.add_note(window.workspace, "value.b1", "Avant", tags=["budget"])
    window.open_node("value.b1")
    panel = window.notes.panel
    qtbot.waitUntil(lambda: panel.notes.count() == 1, timeout=5_000)
    panel.notes.setCurrentRow(0)
    assert panel.editor.note_id == note.id and panel.editor.tags.text() == "budget"
    panel.editor.text.setFocus()
    panel.editor.text.moveCursor(panel.editor.text.textCursor().MoveOperation.End)
    qtbot.keyClicks(panel.editor.text, " et apres")
    panel.editor.flush()
    assert notes.get_note(window.workspace, note.id).text == "Avant et apres"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: notes.get_note(window.workspace, note.id).text == "Avant", timeout=5_000
    )
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: notes.get_note(window.workspace, note.id).text == "Avant et apres", timeout=5_000
    )
    panel.notes.setCurrentRow(0)
    qtbot.mouseClick(panel.editor.delete_button, Qt.MouseButton.LeftButton)  # asks nothing
    assert _notes(window, "value.b1") == []
    assert notes.get_note(window.workspace, note.id).deleted_at is not None
    window.edit.undo_action.trigger()
    assert [n.id for n in _notes(window, "value.b1")] == [note.id]
    qtbot.waitUntil(lambda: panel.notes.count() == 1, timeout=5_000)
    panel.notes.setFocus()
    panel.notes.setCurrentRow(0)
    qtbot.keyClick(panel.notes, Qt.Key.Key_Delete)  # the Delete key in the list, too
    assert _notes(window, "value.b1") == []


def test_a_change_made_elsewhere_refreshes_the_open_page(window: Any, qtbot: Any) -> None:
    window.open_node("cooperation.b2")
    panel = window.notes.panel
    assert panel.notes.count() == 0
    notes.add_note(window.workspace, "cooperation.b2", "Ajoutée par la ligne de commande")
    qtbot.waitUntil(lambda: panel.notes.count() == 1, timeout=5_000)
    assert "ligne de commande" in panel.notes.item(0).text()


def test_case_editor_links_a_case_to_two_balises(window: Any, qtbot: Any) -> None:
    people.add_territory(window.workspace, "Le Mené", "22")
    window.open_node("engagement.b3")
    window.notes.panel.new_case_button.click()
    editor = window.cases.editors.opened[-1]  # deletes itself on close
    checked = [i.data(0, Qt.ItemDataRole.UserRole + 30) for i in editor._balise_items()
               if i.checkState(0) == Qt.CheckState.Checked]  # fmt: skip
    assert checked == ["engagement.b3"]  # preset from the page it was opened on
    type_text(editor.title, "Méthanisation coopérative")
    editor.territory.setCurrentIndex(editor.territory.findData("Le Mené"))
    editor.filter.setText("risque")
    visible = [i for i in editor._balise_items() if not i.isHidden()]
    assert [i.data(0, Qt.ItemDataRole.UserRole + 30) for i in visible] == ["cooperation.b5"]
    visible[0].setCheckState(0, Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: len(cases.list_cases(window.workspace)) == 1, timeout=5_000)
    case = cases.list_cases(window.workspace)[0]
    assert case.title == "Méthanisation coopérative" and case.territory == "Le Mené"
    assert set(case.balises) == {"engagement.b3", "cooperation.b5"}
    qtbot.waitUntil(lambda: window.notes.panel.cases.count() == 1, timeout=5_000)
    editor.close()


def test_cases_view_sorts_and_filters(window: Any, qtbot: Any) -> None:
    ws = window.workspace
    for name in ("Malaunay", "Grande-Synthe"):
        people.add_territory(ws, name)
    cases.add_case(ws, "Zéro déchet", "Malaunay", ["value.b2"], tags=["déchets"])
    cases.add_case(ws, "Atelier vélo", "Grande-Synthe", ["engagement.b1"], author="Marc")
    cases.add_case(ws, "Énergie citoyenne", "Malaunay", ["value.b6", "engagement.b1"])
    view = window.cases.view
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 3, timeout=5_000)
    view.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    titles = [view.proxy.index(r, 0).data() for r in range(3)]
    assert titles == ["Atelier vélo", "Énergie citoyenne", "Zéro déchet"]
    view.table.selectRow(0)  # « Atelier vélo »: the selection follows it through a sort
    header = view.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionPosition(0) + 5, 5)
    )
    titles = [view.proxy.index(r, 0).data() for r in range(3)]
    assert titles == ["Zéro déchet", "Énergie citoyenne", "Atelier vélo"]
    assert [i.data() for i in view.table.selectionModel().selectedRows(0)] == ["Atelier vélo"]
    cases.add_case(ws, "Baignade", "Grande-Synthe", ["value.b3"])  # the order holds
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 4, timeout=5_000)
    titles = [view.proxy.index(r, 0).data() for r in range(4)]
    assert titles == ["Zéro déchet", "Énergie citoyenne", "Baignade", "Atelier vélo"]
    territory = view.filters["territory"]
    territory.setCurrentIndex(territory.findData("Malaunay"))
    assert view.proxy.rowCount() == 2
    balise = view.filters["balise"]
    assert balise.itemText(balise.findData("engagement.b1")).startswith("Embracing proximity")
    balise.setCurrentIndex(balise.findData("engagement.b1"))
    assert [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())] == [
        "Énergie citoyenne"
    ]
    names = view.proxy.index(0, 2).data()  # balises named, not ids
    assert "Embracing proximity" in names and "engagement.b1" not in names
    window.set_language("fr")
    assert "S’inscrire dans une proximité" in view.proxy.index(0, 2).data()
    view.table.doubleClicked.emit(view.proxy.index(0, 0))
    assert window.cases.editors.opened[-1].title.text() == "Énergie citoyenne"
    window.cases.editors.opened[-1].close()


def test_first_start_asks_who_is_using_the_application(make_window: Any, qtbot: Any) -> None:
    window = make_window(author=None)
    dialog = window.team.who_dialog
    assert dialog.isVisible()
    dialog.setTextValue("Camille Œillet")
    dialog.accept()
    assert people.default_author(window.workspace) == "Camille Œillet"
    note = notes.add_note(window.workspace, "ch1", "signée")
    assert note.author == "Camille Œillet"
    window.team.who_action.trigger()  # changed later, from the Edit menu
    again = window.team.who_dialog
    assert again.isVisible() and again.textValue() == "Camille Œillet"
    again.setTextValue("Dominique")
    again.accept()
    assert people.default_author(window.workspace) == "Dominique"
    assert notes.add_note(window.workspace, "ch1", "autre").author == "Dominique"
    assert notes.get_note(window.workspace, note.id).author == "Camille Œillet"


def test_tags_complete_the_item_being_typed_from_the_team_tags(window: Any, qtbot: Any) -> None:
    notes.add_note(window.workspace, "value.b2", "Déjà", tags=["énergie", "écoles", "budget"])
    window.open_node("value.b2")
    panel = window.notes.panel
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    editor = panel.editor
    type_text(editor.text, "Chaufferie partagée")
    field = editor.tags
    field.setFocus()
    qtbot.keyClicks(field, "budget, ec")  # no accent typed: « écoles » is offered
    popup = field.completer_popup.popup()
    qtbot.waitUntil(popup.isVisible, timeout=5_000)
    offered = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert offered == ["écoles"]  # « budget » is already on the line, « énergie » does not match
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert field.text() == "budget, écoles, "
    editor.flush()
    saved = [n for n in notes.list_notes(window.workspace, target="value.b2") if n.text != "Déjà"]
    assert [list(n.tags) for n in saved] == [["budget", "écoles"]]


def test_a_case_is_deleted_from_its_editor_or_the_table_and_undo_restores_it(
    window: Any, qtbot: Any
) -> None:
    ws = window.workspace
    people.add_territory(ws, "Loos-en-Gohelle")
    first = cases.add_case(ws, "Base 11/19", "Loos-en-Gohelle", ["integration.b3"])
    second = cases.add_case(ws, "Chantiers « écoles »", "Loos-en-Gohelle", ["engagement.b2"])
    view = window.cases.view
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 2, timeout=5_000)

    view.case_requested.emit(first.id, None)
    editor = window.cases.editors.opened[-1]
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)  # asks nothing
    assert not editor.isVisible()
    assert cases.get_case(ws, first.id).deleted_at is not None
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 1, timeout=5_000)
    window.edit.undo_action.trigger()
    assert cases.get_case(ws, first.id).deleted_at is None
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 2, timeout=5_000)

    window.cases.dock.show()
    view.table.setFocus()
    view.table.selectAll()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert [c.id for c in cases.list_cases(ws)] == []
    window.edit.undo_action.trigger()  # one step brings both back
    assert sorted(c.id for c in cases.list_cases(ws)) == sorted([first.id, second.id])


def test_an_open_case_editor_follows_changes_made_elsewhere(window: Any, qtbot: Any) -> None:
    ws = window.workspace
    case, editor = _case_in_its_editor(window, "Jardins")
    cases.edit_case(ws, case.id, title="Jardins partagés « ouverts »")
    qtbot.waitUntil(lambda: editor.title.text() == "Jardins partagés « ouverts »", timeout=5_000)
    cases.delete_case(ws, case.id)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5_000)
    assert cases.get_case(ws, case.id).title == "Jardins partagés « ouverts »"


def test_renaming_a_tag_from_the_edit_menu_renames_it_everywhere(window: Any, qtbot: Any) -> None:
    from referentiel_desktop.annotations import tags

    ws = window.workspace
    typo = notes.add_note(ws, "value.b4", "Climat", tags=["Climat"])
    accented = notes.add_note(ws, "value.b4", "Avec accent", tags=["énergie", "budget"])
    window.open_node("value.b4")
    window.team.rename_tag_action.trigger()
    dialog = window.team.tag_dialog
    dialog.tag.setCurrentIndex(dialog.tag.findData("Climat"))
    dialog.new_name.clear()
    dialog.accept()  # an empty name: refused, nothing changes
    assert dialog.isVisible() and "name" in dialog.status.text()
    assert "Climat" in dict(tags.list_tags(ws))
    dialog.new_name.setText("ENERGIE")
    qtbot.keyClick(dialog.new_name, Qt.Key.Key_Return)  # OK: merged into « énergie »
    assert not dialog.isVisible()
    assert dict(tags.list_tags(ws)) == {"budget": 1, "énergie": 2}
    assert list(notes.get_note(ws, typo.id).tags) == ["énergie"]
    qtbot.waitUntil(lambda: "#énergie" in window.notes.panel.notes.item(1).text(), timeout=5_000)

    window.edit.undo_action.trigger()  # the merge undone: each note has its tags again
    assert dict(tags.list_tags(ws)) == {"budget": 1, "Climat": 1, "énergie": 1}
    assert list(notes.get_note(ws, typo.id).tags) == ["Climat"]
    assert list(notes.get_note(ws, accented.id).tags) == ["budget", "énergie"]
    window.edit.redo_action.trigger()
    assert dict(tags.list_tags(ws)) == {"budget": 1, "énergie": 2}

    for old, new, renamed in (
        ("budget", "finances « locales »", {"énergie": 2, "finances « locales »": 1}),
        ("énergie", "Énergie", {"budget": 1, "Énergie": 2}),  # one tag: renamed, not merged
    ):
        window.team.rename_tag_action.trigger()  # a plain rename, undone by renaming back
        dialog = window.team.tag_dialog
        dialog.tag.setCurrentIndex(dialog.tag.findData(old))
        dialog.new_name.setText(new)
        dialog.accept()
        assert dict(tags.list_tags(ws)) == renamed
        window.edit.undo_action.trigger()
        assert dict(tags.list_tags(ws)) == {"budget": 1, "énergie": 2}
        window.edit.redo_action.trigger()
        assert dict(tags.list_tags(ws)) == renamed
        window.edit.undo_action.trigger()


def test_long_typing_is_saved_every_second_not_only_at_the_pause(window: Any, qtbot: Any) -> None:
    window.open_node("integration.b1")
    panel = window.notes.panel
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    typed = "élargir le regard, "
    for char in typed:  # a steady typist: never the half-second pause a debounce waits for
        type_text(panel.editor.text, char)
        qtbot.wait(120)
    saved = notes.list_notes(window.workspace, target="integration.b1")
    assert len(saved) == 1 and typed.startswith(saved[0].text)  # saved while typing
    assert len(saved[0].text) >= 4


def test_territories_are_added_and_changed_from_their_dialog(window: Any, qtbot: Any) -> None:
    ws = window.workspace
    people.add_territory(ws, "Malaunay", "76")
    case = cases.add_case(ws, "Réseau de chaleur", "Malaunay", ["value.b2"])
    window.cases.view.case_requested.emit(case.id, None)
    editor = window.cases.editors.opened[-1]
    window.team.territories_action.trigger()
    dialog = window.team.territories_dialog
    assert dialog.table.item(0, 0).text() == "Malaunay"
    dialog.new_name.setText("Loos-en-Gohelle")
    dialog.new_code.setText("62")
    dialog.new_description.setText("Ville pilote « du développement durable »")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert [t.name for t in people.list_territories(ws)] == ["Loos-en-Gohelle", "Malaunay"]
    assert people.list_territories(ws)[0].description.endswith("« du développement durable »")
    qtbot.waitUntil(lambda: editor.territory.findData("Loos-en-Gohelle") > 0, timeout=5_000)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)  # an empty name: refused
    assert "needs a name" in dialog.status.text() and len(people.list_territories(ws)) == 2

    dialog.table.item(1, 0).setText("Loos-en-Gohelle")  # taken: refused, the cell restored
    assert "already exists" in dialog.status.text()
    assert dialog.table.item(1, 0).text() == "Malaunay"
    dialog.table.item(1, 0).setText("Malaunay (76)")
    assert cases.get_case(ws, case.id).territory == "Malaunay (76)"
    qtbot.waitUntil(lambda: editor.territory.currentText() == "Malaunay (76)", timeout=5_000)
    dialog.close()
    editor.close()


def test_quitting_closes_case_editors_and_keeps_what_was_typed(window: Any, qtbot: Any) -> None:
    ws = window.workspace
    case, editor = _case_in_its_editor(window, "Atelier")
    editor.title.setFocus()
    editor.title.end(False)
    type_text(editor.title, " « réparation »")
    assert editor._timer.isActive()  # not saved yet
    window.quit_action.trigger()
    assert not editor.isVisible()
    assert cases.get_case(ws, case.id).title == "Atelier « réparation »"


def test_keyboard_adds_a_note_and_starts_a_case_on_the_open_balise(window: Any, qtbot: Any) -> None:
    window.open_node("engagement.b2")
    window.tree.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.notes.panel.editor
    assert editor.isEnabled() and editor.target == "engagement.b2"
    type_text(editor.text, "Le récit « partagé »")
    editor.flush()
    assert [n.text for n in _notes(window, "engagement.b2")] == ["Le récit « partagé »"]
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_N, modifiers)
    case_editor = window.cases.editors.opened[-1]
    assert case_editor.isVisible() and case_editor._fields()["balises"] == ["engagement.b2"]
    case_editor.close()


def test_a_note_typed_with_a_tag_spelled_otherwise_is_saved(window: Any, qtbot: Any) -> None:
    from referentiel_desktop.annotations import tags

    ws = window.workspace
    notes.add_note(ws, "value.b1", "Déjà là", tags=["Énergie"])
    window.open_node("value.b2")
    panel = window.notes.panel
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    type_text(panel.editor.text, "Réseau de chaleur « bois »")
    qtbot.wait(700)  # longer than the autosave's pause
    panel.editor.tags.setFocus()
    type_text(panel.editor.tags, "Énergie, ÉNERGIE, œuvre,")
    qtbot.wait(700)
    panel.editor.text.setFocus()  # leaving the field finishes the tags
    saved = lambda: notes.list_notes(ws, target="value.b2")  # noqa: E731
    qtbot.waitUntil(lambda: len(saved()) == 1 and saved()[0].tags == ("Énergie", "œuvre"))
    assert saved()[0].text == "Réseau de chaleur « bois »"
    assert tags.list_tags(ws) == [("Énergie", 2), ("œuvre", 1)]
