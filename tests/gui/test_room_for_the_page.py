"""Room for the page (issue 20): at 1024×700 with the Cases and Inventory docks open, the
page keeps half the window's width and 300 px of height; the two docks share one place
as tabs; the results box shows only with results; filters show their whole label; the
inventory's questions are never cut."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_page_keeps_its_room_with_both_docks_open(window: Any, qtbot: Any, lang: str) -> None:
    window.set_language(lang)
    window.resize(1024, 700)
    window.cases.dock.show()
    window.inventory.dock.show()
    window.open_node("engagement.b3")
    qtbot.waitUntil(lambda: window.size().width() == 1024 and window.size().height() == 700)
    qtbot.wait(50)
    assert window.tabifiedDockWidgets(window.cases.dock) == [window.inventory.dock]
    assert window.pages.width() >= window.width() // 2
    assert window.pages.height() >= 300


def test_the_results_box_waits_for_results(window: Any, qtbot: Any) -> None:
    panel = window.search.panel
    assert not panel.results.isVisible()
    panel.field.setText("confiance")
    qtbot.waitUntil(lambda: panel.results.count() > 0, timeout=30_000)
    assert panel.results.isVisible()
    panel.field.setText("")
    panel.run_query()
    assert not panel.results.isVisible()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_filters_show_their_whole_label(window: Any, qtbot: Any, lang: str) -> None:
    from referentiel_desktop.annotations import notes, people

    people.add_territory(window.workspace, "Le Mené", "22")
    notes.add_note(window.workspace, "engagement.b3", "Une note", tags=["eau"])
    window.set_language(lang)
    panel = window.search.panel
    qtbot.waitUntil(lambda: panel.territory.isVisible() and panel.tag.isVisible(), timeout=5_000)
    for combo in panel.findChildren(QComboBox):
        if not combo.isVisible():
            continue
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        room = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
        )
        needed = combo.fontMetrics().horizontalAdvance(combo.currentText())
        assert needed <= room.width(), f"{combo.currentText()!r} is cut ({needed} > {room.width()})"


def test_the_inventory_questions_wrap_rather_than_being_cut(window: Any) -> None:
    table = window.inventory.view.table
    assert table.wordWrap()
    window.inventory.dock.show()
    first = table.model().index(0, 0)
    text = table.model().data(first)
    assert text and table.rowHeight(0) >= table.fontMetrics().height()
