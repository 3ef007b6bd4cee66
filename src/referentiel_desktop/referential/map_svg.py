"""The map of the referential as an SVG document, drawn from its core geometry."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from referentiel_desktop.referential.map_figure import BaliseMark, MapFigure, ThemeFigure, wrap

FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"


def _text(x: float, y: float, text: str, size: float, fill: str, *, anchor: str = "start",
          weight: str = "normal") -> str:  # fmt: skip
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:.1f}" fill="{fill}" '
        f'text-anchor="{anchor}" font-weight="{weight}">{escape(text)}</text>'
    )


def _theme(theme: ThemeFigure, figure: MapFigure) -> list[str]:
    s, palette, c = figure.style, figure.palette, theme.colours
    p = theme.panel
    out = [
        f"<g id={quoteattr('theme-' + theme.id)}>",
        f'<rect x="{p.x:.1f}" y="{p.y:.1f}" width="{p.w:.1f}" height="{p.h:.1f}" rx="10" '
        f'fill="{c.tint}" stroke="{c.accent}" stroke-opacity="0.35"/>',
    ]
    y = theme.heading.y
    for line in wrap(theme.title, theme.heading.w, s.theme_title):
        y += s.theme_title * s.line
        out.append(_text(theme.heading.x, y - 4, line, s.theme_title, palette.text, weight="bold"))
    if theme.keywords:
        y += s.theme_keywords * s.line
        out.append(
            _text(theme.heading.x, y, " · ".join(theme.keywords), s.theme_keywords, c.accent)
        )
    for balise in theme.balises:
        out.append(
            f'<line x1="{theme.cx:.1f}" y1="{theme.cy:.1f}" x2="{balise.cx:.1f}" '
            f'y2="{balise.cy:.1f}" stroke="{c.accent}" stroke-width="2" stroke-opacity="0.6"/>'
        )
    out.append(
        f'<circle cx="{theme.cx:.1f}" cy="{theme.cy:.1f}" r="{theme.r:.1f}" fill="{c.accent}"/>'
    )
    if theme.number:
        out.append(
            _text(theme.cx, theme.cy + s.theme_title * 0.55, theme.number, s.theme_title * 1.5,
                  c.on_accent, anchor="middle", weight="bold")
        )  # fmt: skip
    out.extend(_balise(b, theme, figure) for b in theme.balises)
    out.append("</g>")
    return out


def _balise(b: BaliseMark, theme: ThemeFigure, figure: MapFigure) -> str:
    s, palette, c = figure.style, figure.palette, theme.colours
    anchor = "start" if b.align == "left" else "end"
    x = b.label.x if b.align == "left" else b.label.right
    parts = [
        f'<g id={quoteattr(b.id)}><title>{escape(b.title)}</title>',
        f'<circle cx="{b.cx:.1f}" cy="{b.cy:.1f}" r="{b.r:.1f}" fill="{c.accent}"/>',
        _text(b.cx, b.cy + s.number * 0.36, b.number, s.number, c.on_accent, anchor="middle",
              weight="bold"),
    ]  # fmt: skip
    y = b.label.y
    if b.keywords:
        for line in wrap(" · ".join(b.keywords), b.label.w, s.keyword):
            y += s.keyword * s.line
            parts.append(_text(x, y - 3, line, s.keyword, c.accent, anchor=anchor, weight="bold"))
    for line in wrap(b.title, b.label.w, s.title):
        y += s.title * s.line
        parts.append(_text(x, y - 3, line, s.title, palette.text, anchor=anchor))
    if b.badge:
        width = len(b.badge) * s.badge * 0.6 + 10
        left = x if b.align == "left" else x - width
        parts.append(
            f'<rect x="{left:.1f}" y="{y + 3:.1f}" width="{width:.1f}" '
            f'height="{s.badge * 1.5:.1f}" rx="{s.badge * 0.75:.1f}" fill="{palette.badge}"/>'
        )
        parts.append(_text(left + 5, y + 3 + s.badge * 1.1, b.badge, s.badge, palette.text))
    parts.append("</g>")
    return "".join(parts)


def map_svg(figure: MapFigure) -> str:
    """The whole figure as a standalone SVG document (UTF-8 text)."""
    body: list[str] = []
    for theme in figure.themes:
        body.extend(_theme(theme, figure))
    w, h = figure.width, figure.height
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0f}" height="{h:.0f}" '
            f'viewBox="0 0 {w:.1f} {h:.1f}" font-family="{FONT}" xml:lang="{figure.lang}">',
            f'<rect width="100%" height="100%" fill="{figure.palette.background}"/>',
            *body,
            "</svg>",
            "",
        ]
    )
