"""Paint the map of the referential (its geometry comes from the core) with QPainter.

Text is wrapped with the real font's metrics inside the boxes the geometry gives, and
elided when a font is wider than the layout's estimate, so nothing spills out."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from referentiel_desktop.referential.map_figure import BaliseMark, MapFigure, ThemeFigure


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(max(1, round(size)))
    font.setBold(bold)
    return font


def _lines(text: str, font: QFont, width: float) -> list[str]:
    metrics = QFontMetricsF(font)
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if metrics.horizontalAdvance(candidate) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]


def _draw_lines(painter: QPainter, lines: list[str], font: QFont, x: float, y: float,
                width: float, align: Qt.AlignmentFlag, line_height: float) -> float:  # fmt: skip
    painter.setFont(font)
    for line in lines:
        painter.drawText(
            QRectF(x, y, width, line_height), int(align | Qt.AlignmentFlag.AlignVCenter), line
        )
        y += line_height
    return y


def paint_map(painter: QPainter, figure: MapFigure, hovered: str | None = None,
              focused: str | None = None) -> None:  # fmt: skip
    """Draw ``figure``; ``hovered`` and ``focused`` (node ids) are outlined."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    for theme in figure.themes:
        _paint_theme(painter, figure, theme, {hovered, focused} - {None})


def _paint_theme(
    painter: QPainter, figure: MapFigure, theme: ThemeFigure, marked: set[str | None]
) -> None:
    s, c = figure.style, theme.colours
    accent = QColor(c.accent)
    edge = QColor(accent)
    edge.setAlphaF(0.35)
    p = theme.panel
    painter.setPen(QPen(edge, 1))
    painter.setBrush(QColor(c.tint))
    painter.drawRoundedRect(QRectF(p.x, p.y, p.w, p.h), 10, 10)
    title_font = _font(s.theme_title, bold=True)
    painter.setPen(QColor(figure.palette.text))
    h = theme.heading
    left = Qt.AlignmentFlag.AlignLeft
    y = _draw_lines(painter, _lines(theme.title, title_font, h.w), title_font, h.x, h.y, h.w, left,
                    s.theme_title * s.line)  # fmt: skip
    if theme.keywords:
        painter.setPen(accent)
        font = _font(s.theme_keywords)
        _draw_lines(
            painter,
            [" · ".join(theme.keywords)],
            font,
            h.x,
            y + 2,
            h.w,
            left,
            s.theme_keywords * s.line,
        )
    spoke = QColor(accent)
    spoke.setAlphaF(0.6)
    painter.setPen(QPen(spoke, 2))
    for b in theme.balises:
        painter.drawLine(QPointF(theme.cx, theme.cy), QPointF(b.cx, b.cy))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(accent)
    painter.drawEllipse(QPointF(theme.cx, theme.cy), theme.r, theme.r)
    if theme.number:
        painter.setPen(QColor(c.on_accent))
        painter.setFont(_font(s.theme_title * 1.5, bold=True))
        hub = QRectF(theme.cx - theme.r, theme.cy - theme.r, 2 * theme.r, 2 * theme.r)
        painter.drawText(hub, int(Qt.AlignmentFlag.AlignCenter), theme.number)
    for b in theme.balises:
        _paint_balise(painter, figure, theme, b, b.id in marked)


def _paint_balise(
    painter: QPainter, figure: MapFigure, theme: ThemeFigure, b: BaliseMark, marked: bool
) -> None:
    s, c, palette = figure.style, theme.colours, figure.palette
    accent = QColor(c.accent)
    if marked:  # hovered or focused: the whole mark, disc and label, is one target
        halo = QColor(accent)
        halo.setAlphaF(0.14)
        painter.setPen(QPen(accent, 1.5))
        painter.setBrush(halo)
        box = QRectF(b.label.x - 5, b.label.y - 4, b.label.w + 10, b.label.h + 8)
        painter.drawRoundedRect(box, 6, 6)
    painter.setPen(
        QPen(QColor(palette.background), 2) if not marked else QPen(accent.darker(130), 3)
    )
    painter.setBrush(accent)
    painter.drawEllipse(QPointF(b.cx, b.cy), b.r, b.r)
    painter.setPen(QColor(c.on_accent))
    painter.setFont(_font(s.number, bold=True))
    disc = QRectF(b.cx - b.r, b.cy - b.r, 2 * b.r, 2 * b.r)
    painter.drawText(disc, int(Qt.AlignmentFlag.AlignCenter), b.number)
    align = Qt.AlignmentFlag.AlignLeft if b.align == "left" else Qt.AlignmentFlag.AlignRight
    x, y, w = b.label.x, b.label.y, b.label.w
    if b.keywords:
        painter.setPen(accent)
        font = _font(s.keyword, bold=True)
        y = _draw_lines(
            painter,
            _lines(" · ".join(b.keywords), font, w),
            font,
            x,
            y,
            w,
            align,
            s.keyword * s.line,
        )
    painter.setPen(QColor(palette.text))
    font = _font(s.title)
    y = _draw_lines(painter, _lines(b.title, font, w), font, x, y, w, align, s.title * s.line)
    if b.badge:
        font = _font(s.badge)
        width = QFontMetricsF(font).horizontalAdvance(b.badge) + 12
        left = x if b.align == "left" else x + w - width
        pill = QRectF(left, y + 3, width, s.badge * 1.6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(palette.badge))
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setPen(QColor(palette.text))
        painter.setFont(font)
        painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), b.badge)
