"""The Inventory view in the real window: a territory assessed twice shows what moved,
answers are typed and saved as notes are, the support path and balise links are set
from the view, and bad input is refused with a message."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from referentiel_desktop.annotations import people
from referentiel_desktop.gui.inventory.inventory_chart import color_of
from referentiel_desktop.gui.inventory.inventory_grid import MOVEMENT_ROLE
from referentiel_desktop.inventory import answers, links, path
from tests.gui.keys import type_text


def _assessed_twice(workspace: Any) -> None:
    people.add_territory(workspace, "Le Mené", "22")
    people.add_territory(workspace, "Malaunay", "76")
    for number, position in ((1, "not-yet"), (2, "emerging"), (3, "established"), (4, "unknown")):
        answers.set_answer(workspace, "Le Mené", f"inventory.q{number}", position,
                           day="2025-03-14")  # fmt: skip
    answers.start_assessment(workspace, "Le Mené", "2026-03-20", copy_previous=True)
    answers.set_answer(workspace, "Le Mené", "inventory.q1", "emerging", day="2026-03-20")
    answers.set_answer(workspace, "Le Mené", "inventory.q3", "not-yet", day="2026-03-20")


def _open_inventory(window: Any, qtbot: Any) -> Any:
    window.inventory.action.trigger()  # View → Inventory
    view = window.inventory.view
    qtbot.waitUntil(lambda: view.isVisible(), timeout=5_000)
    view.territory.setCurrentIndex(view.territory.findData("Le Mené"))
    return view


@pytest.fixture
def window(make_window: Any, data_dir: Any) -> Any:
    from referentiel_desktop.workspace import Workspace

    with Workspace.open(data_dir) as workspace:
        _assessed_twice(workspace)
    return make_window()


@pytest.fixture
def view(window: Any, qtbot: Any) -> Any:
    return _open_inventory(window, qtbot)


def test_a_territory_assessed_twice_shows_what_moved(view: Any, qtbot: Any) -> None:
    assert [view.assessment.itemData(i) for i in range(view.assessment.count())] == [
        date(2025, 3, 14), date(2026, 3, 20)
    ]  # fmt: skip
    assert view.assessment.currentData() == date(2026, 3, 20)  # the latest, by default
    assert view.compared.currentData() == 0  # compared with the one before it
    grid = view.grid
    moved = {grid.index(r, 0).data(Qt.ItemDataRole.UserRole + 60): grid.index(r, 2).data(
        MOVEMENT_ROLE) for r in range(grid.rowCount())}  # fmt: skip
    assert {q: m for q, m in moved.items() if m} == {
        "inventory.q1": "forward", "inventory.q3": "back"
    }  # fmt: skip
    assert grid.index(0, 2).data() == "↑ Emerging" and grid.index(0, 1).data() == "Not yet"
    assert grid.index(2, 2).data() == "↓ Not yet"
    assert grid.index(0, 2).data(Qt.ItemDataRole.FontRole).bold()
    assert grid.index(4, 2).data() == "Not answered"
    assert view.summary.text() == "2 questions moved since Mar 14, 2025."
    view.compared.setCurrentIndex(view.compared.findData(None))  # compared with nothing
    assert grid.index(0, 2).data() == "Emerging" and view.summary.text() == ""


def test_the_chart_draws_each_position_in_its_colour(view: Any, qtbot: Any) -> None:
    chart = view.chart
    qtbot.waitUntil(lambda: chart.width() > 200, timeout=5_000)
    segments = chart.segments()
    latest = {s.key: s.count for s in segments if s.day == date(2026, 3, 20)}
    assert latest == {"not-yet": 1, "emerging": 2, "unknown": 1, "unanswered": 16}
    image = chart.grab().toImage()
    ratio = image.devicePixelRatio()
    for segment in segments:
        corner = segment.rect.topLeft() + QPoint(2, 2)
        pixel = image.pixelColor(int(corner.x() * ratio), int(corner.y() * ratio))
        assert pixel.name() == color_of(segment.key).name(), segment
    widths = {s.key: s.rect.width() for s in segments if s.day == date(2026, 3, 20)}
    assert widths["emerging"] == pytest.approx(2 * widths["not-yet"], rel=0.01)


def test_typing_an_answer_saves_it_as_notes_are(view: Any, qtbot: Any) -> None:
    workspace = view.workspace
    view.table.setCurrentIndex(view.grid.index(6, 2))  # Q7 in the latest assessment
    editor = view.editor
    assert editor.question.text().startswith("Q7. is there a tradition")
    qtbot.mouseClick(editor.positions.button(1), Qt.MouseButton.LeftButton)  # Emerging
    answer = answers.get_assessment(workspace, "Le Mené").answer("inventory.q7")
    assert answer.position == "emerging" and answer.author == "Testeuse"
    editor.text.setFocus()
    type_text(editor.text, "Un conseil citoyen « à l’essai »")
    qtbot.wait(700)  # a pause longer than the autosave delay
    type_text(editor.text, ' : œuvre <img src="file:///dev/zero">')
    qtbot.waitUntil(
        lambda: (
            answers.get_assessment(workspace, "Le Mené").answer("inventory.q7").text
            == 'Un conseil citoyen « à l’essai » : œuvre <img src="file:///dev/zero">'
        ),
        timeout=5_000,
    )
    editor.evidence.setFocus()  # leaving the answer saves it at once, too
    type_text(editor.evidence, "Délibération n° 12")
    editor.text.setFocus()
    stored = answers.get_assessment(workspace, "Le Mené").answer("inventory.q7")
    assert stored.evidence == "Délibération n° 12" and stored.position == "emerging"
    cell = view.grid.index(6, 2)
    assert cell.data() == "≠ Emerging"  # not answered before: it changed
    tooltip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;img" in tooltip and "<img" not in tooltip
    assert editor.text.toPlainText().endswith('<img src="file:///dev/zero">')


def test_a_new_assessment_starts_from_the_previous_one(view: Any, qtbot: Any) -> None:
    dialog = view.ask_new_assessment()
    dialog.day.setDate(QDate(2027, 3, 1))
    assert dialog.copy_previous.isChecked()
    qtbot.mouseClick(
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
        Qt.MouseButton.LeftButton,
    )
    assert view.assessment.currentData() == date(2027, 3, 1)
    assert view.grid.columnCount() == 4
    assert view.summary.text() == "0 questions moved since Mar 20, 2026."
    assert answers.get_assessment(view.workspace, "Le Mené").answer("inventory.q1").position == (
        "emerging"
    )
    dialog = view.ask_new_assessment()  # the same day again: refused, nothing changed
    dialog.day.setDate(QDate(2027, 3, 1))
    dialog.accept()
    assert "already has an assessment dated 2027-03-01" in view.summary.text()
    assert len(answers.assessment_dates(view.workspace, "Le Mené")) == 3


def test_support_path_and_links_from_the_view(window: Any, view: Any, qtbot: Any) -> None:
    assert view.path_label.text() == "not placed yet"
    view.scenario.setCurrentIndex(view.scenario.findData("support.s2"))
    view.since.setDate(QDate(2025, 1, 15))
    qtbot.mouseClick(view.record_step, Qt.MouseButton.LeftButton)
    current = path.support_path(view.workspace, "Le Mené").current
    assert current is not None and current.scenario == "support.s2"
    assert current.since == date(2025, 1, 15)
    assert view.path_label.text() == "step 2 since Jan 15, 2025"

    view.table.setCurrentIndex(view.grid.index(4, 2))  # Q5
    editor = view.editor
    editor.balise_choice.setCurrentIndex(editor.balise_choice.findData("engagement.b3"))
    qtbot.mouseClick(editor.link_button, Qt.MouseButton.LeftButton)
    assert editor.linked.count() == 1
    assert "(engagement.b3)" in editor.linked.item(0).text()
    assert [q.id for q in links.questions_linked_to(view.workspace, "engagement.b3")] == [
        "inventory.q5"
    ]
    item = editor.linked.item(0)
    rect = editor.linked.visualItemRect(item)
    qtbot.mouseClick(editor.linked.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(editor.linked.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_node_id() == "engagement.b3"  # the inventory leads into the text
    editor.linked.setCurrentRow(0)
    qtbot.mouseClick(editor.unlink_button, Qt.MouseButton.LeftButton)
    assert editor.linked.count() == 0
    assert links.questions_linked_to(view.workspace, "engagement.b3") == []


def test_french_labels_and_a_territory_never_assessed(window: Any, view: Any, qtbot: Any) -> None:
    window.set_language("fr")
    assert view.grid.index(0, 2).data() == "↑ En émergence"
    assert view.grid.index(4, 2).data() == "Sans réponse"
    assert view.summary.text() == "2 questions ont bougé depuis le 14 mars 2025."
    assert view.editor.positions.button(2).text() == "En place"
    view.territory.setCurrentIndex(view.territory.findData("Malaunay"))
    assert view.assessment.count() == 0 and view.grid.columnCount() == 1
    assert not view.editor.isEnabled()
    assert "Nouvel état des lieux" in view.summary.text()


def test_an_answer_set_from_the_command_line_shows_in_the_open_view(
    view: Any, qtbot: Any, data_dir: Any
) -> None:
    import subprocess
    import sys

    command = [
        sys.executable, "-m", "referentiel_desktop", "--data-dir", str(data_dir), "inventory",
        "set", "--territory", "Le Mené", "--question", "inventory.q10", "--position",
        "established", "--text", "Vu « en conseil »", "--date", "2026-03-20",
    ]  # fmt: skip
    assert view.grid.index(9, 2).data() == "Not answered"
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    qtbot.waitUntil(lambda: view.grid.index(9, 2).data() == "≠ Established", timeout=10_000)
    assert view.summary.text() == "3 questions moved since Mar 14, 2025."


def test_undo_puts_back_the_answer_as_it_was(window: Any, view: Any, qtbot: Any) -> None:
    workspace = view.workspace

    def q2() -> Any:
        return answers.get_assessment(workspace, "Le Mené").answer("inventory.q2")

    view.table.setCurrentIndex(view.grid.index(1, 2))  # Q2, emerging in the latest
    editor = view.editor
    qtbot.mouseClick(editor.positions.button(2), Qt.MouseButton.LeftButton)  # Established
    editor.text.setFocus()
    type_text(editor.text, "Une équipe « projet » transversale")
    qtbot.waitUntil(lambda: q2().text == "Une équipe « projet » transversale", timeout=5_000)
    assert q2().position == "established"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: q2().text == "", timeout=5_000)
    assert q2().position == "established"
    window.edit.undo_action.trigger()
    qtbot.waitUntil(lambda: q2().position == "emerging", timeout=5_000)
    qtbot.waitUntil(lambda: editor.positions.checkedButton() is editor.positions.button(1),
                    timeout=5_000)  # fmt: skip
    window.edit.redo_action.trigger()
    window.edit.redo_action.trigger()
    assert (q2().position, q2().text) == ("established", "Une équipe « projet » transversale")


def test_with_no_territory_the_view_says_where_to_add_one(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    view = _open_inventory(window, qtbot)
    assert view.territory.count() == 0 and not view.new_button.isEnabled()
    assert view.summary.text() == "Add a territory first: Edit → Territories…"
    people.add_territory(window.workspace, "Loos-en-Gohelle", "62")
    qtbot.waitUntil(lambda: view.territory.currentData() == "Loos-en-Gohelle", timeout=5_000)
    assert view.new_button.isEnabled()
    assert view.summary.text() == "No assessment yet: start one with New assessment…"


def test_a_balise_page_lists_the_questions_linked_by_another_process(
    window: Any, qtbot: Any
) -> None:
    """End to end: a link written elsewhere (the command line) reaches the open page."""
    from referentiel_desktop.workspace import Workspace

    window.open_node("engagement.b3")
    page = window.reading_pane.primary
    assert "node:inventory.q7" not in page.toHtml()
    with Workspace.open(window.workspace.data_dir) as other:
        links.link(other, "inventory.q7", "engagement.b3", author="Camille")
    qtbot.waitUntil(lambda: "node:inventory.q7" in page.toHtml(), timeout=5000)
    assert "(1)" in page.toPlainText()


def test_quitting_while_an_answer_cannot_be_saved_keeps_the_window(
    window: Any, view: Any, qtbot: Any
) -> None:
    import sqlite3

    workspace = view.workspace

    def q7_text() -> str:
        return str(answers.get_assessment(workspace, "Le Mené").answer("inventory.q7").text)

    view.table.setCurrentIndex(view.grid.index(6, 2))
    editor = view.editor
    editor.text.setFocus()
    other = sqlite3.connect(workspace.db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        type_text(editor.text, "Tapée juste avant de quitter")
        window.quit_action.trigger()
        assert window.isVisible()  # not closed over an answer that could not be saved
        assert editor.text.toPlainText() == "Tapée juste avant de quitter"
        assert q7_text() == ""
    finally:
        other.rollback()
        other.close()
    window.quit_action.trigger()  # the lock is gone: saved, then closed
    assert not window.isVisible()
    assert q7_text() == "Tapée juste avant de quitter"
