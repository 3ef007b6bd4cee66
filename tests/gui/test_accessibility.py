"""Everyone can use it (issue 20): walking the window's accessible tree (the tree AT-SPI
is built from) finds every interactive element named, in French and in English, with
the docks and the booklet dialog open; the map exposes each theme and balise as a named,
focusable child."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.gui.accessibility import names_of_children, unnamed


def _open_everything(window: Any, qtbot: Any) -> list[Any]:
    window.cases.dock.show()
    window.inventory.dock.show()
    window.open_node("engagement.b3")
    dialog = window.booklet.open_dialog()
    qtbot.waitExposed(dialog)
    return [window, dialog]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_nothing_interactive_is_unnamed(window: Any, qtbot: Any, lang: str) -> None:
    window.set_language(lang)
    for root in _open_everything(window, qtbot):
        found = unnamed(root)
        assert found == [], "\n".join(str(item) for item in found)


def test_the_map_exposes_each_theme_and_balise_by_name(window: Any, qtbot: Any) -> None:
    window.set_language("fr")
    from referentiel_desktop.gui.window.main_window import HOME

    window.open_node(HOME)
    canvas = window.map_page.canvas
    names = names_of_children(canvas)
    assert len([n for n in names if n.startswith("Balise")]) == 23, names
    assert any(n.startswith("4. ") for n in names)  # the themes, by number and title
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    focused = window.focusWidget()
    assert focused is not None and focused.accessibleName().startswith("Balise")
    qtbot.keyClick(focused, Qt.Key.Key_Return)
    assert window.current_node_id() is not None and window.current_node_id() != ""
