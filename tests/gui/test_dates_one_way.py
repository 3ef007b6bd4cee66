"""Dates are written one way per language wherever a person reads them in the window
(and territories take their contracted preposition, « Inventaire du Mené »):
Babel's medium date (« 2 déc. 2026 », "Dec 2, 2026") in the new assessment, the support
path's date, the inventory's grid and the booklet's meeting date."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt

from referentiel_desktop.annotations import people
from referentiel_desktop.inventory import answers

DAY = QDate(2026, 12, 2)
WRITTEN = {"fr": "2 déc. 2026", "en": "Dec 2, 2026"}


@pytest.fixture
def window(make_window: Any, data_dir: Any) -> Any:
    from referentiel_desktop.workspace import Workspace

    with Workspace.open(data_dir) as workspace:
        people.add_territory(workspace, "Le Mené", "22")
        answers.set_answer(workspace, "Le Mené", "inventory.q1", "emerging", day="2026-12-02")
    return make_window()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_date_field_writes_the_medium_date(window: Any, qtbot: Any, lang: str) -> None:
    window.set_language(lang)
    window.inventory.action.trigger()
    view = window.inventory.view
    qtbot.waitUntil(lambda: view.isVisible(), timeout=5_000)
    view.territory.setCurrentIndex(view.territory.findData("Le Mené"))
    assert view.grid.headerData(1, Qt.Orientation.Horizontal) == WRITTEN[lang]  # the grid
    assert view.assessment.currentText() == WRITTEN[lang]
    view.since.setDate(DAY)  # the support path's date
    assert view.since.text() == WRITTEN[lang]
    dialog = view.ask_new_assessment()
    dialog.day.setDate(DAY)
    assert dialog.day.text() == WRITTEN[lang]
    dialog.reject()
    window.open_node("engagement.b3")
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.booklet.dialog is not None, timeout=5_000)
    booklet = window.booklet.dialog
    booklet.meeting_date.setDate(DAY)
    assert booklet.meeting_date.text() == WRITTEN[lang]
    qtbot.waitUntil(lambda: not booklet.building(), timeout=15_000)
    booklet.reject()


def test_the_booklet_dialog_contracts_the_preposition_with_the_territory(
    window: Any, qtbot: Any
) -> None:
    window.set_language("fr")
    window.open_node("engagement.b3")
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.booklet.dialog is not None, timeout=5_000)
    dialog = window.booklet.dialog
    choices = [dialog.inventory.itemText(i) for i in range(dialog.inventory.count())]
    assert "Inventaire du Mené" in choices
    qtbot.waitUntil(lambda: not dialog.building(), timeout=15_000)
    dialog.reject()
