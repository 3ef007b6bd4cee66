"""The map of the referential as geometry: the four themes, each drawn as the posters
(seed 004) draw it, a figure of its balises around it with their key words.

Plain data, no drawing library: the window paints it with Qt (``gui/window/map_view.py``), the
command line writes it as SVG (``map_svg.py``), a booklet can draw it with ReportLab.
Coordinates are in points (pixels on screen), origin at the top left. Text that must wrap
comes with the box it must fit in; :func:`wrap` gives lines for painters that do not
wrap themselves, from an average character width that errs on the wide side.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple, Protocol

from referentiel_desktop.i18n import N_, translate
from referentiel_desktop.referential.palette import FALLBACK, LIGHT, PALETTES, Colours, Palette


class MapNode(Protocol):
    """What the map needs of a node (``snapshot.NodeView`` has it)."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def parent_id(self) -> str | None: ...
    @property
    def number(self) -> str: ...
    def title(self, lang: str) -> str: ...
    def keywords(self, lang: str) -> tuple[str, ...] | list[str]: ...


class Rect(NamedTuple):
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.right and self.y <= y <= self.bottom


class Style(NamedTuple):
    """Font sizes (points) and the sizes the layout is built on."""

    theme_title: float = 15.0
    theme_keywords: float = 12.0
    keyword: float = 12.0
    title: float = 11.5
    badge: float = 10.0
    number: float = 13.0
    line: float = 1.3  # line height, in font sizes
    disc: float = 15.0  # a balise's radius
    hub: float = 30.0  # a theme's radius
    margin: float = 18.0
    gap: float = 10.0


class BaliseMark(NamedTuple):
    id: str
    number: str
    title: str
    keywords: tuple[str, ...]
    cx: float
    cy: float
    r: float
    label: Rect  # the key words, the title and the badge go in here
    align: str  # "left" or "right": which side of the label faces the disc
    notes: int = 0
    cases: int = 0
    badge: str = ""  # « 2 notes · 1 case », empty when there are none

    def hit(self, x: float, y: float) -> bool:
        inside_disc = math.hypot(x - self.cx, y - self.cy) <= self.r + 4
        return inside_disc or self.label.contains(x, y)


class ThemeFigure(NamedTuple):
    id: str
    number: str
    title: str
    keywords: tuple[str, ...]
    panel: Rect
    heading: Rect  # the theme's title (wrapped) and key words
    cx: float
    cy: float
    r: float
    colours: Colours
    balises: tuple[BaliseMark, ...]


class MapFigure(NamedTuple):
    width: float
    height: float
    lang: str
    palette: Palette
    style: Style
    themes: tuple[ThemeFigure, ...] = ()

    def balise_at(self, x: float, y: float) -> str | None:
        for theme in self.themes:
            for balise in theme.balises:
                if balise.hit(x, y):
                    return balise.id
        return None

    def theme_at(self, x: float, y: float) -> str | None:
        for theme in self.themes:
            inside_hub = math.hypot(x - theme.cx, y - theme.cy) <= theme.r
            if inside_hub or theme.heading.contains(x, y):
                return theme.id
        return None


def wrap(text: str, width: float, size: float) -> list[str]:
    """Lines of ``text`` that fit ``width`` at font ``size``, estimated (0.6 em a
    character, 0.78 a capital: wide enough for DejaVu Sans and the usual UI fonts, bold
    included, so key words in capitals stay inside their panel)."""
    limit = max(width, 8 * 0.6 * size) / size
    lines: list[str] = []
    current = ""
    current_ems = 0.0
    for word in text.split(" "):
        # The line's width kept as it grows: the map wraps some 200 texts at each paint.
        word_ems = _ems(word)
        candidate_ems = current_ems + 0.6 + word_ems if current else word_ems
        if candidate_ems <= limit + 1e-9 or not current:
            current = f"{current} {word}" if current else word
            current_ems = candidate_ems
        else:
            lines.append(current)
            current, current_ems = word, word_ems
    if current:
        lines.append(current)
    return lines


def _ems(text: str) -> float:
    upper = sum(1 for c in text if c.isupper())
    return 0.78 * upper + 0.6 * (len(text) - upper)


def badge_text(notes: int, cases: int, lang: str) -> str:
    parts = []
    if notes:
        parts.append(_count(N_("{n} note"), N_("{n} notes"), notes, lang))
    if cases:
        parts.append(_count(N_("{n} case"), N_("{n} cases"), cases, lang))
    return " · ".join(parts)


def _count(singular: str, plural: str, n: int, lang: str) -> str:
    # French takes the singular for 0 and 1 (n > 1 is plural), English for 1 only.
    many = n > 1 if lang == "fr" else n != 1
    return translate(plural if many else singular, lang).format(n=n)


def _label_height(keywords: Sequence[str], title: str, badge: str, width: float, s: Style) -> float:
    height = len(wrap(title, width, s.title)) * s.title * s.line
    if keywords:
        height += len(wrap(" · ".join(keywords), width, s.keyword)) * s.keyword * s.line
    if badge:
        height += s.badge * s.line + 6
    return height


