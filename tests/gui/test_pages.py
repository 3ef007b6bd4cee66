"""Pages worth opening: the map as the home page, a balise page as a working surface, the
note box that takes typing, and a layout that follows the window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from referentiel_desktop.annotations import cases, notes, people
from referentiel_desktop.gui.window.main_window import HOME
from tests.gui.keys import type_text


def _mark(window: Any, balise_id: str) -> Any:
    return next(
        b for t in window.map_page.canvas.figure.themes for b in t.balises if b.id == balise_id
    )


def test_the_map_is_the_first_page_and_every_balise_opens_with_a_click(
    window: Any, qtbot: Any
) -> None:
    assert window.current_page() == HOME and window.current_node_id() is None
    assert window.pages.currentWidget() is window.map_page
    canvas = window.map_page.canvas
    figure = canvas.figure
    assert [t.id for t in figure.themes] == ["engagement", "integration", "cooperation", "value"]
    assert len(canvas.balise_ids()) == 23
    mark = _mark(window, "cooperation.b5")
    window.map_page.ensureVisible(round(mark.cx), round(mark.cy))
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(mark.cx), round(mark.cy)))
    assert window.current_node_id() == "cooperation.b5"
    assert window.pages.currentWidget() is window.reading_pane
    window.go_back()
    assert window.pages.currentWidget() is window.map_page
    label = _mark(window, "value.b2").label  # the label is part of the target too
    at = QPoint(round(label.x + 4), round(label.y + 4))
    window.map_page.ensureVisible(at.x(), at.y())
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=at)
    assert window.current_node_id() == "value.b2"
    window.home_action.trigger()
    assert window.current_page() == HOME


def test_the_map_from_the_keyboard(window: Any, qtbot: Any) -> None:
    canvas = window.map_page.canvas
    canvas.setFocus()
    for _ in range(3):
        qtbot.keyClick(canvas, Qt.Key.Key_Right)
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert window.current_node_id() == "engagement.b4"


def test_the_map_counts_the_teams_notes_and_cases_and_speaks_the_language(
    window: Any, qtbot: Any
) -> None:
    people.add_territory(window.workspace, "Le Mené")
    notes.add_note(window.workspace, "engagement.b3", "Première")
    notes.add_note(window.workspace, "engagement.b3", "Deuxième")
    cases.add_case(window.workspace, "Méthanisation", "Le Mené", ["engagement.b3"])
    qtbot.waitUntil(lambda: _mark(window, "engagement.b3").notes == 2, timeout=5_000)
    assert _mark(window, "engagement.b3").badge == "2 notes · 1 case"
    assert _mark(window, "engagement.b1").badge == ""
    window.set_language("fr")
    assert _mark(window, "engagement.b3").badge == "2 notes · 1 cas"
    assert _mark(window, "engagement.b3").title == "Créer les conditions de la confiance"
    assert _mark(window, "engagement.b3").keywords == ("CONFIANCE",)


def test_the_map_follows_a_dark_palette(window: Any) -> None:
    canvas = window.map_page.canvas
    assert canvas.figure.palette.background == "#ffffff"
    dark = QPalette(canvas.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#1b1b1d"))
    canvas.setPalette(dark)
    assert canvas.figure.palette.background != "#ffffff"
    image = canvas.grab().toImage()
    corner = image.pixelColor(2, 2)
    assert corner.lightness() < 80  # painted dark, not on white


def test_the_map_follows_the_width_of_the_window(window: Any) -> None:
    canvas = window.map_page.canvas
    canvas.relayout(1400)
    wide = canvas.figure
    canvas.relayout(700)
    narrow = canvas.figure
    assert wide.themes[1].panel.y == wide.themes[0].panel.y  # two columns
    assert narrow.themes[1].panel.y > narrow.themes[0].panel.bottom  # one under the other
    for figure in (wide, narrow):
        for theme in figure.themes:
            for balise in theme.balises:
                assert theme.panel.x <= balise.label.x and balise.label.right <= theme.panel.right


def test_a_balise_page_is_a_working_surface(window: Any, qtbot: Any) -> None:
    people.add_territory(window.workspace, "Malaunay")
    notes.add_note(window.workspace, "cooperation.b2", "Un retour d’expérience")
    case = cases.add_case(window.workspace, "Revue de projet", "Malaunay", ["cooperation.b2"])
    window.set_language("fr")
    window.open_node("cooperation.b2")
    text = window.reading_pane.primary.toPlainText()
    html = window.reading_pane.primary.toHtml()
    assert "Balise 2 — Construire et animer des dispositifs de réflexivité" in text
    assert "RÉFLEXIVITÉ" in text  # its key word, as the poster shows it
    assert "node:cooperation" in html  # its theme
    assert "node:cooperation.b1" in html and "node:cooperation.b3" in html  # one key away
    assert "Pour agir" in text
    assert "Conduire les actions dans une démarche de coopération" in text  # a method
    assert "Des tableaux de bord inter services" in text  # a device
    assert "Translation" not in text and "Traduction" not in text
    panel = window.notes.panel
    qtbot.waitUntil(lambda: panel.notes.count() == 1, timeout=5_000)
    assert panel.notes_heading.text() == "Notes (1)"
    assert panel.cases_heading.text() == "Cas (1)"
    opened: list[Any] = []
    panel.case_requested.connect(lambda case_id, _node: opened.append(case_id))
    item = panel.cases.item(0)
    qtbot.mouseClick(
        panel.cases.viewport(), Qt.MouseButton.LeftButton,
        pos=panel.cases.visualItemRect(item).center(),
    )  # fmt: skip
    assert opened == [case.id]  # one click
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.current_node_id() == "cooperation.b3"
    qtbot.keyClick(window, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert window.current_node_id() == "cooperation.b2"


def test_other_pages_get_the_same_care(window: Any, qtbot: Any) -> None:
    window.open_node("engagement.m2")
    text = window.reading_pane.primary.toPlainText()
    assert "Elaborate a narrative of the territory" in text
    assert "To act" in text and "Creating the conditions for the involvement" in text
    html = window.reading_pane.primary.toHtml()
    assert "node:engagement.m1" in html and "node:engagement.m3" in html
    window.open_node("support.s2")  # the inventory's questions, written once, listed here
    html = window.reading_pane.primary.toHtml()
    assert "node:inventory.q1" in html and "node:inventory.q20" in html
    text = window.reading_pane.primary.toPlainText()
    assert text.count("metabolism of the territory? flows") == 1
    window.set_language("fr")
    window.open_node("support.s2")
    assert window.reading_pane.primary.document().toHtml().count("<li") >= 20  # list markers
    assert (
        "Traduit de l’anglais pour cette application" in window.reading_pane.primary.toPlainText()
    )
    window.open_node("inventory.q5")
    assert "node:inventory.q4" in window.reading_pane.primary.toHtml()
    window.open_node("ch3")  # chapters follow one another, themes too
    html = window.reading_pane.primary.toHtml()
    assert "node:ch2'" in html or 'node:ch2"' in html
    assert "node:ch7" in html
    window.open_node("integration")
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.current_node_id() == "cooperation"


def test_typing_on_a_balise_page_writes_a_note_not_into_the_tree(window: Any, qtbot: Any) -> None:
    window.tree.setFocus()
    window.tree.setCurrentIndex(window.model.index_of("engagement.b6"))
    assert QApplication.focusWidget() is window.tree
    assert window.current_node_id() == "engagement.b6"
    editor = window.notes.panel.editor
    assert editor.isEnabled() and editor.text.placeholderText()  # ready, before any click
    for word in ("Voyage", " à", " Malaunay :", " « réussi »"):
        type_text(QApplication.focusWidget(), word)  # first where the focus is: the tree
        qtbot.wait(600)  # longer than the autosave's half second
    assert window.current_node_id() == "engagement.b6"  # the tree did not jump
    assert QApplication.focusWidget() is editor.text
    qtbot.waitUntil(
        lambda: (
            [n.text for n in notes.list_notes(window.workspace, target="engagement.b6")]
            == ["Voyage à Malaunay : « réussi »"]
        ),
        timeout=5_000,
    )
    window.open_node("engagement.b5")  # another page: its own empty box, ready
    assert editor.target == "engagement.b5" and editor.text.toPlainText() == ""
    type_text(window.reading_pane.primary, "Reconnaissance")
    assert editor.text.toPlainText() == "Reconnaissance"
    qtbot.keyClick(window.tree, Qt.Key.Key_Down)  # arrows still move in the tree
    assert window.current_node_id() != "engagement.b5"


def test_markup_in_a_note_stays_text_on_the_map_and_the_page(window: Any, qtbot: Any) -> None:
    notes.add_note(window.workspace, "value.b1", '<img src="file:///dev/zero"> <b>gras</b>')
    window.open_node("value.b1")
    qtbot.waitUntil(lambda: window.notes.panel.notes.count() == 1, timeout=5_000)
    assert "<b>gras</b>" in window.notes.panel.notes.item(0).text()
    window.home_action.trigger()
    qtbot.waitUntil(lambda: _mark(window, "value.b1").notes == 1, timeout=5_000)


def test_the_window_title_names_the_page_and_the_application_once(window: Any) -> None:
    window.open_node("engagement.b3")
    title = window.windowTitle()
    assert title == "Beacon 3 — Creating the conditions for trust"
    assert "Référentiel Desktop" not in title  # Qt adds the application's name, once
    window.home_action.trigger()
    assert window.windowTitle() == "Map of the referential"


def test_the_map_fits_the_width_it_is_shown_in(window: Any, qtbot: Any) -> None:
    for width in (900, 1400):
        window.resize(width, 700)
        qtbot.wait(50)
        canvas, viewport = window.map_page.canvas, window.map_page.viewport()
        assert canvas.figure.width <= viewport.width()  # nothing cut on the right
        for theme in canvas.figure.themes:
            assert theme.panel.right <= viewport.width()


def test_the_tree_takes_its_share_of_a_wider_window(window: Any, qtbot: Any) -> None:
    window.resize(1000, 700)
    qtbot.wait(50)
    narrow = window.tree.width()
    window.resize(1400, 880)
    qtbot.wait(50)
    assert window.tree.width() > narrow + 60
    assert window.tree.width() < window.pages.width()


def test_a_balise_page_lists_the_questions_the_inventory_links_to_it(window: Any) -> None:
    """The slot the inventory fills: ``reading_pane.context.linked_questions``."""
    window.open_node("engagement.b3")
    assert "inventory.q" not in window.reading_pane.primary.toHtml()
    linked = {"engagement.b3": ["inventory.q7", "inventory.q11"]}
    window.reading_pane.context.linked_questions = lambda node_id: [
        window.model.node(q) for q in linked.get(node_id, [])
    ]
    window.reading_pane.refresh()
    html = window.reading_pane.primary.toHtml()
    assert "node:inventory.q7" in html and "node:inventory.q11" in html
    assert (
        "Inventory questions linked to this beacon (2)" in window.reading_pane.primary.toPlainText()
    )


def test_the_map_is_laid_out_at_the_width_it_is_shown_at(
    qtbot: Any, qapp: Any, data_dir: Any
) -> None:
    """A window not shown yet still answers for its map; shown, the map fits its width,
    every balise a named mark for the keyboard and screen readers."""
    from referentiel_desktop.gui.app import create_main_window
    from referentiel_desktop.workspace import Workspace

    Workspace.open(data_dir).close()
    window = create_main_window(data_dir, qapp, defer_workspace=False)
    qtbot.addWidget(window)
    canvas = window.map_page.canvas
    assert len(canvas.balise_ids()) == 23  # asked before the window is shown
    window.resize(900, 700)
    window.show()
    qtbot.waitExposed(window)
    viewport = window.map_page.viewport()
    assert canvas.figure.width <= viewport.width()
    marks = canvas.findChildren(QWidget)
    named = {m.objectName() for m in marks if m.objectName().startswith("map-mark-")}
    assert {f"map-mark-{balise}" for balise in canvas.balise_ids()} <= named
    window.workspace.close()
