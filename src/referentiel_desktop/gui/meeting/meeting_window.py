"""The meeting mode's screen: one slide at a time, full screen, in type a room can read.

Sizes follow the screen's height (at 1080 px: titles of 64 px, text of 34 px), so the
last row of a council room reads what the first does. Keys are those of presentation
programs and presenter remotes: arrows, Page Up/Down, space and Return move on; Home and
End; B or the full stop blackens the screen; Esc leaves.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QWidget

from referentiel_desktop.gui.window.map_painter import paint_map
from referentiel_desktop.i18n import N_, translate
from referentiel_desktop.presentation import MAP, Slide
from referentiel_desktop.referential.map_figure import referential_map
from referentiel_desktop.referential.palette import FALLBACK, PALETTES
from referentiel_desktop.referential.snapshot import NodeView

TITLE_AT_1080 = 64.0
TEXT_AT_1080 = 34.0
NEXT_KEYS = {
    Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_PageDown, Qt.Key.Key_Space,
    Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_N,
}  # fmt: skip
PREVIOUS_KEYS = {
    Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace, Qt.Key.Key_P,
}  # fmt: skip
BLACK_KEYS = {Qt.Key.Key_B, Qt.Key.Key_Period}


def _font(pixels: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(max(1, round(pixels)))
    font.setBold(bold)
    return font


class MeetingScreen(QWidget):
    """The slides, shown one at a time; ``closed`` when the presenter leaves."""

    closed = Signal()
    moved = Signal(int)

    def __init__(
        self, slides: Sequence[Slide], nodes: Sequence[NodeView], langs: Sequence[str],
        palette: str, start: int = 0,
    ) -> None:  # fmt: skip
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("meeting-screen")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.slides = list(slides)
        self.nodes = list(nodes)
        self.langs = tuple(langs)
        self.colours = PALETTES.get(palette, PALETTES["light"])
        self.index = max(0, min(start, len(self.slides) - 1))
        self.black = False
        self._announce()

    # -- moving -------------------------------------------------------------------------
    @property
    def slide(self) -> Slide:
        return self.slides[self.index]

    def go(self, index: int) -> None:
        self.index = max(0, min(index, len(self.slides) - 1))
        self.black = False
        self._announce()
        self.update()
        self.moved.emit(self.index)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = Qt.Key(event.key())
        if key == Qt.Key.Key_Escape:
            self.close()
        elif key in NEXT_KEYS:
            self.go(self.index + 1)
        elif key in PREVIOUS_KEYS:
            self.go(self.index - 1)
        elif key == Qt.Key.Key_Home:
            self.go(0)
        elif key == Qt.Key.Key_End:
            self.go(len(self.slides) - 1)
        elif key in BLACK_KEYS:
            self.black = not self.black
            self.update()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        step = -1 if event.button() == Qt.MouseButton.RightButton else 1
        self.go(self.index + step)

    def closeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        self.closed.emit()

    def _announce(self) -> None:
        # A screen reader says the slide's title as the presenter moves on.
        self.setAccessibleName(" — ".join(self.slide.titles))
        if QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.NameChanged))

    # -- sizes --------------------------------------------------------------------------
    def scale(self) -> float:
        return max(self.height(), 1) / 1080.0

    def title_pixels(self) -> float:
        return TITLE_AT_1080 * self.scale()

    def text_pixels(self) -> float:
        return TEXT_AT_1080 * self.scale()

    # -- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        if self.black:
            painter.fillRect(self.rect(), QColor("#000000"))
            return
        painter.fillRect(self.rect(), QColor(self.colours.background))
        if self.slide.kind == MAP:
            self._paint_map(painter)
        else:
            self._paint_slide(painter)
        self._paint_footer(painter)

    def _paint_map(self, painter: QPainter) -> None:
        margin = 0.03 * self.width()
        title_h = self._paint_titles(painter, margin, margin, self.width() - 2 * margin)
        figure = referential_map(
            self.nodes, self.langs[0], width=1200.0, palette=self._palette_name()
        )
        room_w, room_h = self.width() - 2 * margin, self.height() - title_h - 3 * margin
        factor = min(room_w / figure.width, room_h / max(figure.height, 1))
        painter.save()
        painter.translate((self.width() - figure.width * factor) / 2, title_h + 1.5 * margin)
        painter.scale(factor, factor)
        paint_map(painter, figure)
        painter.restore()

    def _palette_name(self) -> str:
        return "dark" if self.colours is PALETTES["dark"] else "light"

    def _paint_titles(self, painter: QPainter, x: float, y: float, width: float) -> float:
        """The slide's titles from ``y``; returns where they end."""
        top = y
        for position, title in enumerate(self.slide.titles):
            pixels = self.title_pixels() * (1.0 if position == 0 else 0.6)
            painter.setFont(_font(pixels, bold=position == 0))
            colour = self.colours.text if position == 0 else self.colours.muted
            painter.setPen(QColor(colour))
            bounds = painter.boundingRect(
                QRectF(x, y, width, self.height()), int(Qt.TextFlag.TextWordWrap), title
            )
            painter.drawText(bounds, int(Qt.TextFlag.TextWordWrap), title)
            y = bounds.bottom() + 0.25 * pixels
        return y - top

    def _paint_slide(self, painter: QPainter) -> None:
        colours = self.colours.themes.get(self.slide.theme_id, FALLBACK)
        band = 0.02 * self.width()
        painter.fillRect(QRectF(0, 0, band, self.height()), QColor(colours.accent))
        x, width = band + 0.05 * self.width(), self.width() * 0.85
        y = 0.08 * self.height()
        if self.slide.heading:
            painter.setFont(_font(self.text_pixels() * 0.8, bold=True))
            painter.setPen(QColor(colours.accent))
            flags = int(Qt.TextFlag.TextWordWrap)
            bounds = painter.boundingRect(
                QRectF(x, y, width, self.height()), flags, self.slide.heading
            )
            painter.drawText(bounds, flags, self.slide.heading)
            y = bounds.bottom() + 0.4 * self.text_pixels()
        y += self._paint_titles(painter, x, y, width) + 0.3 * self.text_pixels()
        for keywords in self.slide.keywords:
            if not keywords:
                continue
            painter.setFont(_font(self.text_pixels() * 1.15, bold=True))
            painter.setPen(QColor(colours.accent))
            line = " · ".join(word.upper() for word in keywords)
            bounds = painter.boundingRect(
                QRectF(x, y, width, self.height()), int(Qt.TextFlag.TextWordWrap), line
            )
            painter.drawText(bounds, int(Qt.TextFlag.TextWordWrap), line)
            y = bounds.bottom() + 0.5 * self.text_pixels()
        painter.setFont(_font(self.text_pixels()))
        painter.setPen(QColor(self.colours.text))
        bottom = self.height() - 2.5 * self.text_pixels()
        bullet = "•  " if self.slide.kind != "balise" else ""
        for point in self.slide.points:
            if y >= bottom:
                break
            text = f"{bullet}{point}"
            room = QRectF(x, y, width, bottom - y)
            bounds = painter.boundingRect(room, int(Qt.TextFlag.TextWordWrap), text)
            painter.drawText(room.intersected(bounds), int(Qt.TextFlag.TextWordWrap), text)
            y = bounds.bottom() + 0.4 * self.text_pixels()

    def _paint_footer(self, painter: QPainter) -> None:
        painter.setFont(_font(self.text_pixels() * 0.6))
        painter.setPen(QColor(self.colours.muted))
        where = translate(N_("{number} of {count}"), self.langs[0]).format(
            number=self.index + 1, count=len(self.slides)
        )
        area = QRectF(
            0, self.height() - 1.6 * self.text_pixels(), self.width() * 0.97, self.text_pixels()
        )
        painter.drawText(
            area, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), where
        )
