"""Text drawn on the themes' colours is readable: WCAG AA's 4.5:1, light and dark,
for every pair the map (and the booklet and the meeting mode, which share its palette)
draws: numbers on the discs, key words and titles on the panels and the page."""

from __future__ import annotations

import pytest

from referentiel_desktop.referential.palette import PALETTES, Palette

AA = 4.5


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of ``#rrggbb``."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_formula_gives_the_known_extremes() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # WCAG's example
    assert contrast("#123456", "#123456") == pytest.approx(1.0)


def _pairs(palette: Palette) -> list[tuple[str, str, str]]:
    pairs = [("text on badge", palette.text, palette.badge)]
    pairs.append(("text on page", palette.text, palette.background))
    for theme, colours in palette.themes.items():
        pairs += [
            (f"{theme}: number on disc", colours.on_accent, colours.accent),
            (f"{theme}: key words on panel", colours.accent, colours.tint),
            (f"{theme}: key words on page", colours.accent, palette.background),
            (f"{theme}: title on panel", palette.text, colours.tint),
            (f"{theme}: muted text on panel", palette.muted, colours.tint),
        ]
    return pairs


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_every_text_on_the_themes_colours_meets_wcag_aa(name: str) -> None:
    failing = [
        f"{what}: {contrast(fg, bg):.2f}"
        for what, fg, bg in _pairs(PALETTES[name])
        if contrast(fg, bg) < AA
    ]
    assert failing == []
