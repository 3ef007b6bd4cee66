"""The map of the referential for a booklet's cover: the map's own geometry
(:func:`referential_map`) drawn with ReportLab, the balises the booklet holds marked
(full colour, ringed) and the others faded, so a reader sees what the meeting is about.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Rect, String
from reportlab.lib.colors import Color, HexColor

from referentiel_desktop.booklet.styles import FONT, FONT_BOLD
from referentiel_desktop.referential.map_figure import (
    BaliseMark,
    MapFigure,
    MapNode,
    ThemeFigure,
    referential_map,
    wrap,
)

LAYOUT_WIDTH = 900.0
"""The width the map is laid out at (two columns of themes) before it is scaled down to
the page: wide enough that labels wrap as on screen, narrow enough to stay legible."""
FADE = 0.75  # how far an unselected balise's colours go towards white


def _faded(hex_colour: str, amount: float = FADE) -> Color:
    c = HexColor(hex_colour)
    return Color(c.red + (1 - c.red) * amount, c.green + (1 - c.green) * amount,
                 c.blue + (1 - c.blue) * amount)  # fmt: skip


def _text(x: float, y: float, text: str, size: float, colour: Color, *, anchor: str = "start",
          bold: bool = False) -> String:  # fmt: skip
    return String(x, y, text, fontName=FONT_BOLD if bold else FONT, fontSize=size,
                  fillColor=colour, textAnchor=anchor)  # fmt: skip


def _theme(theme: ThemeFigure, figure: MapFigure, marked: Collection[str]) -> Group:
    s, c, height = figure.style, theme.colours, figure.height
    accent, text = HexColor(c.accent), HexColor(figure.palette.text)
    p = theme.panel
    group = Group(Rect(p.x, height - p.bottom, p.w, p.h, rx=10, ry=10, fillColor=HexColor(c.tint),
                       strokeColor=_faded(c.accent, 0.6), strokeWidth=1))  # fmt: skip
    y = theme.heading.y
    for line in wrap(theme.title, theme.heading.w, s.theme_title):
        y += s.theme_title * s.line
        group.add(_text(theme.heading.x, height - y + 4, line, s.theme_title, text, bold=True))
    if theme.keywords:
        y += s.theme_keywords * s.line
        words = " · ".join(theme.keywords)
        group.add(_text(theme.heading.x, height - y, words, s.theme_keywords, accent))
    for b in theme.balises:
        colour = accent if b.id in marked else _faded(c.accent)
        group.add(Line(theme.cx, height - theme.cy, b.cx, height - b.cy, strokeColor=colour,
                       strokeWidth=2))  # fmt: skip
    group.add(Circle(theme.cx, height - theme.cy, theme.r, fillColor=accent, strokeColor=None))
    if theme.number:
        size, on_accent = s.theme_title * 1.5, HexColor(c.on_accent)
        baseline = height - theme.cy - s.theme_title * 0.55
        group.add(_text(theme.cx, baseline, theme.number, size, on_accent, anchor="middle",
                        bold=True))  # fmt: skip
    for b in theme.balises:
        group.add(_balise(b, theme, figure, b.id in marked))
    return group


def _balise(b: BaliseMark, theme: ThemeFigure, figure: MapFigure, marked: bool) -> Group:
    s, c, height = figure.style, theme.colours, figure.height
    accent = HexColor(c.accent) if marked else _faded(c.accent)
    text = HexColor(figure.palette.text) if marked else _faded(figure.palette.muted, 0.45)
    group = Group()
    if marked:  # a ring round the disc: the balise is in the booklet
        group.add(Circle(b.cx, height - b.cy, b.r + 4, fillColor=None, strokeColor=accent,
                         strokeWidth=2))  # fmt: skip
    group.add(Circle(b.cx, height - b.cy, b.r, fillColor=accent, strokeColor=None))
    group.add(_text(b.cx, height - b.cy - s.number * 0.36, b.number, s.number,
                    HexColor(c.on_accent), anchor="middle", bold=True))  # fmt: skip
    anchor = "start" if b.align == "left" else "end"
    x = b.label.x if b.align == "left" else b.label.right
    y = b.label.y
    if b.keywords:
        for line in wrap(" · ".join(b.keywords), b.label.w, s.keyword):
            y += s.keyword * s.line
            group.add(_text(x, height - y + 3, line, s.keyword, accent, anchor=anchor, bold=True))
    for line in wrap(b.title, b.label.w, s.title):
        y += s.title * s.line
        group.add(_text(x, height - y + 3, line, s.title, text, anchor=anchor, bold=marked))
    return group


def map_drawing(nodes: Sequence[MapNode], lang: str, marked: Collection[str]) -> Drawing:
    """The whole map at :data:`LAYOUT_WIDTH` points wide, in ``lang``, ``marked`` balises
    standing out; the booklet scales it to the room it has."""
    figure = referential_map(nodes, lang, width=LAYOUT_WIDTH)
    drawing = Drawing(figure.width, figure.height)
    for theme in figure.themes:
        drawing.add(_theme(theme, figure, marked))
    return drawing
