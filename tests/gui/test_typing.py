"""What is typed is what is stored, byte for byte, in every field of every editor: typed
through key events, accents included, steadily (the editor saves every second while
the typing goes on) and with pauses longer than the autosave delay. The editors never
rewrite a field under the user, and a tag exists only once the user has finished it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from referentiel_desktop.annotations import cases, notes, people, tags
from tests.gui.keys import AUTOSAVE_PAUSE_MS, type_text, type_with_pauses

ACTORS = (
    "élus, agriculteurs, habitants puis la communauté de communes et les associations "
    "de quartier du territoire"
)


def _open_case(window: Any, title: str) -> tuple[Any, Any]:
    people.add_territory(window.workspace, "Malaunay")
    case = cases.add_case(window.workspace, title, "Malaunay", ["value.b1"])
    window.cases.view.case_requested.emit(case.id, None)
    return case, window.cases.editors.opened[-1]


def test_the_case_editor_stores_every_field_exactly_as_typed(window: Any, qtbot: Any) -> None:
    ws = window.workspace
    case, editor = _open_case(window, "Atelier")
    typed = {
        "period": "De l’été 2019 à 2021 — « trois saisons »",
        "actors": ACTORS,
        "text": "Réunions publiques : chaque mois, œuvre commune",
        "lessons": "La confiance s’établit pas à pas ; l’écoute d’abord",
    }
    for name, text in typed.items():
        widget = editor.texts[name]
        widget.setFocus()
        type_with_pauses(qtbot, widget, text)
        assert widget.toPlainText() == text  # never rewritten while typed in
    qtbot.keyClick(editor.texts["text"], Qt.Key.Key_Return)  # a second paragraph
    type_with_pauses(qtbot, editor.texts["text"], "puis un bilan « partagé »")
    typed["text"] += "\npuis un bilan « partagé »"
    editor.title.setFocus()
    editor.title.end(False)
    type_with_pauses(qtbot, editor.title, " de réparation « vélo »")
    editor.tags.setFocus()
    type_with_pauses(qtbot, editor.tags, "mobilité, Œuvres « communes », ")
    qtbot.waitUntil(  # the last autosave
        lambda: cases.get_case(ws, case.id).tags == ("mobilité", "Œuvres « communes »"),
        timeout=5_000,
    )
    stored = cases.get_case(ws, case.id)
    for name, text in typed.items():
        assert getattr(stored, name).encode() == text.encode()
    assert stored.title.encode() == "Atelier de réparation « vélo »".encode()
    assert sorted(stored.tags) == sorted(["mobilité", "Œuvres « communes »"])
    assert editor.tags.text() == "mobilité, Œuvres « communes », "  # as typed, not re-sorted
    editor.close()


def test_the_note_editor_stores_text_and_tags_exactly_as_typed(window: Any, qtbot: Any) -> None:
    window.open_node("engagement.b3")
    panel = window.notes.panel
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    editor = panel.editor
    text = "La transition « se construit » avec les habitants : œuvre, cœur, été"
    type_with_pauses(qtbot, editor.text, text)
    assert editor.text.toPlainText() == text
    editor.tags.setFocus()
    type_with_pauses(qtbot, editor.tags, "énergie, Écoles")
    qtbot.keyClick(editor.tags, Qt.Key.Key_Return)  # Enter finishes the last tag
    qtbot.waitUntil(  # the last autosave
        lambda: (
            len(notes.list_notes(window.workspace, target="engagement.b3")) == 1
            and len(notes.list_notes(window.workspace, target="engagement.b3")[0].tags) == 2
        ),
        timeout=5_000,
    )
    [stored] = notes.list_notes(window.workspace, target="engagement.b3")
    assert stored.text.encode() == text.encode()
    assert sorted(stored.tags) == ["Écoles", "énergie"]
    assert editor.tags.text() == "énergie, Écoles"


def test_a_pause_in_a_tag_makes_no_tag(window: Any, qtbot: Any) -> None:
    ws = window.workspace
    note = notes.add_note(ws, "value.b3", "Conseil citoyen")
    window.open_node("value.b3")
    panel = window.notes.panel
    qtbot.waitUntil(lambda: panel.notes.count() == 1, timeout=5_000)
    panel.notes.setCurrentRow(0)
    field = panel.editor.tags
    field.setFocus()
    type_text(field, "zèbre, particip")
    qtbot.wait(2 * AUTOSAVE_PAUSE_MS)  # the user stops in the middle of a word
    qtbot.waitUntil(  # « zèbre » is finished by its comma
        lambda: list(notes.get_note(ws, note.id).tags) == ["zèbre"], timeout=5_000
    )
    assert "particip" not in dict(tags.list_tags(ws))
    assert field.text() == "zèbre, particip"  # not rewritten, not re-sorted
    type_text(field, "ation, ")  # the comma finishes it
    qtbot.waitUntil(
        lambda: list(notes.get_note(ws, note.id).tags) == ["participation", "zèbre"],
        timeout=5_000,
    )
    assert field.text() == "zèbre, participation, "
    type_text(field, "abeille")
    qtbot.wait(2 * AUTOSAVE_PAUSE_MS)
    assert "abeille" not in dict(tags.list_tags(ws))
    field.clearFocus()  # leaving the field finishes the tag
    qtbot.waitUntil(
        lambda: list(notes.get_note(ws, note.id).tags) == ["abeille", "participation", "zèbre"],
        timeout=5_000,
    )
    assert field.text() == "zèbre, participation, abeille"
    assert "particip" not in dict(tags.list_tags(ws))


def test_territories_and_the_author_are_stored_as_typed(window: Any, qtbot: Any) -> None:
    ws = window.workspace
    window.team.territories_action.trigger()
    dialog = window.team.territories_dialog
    name = "Communauté de communes « Cœur de Savoie »"
    description = "Vallée de l’Isère, 43 communes ; œuvre commune"
    type_text(dialog.new_name, name)
    type_text(dialog.new_code, "73")
    type_text(dialog.new_description, description)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    [stored] = people.list_territories(ws)
    assert (stored.name, stored.code, stored.description) == (name, "73", description)

    cell = dialog.table.item(0, 2)
    dialog.table.editItem(cell)
    line = dialog.table.findChild(QLineEdit)
    line.selectAll()
    type_text(line, "Pays « de l’Isère », été 2024")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: people.list_territories(ws)[0].description == "Pays « de l’Isère », été 2024",
        timeout=5_000,
    )
    dialog.close()

    window.team.who_action.trigger()
    who = window.team.who_dialog
    line = who.findChild(QLineEdit)
    line.selectAll()
    type_text(line, "Amélie N’Diaye « Œ »")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: people.default_author(ws) == "Amélie N’Diaye « Œ »", timeout=5_000)
