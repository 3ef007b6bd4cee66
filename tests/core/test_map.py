"""The map of the referential: its geometry (a plain core API), and ``map --out``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from referentiel_desktop.referential.map_figure import MapFigure, referential_map, wrap
from referentiel_desktop.referential.map_svg import map_svg
from referentiel_desktop.referential.snapshot import read_nodes

SVG = "{http://www.w3.org/2000/svg}"


def _figure(workspace: Any, lang: str = "fr", **kwargs: Any) -> MapFigure:
    nodes = read_nodes(workspace.db_path) or []
    return referential_map(nodes, lang, **kwargs)


def _overlap(a: Any, b: Any) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def test_geometry_holds_every_theme_and_balise_inside_its_panel(workspace: Any) -> None:
    for width in (1200.0, 700.0, 2000.0):
        figure = _figure(workspace, width=width)
        assert [len(t.balises) for t in figure.themes] == [6, 5, 6, 6]
        for theme in figure.themes:
            panel = theme.panel
            assert panel.x >= 0 and panel.right <= figure.width and panel.bottom <= figure.height
            labels = [b.label for b in theme.balises]
            for balise in theme.balises:
                assert panel.contains(balise.cx, balise.cy)
                assert panel.x <= balise.label.x and balise.label.right <= panel.right
                assert panel.y <= balise.label.y and balise.label.bottom <= panel.bottom
                assert balise.label.w > 80
            for i, a in enumerate(labels):
                for b in labels[i + 1 :]:
                    assert not _overlap(a, b), (theme.id, a, b)
        for a in figure.themes:
            for b in figure.themes:
                assert a is b or not _overlap(a.panel, b.panel)


def test_geometry_gives_key_words_counts_and_hits(workspace: Any) -> None:
    figure = _figure(workspace, counts={"engagement.b3": (2, 1), "value.b1": (1, 0)})
    marks = {b.id: b for t in figure.themes for b in t.balises}
    assert marks["engagement.b3"].keywords == ("CONFIANCE",)
    assert marks["engagement.b3"].badge == "2 notes · 1 cas"
    assert marks["value.b1"].badge == "1 note"
    assert marks["engagement.b1"].badge == ""
    b5 = marks["cooperation.b5"]
    assert figure.balise_at(b5.cx, b5.cy) == "cooperation.b5"
    assert figure.balise_at(b5.label.x + 2, b5.label.y + 2) == "cooperation.b5"
    assert figure.balise_at(1, 1) is None
    theme = figure.themes[0]
    assert figure.theme_at(theme.cx, theme.cy) == "engagement"
    english = _figure(workspace, "en", counts={"engagement.b3": (1, 2)})
    marks = {b.id: b for t in english.themes for b in t.balises}
    assert marks["engagement.b3"].badge == "1 note · 2 cases"
    assert marks["engagement.b3"].title == "Creating the conditions for trust"
    dark = _figure(workspace, palette="dark")
    assert dark.palette.background != figure.palette.background
    assert dark.themes[0].colours.accent != figure.themes[0].colours.accent


def test_wrap_keeps_every_word() -> None:
    text = "Veiller à ce que l’engagement fasse ressource pour la personne"
    lines = wrap(text, 120, 11.5)
    assert len(lines) > 1 and " ".join(lines) == text


def test_map_command_writes_svg_with_counts(cli: Any, tmp_path: Path) -> None:
    assert cli("territory", "add", "Le Mené").code == 0
    assert cli("note", "add", "--target", "engagement.b3", "--text", "<b>x</b> & « y »").code == 0
    out = tmp_path / "carte.svg"
    result = cli("map", "--out", str(out), "--lang", "fr")
    assert result.code == 0, result.err
    root = ET.parse(out).getroot()  # well-formed XML, markup in a note changes nothing
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g")}
    assert {f"engagement.b{i}" for i in range(1, 7)} <= set(groups)
    texts = " ".join(t.text or "" for t in groups["engagement.b3"].iter(f"{SVG}text"))
    assert "CONFIANCE" in texts and "1 note" in texts
    english = tmp_path / "map.svg"
    assert cli("map", "--out", str(english), "--lang", "en", "--no-counts").code == 0
    assert "Creating the conditions" in english.read_text(encoding="utf-8")
    assert "1 note" not in english.read_text(encoding="utf-8")


def test_map_command_writes_png(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    result = cli("map", "--out", str(out), "--palette", "dark")
    assert result.code == 0, result.err
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000


def test_map_command_refuses_bad_input_and_changes_nothing(cli: Any, tmp_path: Path) -> None:
    existing = tmp_path / "map.svg"
    existing.write_text("keep", encoding="utf-8")
    bad = cli("map", "--out", str(tmp_path / "map.jpg"))
    assert bad.code == 1 and "svg" in bad.err and len(bad.err.strip().splitlines()) == 1
    assert not (tmp_path / "map.jpg").exists()
    narrow = cli("map", "--out", str(existing), "--width", "10")
    assert narrow.code == 1 and existing.read_text(encoding="utf-8") == "keep"
    missing = cli("map", "--out", str(tmp_path / "nowhere" / "map.svg"))
    assert missing.code == 1 and "does not exist" in missing.err


def test_svg_escapes_and_is_standalone(workspace: Any) -> None:
    svg = map_svg(_figure(workspace, "en"))
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == f"{SVG}svg" and root.get("width") == "1200"


def test_every_hub_carries_its_number_and_key_words_share_one_case(workspace: Any) -> None:
    for lang in ("fr", "en"):
        figure = _figure(workspace, lang)
        assert [t.number for t in figure.themes] == ["1", "2", "3", "4"]
        for theme in figure.themes:
            for balise in theme.balises:
                # The posters print a balise's key words in capitals, every theme alike.
                assert all(word == word.upper() for word in balise.keywords), balise.id
    svg = map_svg(_figure(workspace, "fr"))
    hubs = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text") if t.text in "1234"]
    assert {"1", "2", "3", "4"} <= set(hubs)


def test_key_words_in_capitals_fit_their_label_in_the_booklet_s_font(workspace: Any) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from referentiel_desktop.booklet.map_drawing import LAYOUT_WIDTH
    from referentiel_desktop.booklet.styles import FONT_BOLD, register_fonts

    register_fonts()
    for lang in ("fr", "en"):
        figure = _figure(workspace, lang, width=LAYOUT_WIDTH)
        size = figure.style.keyword
        for theme in figure.themes:
            for balise in theme.balises:
                for line in wrap(" · ".join(balise.keywords), balise.label.w, size):
                    if " " in line:  # a lone word longer than the label cannot wrap
                        assert stringWidth(line, FONT_BOLD, size) <= balise.label.w, line
