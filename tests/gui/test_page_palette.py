"""A page in the window shows its theme's key words in the theme's colour, from the one
palette the map and the booklet use, light and dark."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QColor, QPalette

from referentiel_desktop.referential.palette import PALETTES


@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize(("node_id", "theme"), [("cooperation.b2", "cooperation"),
                                                ("engagement", "engagement")])  # fmt: skip
def test_a_page_s_key_words_take_their_theme_s_colour(
    window: Any, node_id: str, theme: str, palette: str
) -> None:
    pane = window.reading_pane
    if palette == "dark":
        dark = QPalette(pane.palette())
        dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
        dark.setColor(QPalette.ColorRole.Base, QColor("#1b1b1d"))
        dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
        pane.setPalette(dark)
    window.open_node(node_id)
    html = pane.primary.toHtml()
    accent = PALETTES[palette].themes[theme].accent
    assert f"color:{accent}" in html.replace(" ", "")
    others = [c.accent for t, c in PALETTES[palette].themes.items() if t != theme]
    assert not any(f"color:{colour}" in html.replace(" ", "") for colour in others)


def test_a_page_follows_a_palette_switched_while_it_is_shown(window: Any) -> None:
    pane = window.reading_pane
    window.open_node("cooperation.b2")
    dark = QPalette(pane.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    pane.setPalette(dark)
    html = pane.primary.toHtml().replace(" ", "")
    assert f"color:{PALETTES['dark'].themes['cooperation'].accent}" in html
