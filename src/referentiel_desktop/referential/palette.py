"""The themes' colours: one source for the map (window, SVG, PNG), the window's pages and
the booklet (printed pages use the light palette).

Every pair of colours that carries text meets WCAG AA (4.5:1): numbers on the discs
(``on_accent`` on ``accent``), key words in ``accent`` on the panel (``tint``) and on
the page, titles and muted text on the panel (``tests/core/test_contrast.py``).
"""

from __future__ import annotations

from typing import NamedTuple

THEMES = ("engagement", "integration", "cooperation", "value")
"""The four themes, in the referential's order (the cover's band follows it)."""


class Colours(NamedTuple):
    """One theme's colours: ``accent`` for discs, spokes and headings, ``tint`` behind
    its panel, ``on_accent`` for text drawn on the accent."""

    accent: str
    tint: str
    on_accent: str = "#ffffff"


class Palette(NamedTuple):
    background: str
    text: str
    muted: str
    badge: str
    themes: dict[str, Colours]


# Four hues far enough apart to tell the themes at a glance, light and dark.
LIGHT = Palette(
    background="#ffffff",
    text="#1f2328",
    muted="#59636e",
    badge="#fff3c4",
    themes={
        "engagement": Colours("#ab5617", "#fbf1e8"),  # orange
        "integration": Colours("#1d796c", "#e9f5f3"),  # teal
        "cooperation": Colours("#2f63a8", "#ebf1f9"),  # blue
        "value": Colours("#8a3f86", "#f5ecf5"),  # plum
    },
)
DARK = Palette(
    background="#1e1f22",
    text="#e6e6e6",
    muted="#a6acb3",
    badge="#5a4a12",
    themes={
        "engagement": Colours("#e58a45", "#2e2621", "#1e1f22"),
        "integration": Colours("#4fb9a9", "#1f2a29", "#1e1f22"),
        "cooperation": Colours("#6f9fe0", "#20252e", "#1e1f22"),
        "value": Colours("#c27fbd", "#2a222a", "#1e1f22"),
    },
)
PALETTES = {"light": LIGHT, "dark": DARK}
FALLBACK = Colours("#34495e", "#f2f2f2")
"""Chapters, support scenarios and the inventory: outside the four themes."""


def theme_colours(theme_id: str | None, palette: str = "light") -> Colours:
    """The colours of ``theme_id`` (any other node gets the neutral ones)."""
    return PALETTES.get(palette, LIGHT).themes.get(theme_id or "", FALLBACK)
