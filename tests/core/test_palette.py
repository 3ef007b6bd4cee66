"""One palette for the themes: the map the window paints, the map on a booklet's cover
and the booklet's own headings and bands all use ``referential/palette.py``'s colours,
read back from what they draw (the PNG's pixels, the PDF's fill colours)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from referentiel_desktop.referential.map_figure import referential_map
from referentiel_desktop.referential.palette import LIGHT, PALETTES, THEMES
from referentiel_desktop.referential.snapshot import read_nodes
from tests.core.pdf_reading import page_fill_colours, saturated
from tests.core.test_booklet import flat, pdf_text

FIRST_BALISE = {"engagement": "engagement.b1", "integration": "integration.b1",
                "cooperation": "cooperation.b1", "value": "value.b1"}  # fmt: skip


TITLES = {"engagement": "L’engagement des acteurs", "integration": "Agir de façon",
          "cooperation": "Travailler en coopération", "value": "Évaluer la valeur"}  # fmt: skip


@pytest.mark.parametrize("theme", THEMES)
def test_a_theme_s_pages_in_a_booklet_use_the_window_s_colour(
    cli: Any, tmp_path: Path, theme: str
) -> None:
    out = tmp_path / f"{theme}.pdf"
    result = cli("booklet", "--select", theme, "--lang", "fr", "--out", str(out))
    assert result.code == 0, result.err
    pages = page_fill_colours(out)
    accent = LIGHT.themes[theme].accent
    body = set().union(*pages[2:])  # after the cover and the contents
    assert {c for c in body if saturated(c)} == {accent}
    # The cover's band and map carry the four themes' colours, as the window does.
    cover = pages[0]
    assert {LIGHT.themes[t].accent for t in THEMES} <= cover


def test_the_themes_band_in_a_booklet_is_the_theme_s_colour(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "all.pdf"
    result = cli("booklet", *[a for t in THEMES for a in ("--select", FIRST_BALISE[t])],
                 "--lang", "fr", "--out", str(out))  # fmt: skip
    assert result.code == 0, result.err
    pages = page_fill_colours(out)
    for theme in THEMES:
        # The page where the theme's banded heading stands holds its colour.
        title = TITLES[theme]
        on = [n for n in range(3, len(pages) + 1) if title in flat(pdf_text(out, n))]
        assert on, theme
        assert LIGHT.themes[theme].accent in pages[on[0] - 1], theme


@pytest.mark.parametrize("palette", sorted(PALETTES))
def test_the_window_s_map_paints_each_hub_in_the_palette_s_colour(
    cli: Any, workspace: Any, tmp_path: Path, palette: str
) -> None:
    from PySide6.QtGui import QImage

    out = tmp_path / "map.png"
    assert cli("map", "--out", str(out), "--palette", palette, "--width", "1200",
               "--lang", "fr").code == 0  # fmt: skip
    image = QImage(str(out))
    figure = referential_map(read_nodes(workspace.db_path) or [], "fr", width=1200.0,
                             palette=palette)  # fmt: skip
    scale = image.width() / figure.width
    for theme in figure.themes:
        # Inside the hub, off its number.
        pixel = image.pixelColor(round((theme.cx - theme.r * 0.7) * scale), round(theme.cy * scale))
        assert pixel.name() == PALETTES[palette].themes[theme.id].accent, theme.id