def referential_map(
    nodes: Sequence[MapNode],
    lang: str,
    counts: Mapping[str, tuple[int, int]] | None = None,
    *,
    width: float = 1200.0,
    palette: str = "light",
    style: Style | None = None,
) -> MapFigure:
    """Lay out the themes and their balises for ``width``: two columns of themes when
    there is room, one otherwise; the height follows from the text."""
    s = style or Style()
    counts = counts or {}
    colours = PALETTES.get(palette, LIGHT)
    themes = [n for n in nodes if n.kind == "theme"]
    balises = {
        t.id: [n for n in nodes if n.kind == "balise" and n.parent_id == t.id] for t in themes
    }
    columns = 2 if width >= 860 else 1
    panel_w = (width - s.margin * (columns + 1)) / columns
    laid: list[ThemeFigure] = []
    row_top = s.margin
    for row_start in range(0, len(themes), columns):
        row = themes[row_start : row_start + columns]
        drafts = [
            _theme(t, str(row_start + i + 1), balises[t.id], lang, counts, colours, s, panel_w)
            for i, t in enumerate(row)
        ]
        row_h = max(d[0] for d in drafts)
        for col, (_h, build) in enumerate(drafts):
            x = s.margin + col * (panel_w + s.margin)
            laid.append(build(x, row_top, row_h))
        row_top += row_h + s.margin
    return MapFigure(width, row_top, lang, colours, s, tuple(laid))


def _theme(
    theme: MapNode,
    number: str,
    balises: list[MapNode],
    lang: str,
    counts: Mapping[str, tuple[int, int]],
    palette: Palette,
    s: Style,
    panel_w: float,
) -> tuple[float, Callable[[float, float, float], ThemeFigure]]:
    """The panel's height, and a function placing it at (x, y) with a given height.

    The hub carries ``number``, the theme's place among the four: the source numbers
    three of them by their chapter (4, 5, 6) and leaves Coopération without one."""
    title = theme.title(lang)
    heading_w = panel_w - 2 * s.gap
    heading_h = len(wrap(title, heading_w, s.theme_title)) * s.theme_title * s.line
    theme_keywords = tuple(theme.keywords(lang))
    if theme_keywords:
        heading_h += s.theme_keywords * s.line + 4
    # A narrow panel (one column of themes on a small window) keeps its room for the text.
    compact = panel_w < 560
    hub, disc = (s.hub * 0.7, s.disc * 0.85) if compact else (s.hub, s.disc)
    ring_dx = hub + disc + (10 if compact else 26)
    label_w = panel_w / 2 - ring_dx * 1.25 - disc - s.gap * 2  # the disc at its farthest
    right = balises[: (len(balises) + 1) // 2]
    left = list(reversed(balises[len(right) :]))  # clockwise, as around a dial
    texts: dict[str, tuple[tuple[str, ...], str, str]] = {}
    for b in balises:
        notes, cases = counts.get(b.id, (0, 0))
        texts[b.id] = (tuple(b.keywords(lang)), b.title(lang), badge_text(notes, cases, lang))

    def side_height(side: list[MapNode]) -> float:
        return sum(_label_height(*texts[b.id], label_w, s) + s.gap * 1.6 for b in side)

    body_h = max(side_height(right), side_height(left), 2 * hub + 40)
    height = s.gap + heading_h + s.gap + body_h + s.gap
    colours = palette.themes.get(theme.id, FALLBACK)

    def build(x: float, y: float, h: float) -> ThemeFigure:
        panel = Rect(x, y, panel_w, h)
        heading = Rect(x + s.gap, y + s.gap, heading_w, heading_h)
        body_top = heading.bottom + s.gap
        body = Rect(x, body_top, panel_w, panel.bottom - s.gap - body_top)
        cx, cy = x + panel_w / 2, body.y + body.h / 2
        marks: list[BaliseMark] = []
        for side, sign in ((right, 1), (left, -1)):
            total = side_height(side)
            top = body.y + (body.h - total) / 2
            for b in side:
                keywords, btitle, badge = texts[b.id]
                box_h = _label_height(keywords, btitle, badge, label_w, s) + s.gap * 1.6
                mid = top + box_h / 2
                # Discs sit on an ellipse round the hub: nearer it at the top and bottom.
                dy = (mid - cy) / max(body.h / 2, 1)
                bx = cx + sign * ring_dx * math.sqrt(max(0.45, 1 - dy * dy)) * 1.25
                label_x = bx + disc + s.gap if sign > 0 else x + s.gap
                label_right = x + panel_w - s.gap if sign > 0 else bx - disc - s.gap
                label = Rect(label_x, top + s.gap * 0.8, label_right - label_x, box_h - s.gap * 1.6)
                notes, cases = counts.get(b.id, (0, 0))
                marks.append(
                    BaliseMark(
                        id=b.id, number=b.number, title=btitle, keywords=keywords,
                        cx=bx, cy=mid, r=disc, label=label,
                        align="left" if sign > 0 else "right",
                        notes=notes, cases=cases, badge=badge,
                    )
                )  # fmt: skip
                top += box_h
        marks.sort(key=lambda m: int(m.number) if m.number.isdigit() else 0)
        return ThemeFigure(
            id=theme.id, number=number, title=title, keywords=theme_keywords,
            panel=panel, heading=heading, cx=cx, cy=cy, r=hub, colours=colours,
            balises=tuple(marks),
        )  # fmt: skip

    return height, build
