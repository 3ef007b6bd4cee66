"""Search in the real window: type, see results as you type, open one with the keyboard."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.gui.keys import type_text


def _ids(panel: Any) -> list[str]:
    return [panel.results.item(i).data(Qt.ItemDataRole.UserRole + 11).id
            for i in range(panel.results.count())]  # fmt: skip


def test_type_see_results_and_open_with_enter(window: Any, qtbot: Any) -> None:
    panel = window.search.panel
    window.search.action.trigger()  # Ctrl+F
    assert panel.field.hasFocus() or panel.field.isVisible()
    qtbot.keyClicks(panel.field, "confiance")
    qtbot.waitUntil(lambda: "engagement.b3" in _ids(panel), timeout=15_000)
    assert panel.results.item(0).data(Qt.ItemDataRole.UserRole + 10).count("<b>") >= 1
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_node_id() == _ids(panel)[0], timeout=5_000)


def test_accents_typed_and_arrows_move_and_escape_clears(window: Any, qtbot: Any) -> None:
    panel = window.search.panel
    panel.focus_field()
    type_text(panel.field, "énergie")
    assert panel.field.text() == "énergie"
    qtbot.waitUntil(lambda: panel.results.count() >= 2, timeout=15_000)
    assert panel.results.currentRow() == 0
    qtbot.keyClick(panel.field, Qt.Key.Key_Down)
    assert panel.results.currentRow() == 1
    second = _ids(panel)[1]
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert window.current_node_id() == second
    qtbot.keyClick(panel.field, Qt.Key.Key_Escape)
    assert panel.field.text() == "" and panel.results.count() == 0


def test_results_follow_the_kind_filter_and_the_language(window: Any, qtbot: Any) -> None:
    panel = window.search.panel
    panel.field.setText("trust")
    qtbot.waitUntil(lambda: "engagement.b3" in _ids(panel), timeout=15_000)
    panel.kind.setCurrentIndex(panel.kind.findData("method"))
    qtbot.waitUntil(lambda: "engagement.b3" not in _ids(panel), timeout=15_000)
    panel.kind.setCurrentIndex(0)
    window.set_language("fr")

    def french_title_shown() -> bool:
        first = panel.results.item(0)
        return first is not None and "Créer les conditions" in first.data(
            Qt.ItemDataRole.UserRole + 10
        )

    qtbot.waitUntil(french_title_shown, timeout=15_000)


def test_typo_offers_a_suggestion_that_can_be_taken(window: Any, qtbot: Any) -> None:
    panel = window.search.panel
    panel.field.setText("confiense ")
    qtbot.waitUntil(lambda: panel.suggestion == "confiance", timeout=15_000)
    panel.accept_suggestion()
    assert panel.field.text() == "confiance"


def test_team_filters_narrow_notes_by_tag_territory_and_author(window: Any, qtbot: Any) -> None:
    from referentiel_desktop.annotations import notes

    notes.add_note(window.workspace, "value.b1", "Potager collectif", tags=["jardin"])
    notes.add_note(window.workspace, "value.b2", "Potager de l’école", author="Marc")
    panel = window.search.panel
    qtbot.waitUntil(lambda: panel.tag.findData("jardin") > 0, timeout=5_000)
    assert panel.territory.isHidden()  # no territory yet: its filter takes no place
    grid = panel.layout().itemAt(1).layout()
    placed = [grid.itemAtPosition(r, 0) for r in range(6)]  # one a line, no hole
    shown = [item.widget() for item in placed if item is not None]
    assert shown == [panel.kind, panel.theme, panel.source, panel.tag, panel.author]
    panel.field.setText("potager")
    qtbot.waitUntil(lambda: panel.results.count() == 2, timeout=15_000)
    panel.tag.setCurrentIndex(panel.tag.findData("jardin"))
    qtbot.waitUntil(lambda: panel.results.count() == 1, timeout=15_000)
    panel.tag.setCurrentIndex(0)
    panel.author.setCurrentIndex(panel.author.findData("Marc"))
    qtbot.waitUntil(
        lambda: (
            panel.results.count() == 1
            and "école" in panel.results.item(0).data(Qt.ItemDataRole.UserRole + 10)
        ),
        timeout=15_000,
    )


def test_opening_a_note_or_case_hit_shows_the_record_itself(window: Any, qtbot: Any) -> None:
    from referentiel_desktop.annotations import cases, notes, people

    ws = window.workspace
    people.add_territory(ws, "Malaunay")
    note = notes.add_note(ws, "integration.b4", "Le marché de producteurs « circuit court »")
    case = cases.add_case(ws, "Régie agricole", "Malaunay", ["value.b5", "integration.b4"])
    panel = window.search.panel
    panel.focus_field()
    qtbot.keyClicks(panel.field, "circuit court")
    qtbot.waitUntil(lambda: _ids(panel)[:1] == [note.id], timeout=15_000)
    shown = panel.results.item(0).data(Qt.ItemDataRole.UserRole + 10)
    assert "Note · Beacon 4 — Take advantage of opportunities" in shown  # where it was written
    # Return opens the first hit; when a search is still due (the two records just
    # written re-run it), it opens the first hit of that search as soon as it is in.
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_node_id() == "integration.b4", timeout=15_000)
    assert window.notes.panel.editor.note_id == note.id  # the note is open for editing
    panel.field.clear()
    qtbot.keyClicks(panel.field, "regie agricole")
    qtbot.waitUntil(lambda: _ids(panel)[:1] == [case.id], timeout=15_000)
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_node_id() == "value.b5", timeout=15_000)
    editors = [e for e in window.cases.editors.opened if e.isVisible()]
    assert [e.title.text() for e in editors] == ["Régie agricole"]
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)  # again: the same editor, not a second
    assert len([e for e in window.cases.editors.opened if e.isVisible()]) == 1
    editors[0].close()


def test_an_opened_hit_shows_where_it_matched(window: Any, qtbot: Any) -> None:
    window.set_language("fr")
    panel = window.search.panel
    panel.focus_field()
    type_text(panel.field, "métabolisme")
    qtbot.waitUntil(lambda: panel.results.count() > 0, timeout=15_000)
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_node_id() == _ids(panel)[0], timeout=5_000)
    marked = window.reading_pane.marked_words()
    assert marked and {w.casefold() for w in marked} == {"métabolisme"}
    window.open_node("engagement.b1")  # another page: no marks left over
    assert window.reading_pane.marked_words() == []


def test_typing_as_people_type_finds_without_accents_or_grammatical_words(
    window: Any, qtbot: Any
) -> None:
    panel = window.search.panel
    panel.focus_field()
    type_text(panel.field, "tableaux")
    qtbot.wait(600)  # a pause, as a person makes between words
    type_text(panel.field, " d")
    qtbot.waitUntil(lambda: _ids(panel)[:1] == ["cooperation.d2"], timeout=15_000)
    qtbot.wait(600)
    type_text(panel.field, "e BORD")
    qtbot.waitUntil(lambda: _ids(panel)[:1] == ["cooperation.d2"], timeout=15_000)
    panel.field.clear()
    type_text(panel.field, "reflexivite")
    qtbot.waitUntil(lambda: "cooperation.b2" in _ids(panel)[:3], timeout=15_000)
    panel.field.clear()
    type_text(panel.field, "cooperer")
    qtbot.waitUntil(lambda: "cooperation.b1" in _ids(panel)[:3], timeout=15_000)
