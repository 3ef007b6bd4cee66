"""The home page: the map of the referential, painted from the core's geometry.

Every balise (its disc and its label) and every theme opens its page with one click, or
from the keyboard (arrows or Tab move between balises, Enter opens). The layout follows
the width of the window and the palette (light or dark); the team's notes and cases
counts are re-read from SQLite whenever the map is shown or the team's data changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QHelpEvent, QPainter, QPalette
from PySide6.QtWidgets import QFrame, QScrollArea, QToolTip, QWidget

from referentiel_desktop.annotations.counts import read_counts
from referentiel_desktop.gui.window.map_painter import paint_map
from referentiel_desktop.referential.map_figure import MapFigure, referential_map
from referentiel_desktop.referential.snapshot import NodeView

if TYPE_CHECKING:  # built by PySide6 when such an event first comes, not at import
    from PySide6.QtGui import (
        QFocusEvent,
        QKeyEvent,
        QMouseEvent,
        QPaintEvent,
        QResizeEvent,
        QShowEvent,
    )


def palette_name(palette: QPalette) -> str:
    """ "dark" when the window's background is dark (a dark system theme or palette)."""
    return "dark" if palette.color(QPalette.ColorRole.Window).lightness() < 128 else "light"


MIN_WIDTH = 360  # below it the page scrolls sideways rather than crushing the labels


class MapCanvas(QWidget):
    """Paints the figure at the width it is given; its height follows from the text."""

    open_requested = Signal(str)

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.setObjectName("referential-map")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumWidth(MIN_WIDTH)
        self._db_path = db_path
        self._nodes: Sequence[NodeView] = ()
        self._lang = "fr"
        self._counts: dict[str, tuple[int, int]] = {}
        self._hovered: str | None = None
        self._focused = 0
        self.figure: MapFigure = referential_map((), self._lang)

    # -- content ----------------------------------------------------------------------------
    def set_nodes(self, nodes: Sequence[NodeView], lang: str) -> None:
        self._nodes, self._lang = nodes, lang
        self.relayout()

    def refresh_counts(self) -> None:
        counts = {k: (v.notes, v.cases) for k, v in read_counts(self._db_path).items()}
        if counts != self._counts:
            self._counts = counts
            self.relayout()

    def relayout(self, width: int | None = None) -> None:
        self.figure = referential_map(
            self._nodes,
            self._lang,
            self._counts,
            width=float(max(MIN_WIDTH, width or self.width())),
            palette=palette_name(self.palette()),
        )
        self.setMinimumHeight(round(self.figure.height))
        self.update()

    def balise_ids(self) -> list[str]:
        return [b.id for theme in self.figure.themes for b in theme.balises]

    def counts(self, node_id: str) -> tuple[int, int]:
        return self._counts.get(node_id, (0, 0))

    # -- painting and events ------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        ids = self.balise_ids()
        focused = ids[self._focused] if self.hasFocus() and ids else None
        paint_map(painter, self.figure, self._hovered, focused)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        if event.size().width() != event.oldSize().width():
            self.relayout(event.size().width())
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.PaletteChange:
            self.relayout()
        super().changeEvent(event)

    def _target(self, point: QPoint) -> str | None:
        x, y = float(point.x()), float(point.y())
        return self.figure.balise_at(x, y) or self.figure.theme_at(x, y)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        target = self._target(event.position().toPoint())
        if target != self._hovered:
            self._hovered = target
            shape = Qt.CursorShape.PointingHandCursor if target else Qt.CursorShape.ArrowCursor
            self.setCursor(shape)
            self.update()

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802
        self._hovered = None
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        target = self._target(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and target:
            self.open_requested.emit(target)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            target = self._target(event.pos())
            tip = self._tooltip(target) if target else ""
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def _tooltip(self, node_id: str) -> str:
        for theme in self.figure.themes:
            if theme.id == node_id:
                return f"<b>{escape(theme.title)}</b>"
            for b in theme.balises:
                if b.id == node_id:
                    extra = f"<br>{escape(b.badge)}" if b.badge else ""
                    return f"<b>{escape(b.number)}.</b> {escape(b.title)}{extra}"
        return ""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        ids = self.balise_ids()
        key = event.key()
        if ids and key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Up):
            step = 1 if key in (Qt.Key.Key_Right, Qt.Key.Key_Down) else -1
            self._focused = (self._focused + step) % len(ids)
            self.update()
            return
        if ids and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.open_requested.emit(ids[self._focused])
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.update()
        super().focusOutEvent(event)


class MapPage(QScrollArea):
    """The canvas in a vertical scroll: the map is as wide as the window, as tall as it needs."""

    def __init__(self, db_path: Path, open_node: Callable[[str], object]) -> None:
        super().__init__()
        self.setObjectName("home-map")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.canvas = MapCanvas(db_path)
        self.canvas.open_requested.connect(open_node)
        self.setWidget(self.canvas)

    def set_nodes(self, nodes: Sequence[NodeView], lang: str) -> None:
        self.canvas.set_nodes(nodes, lang)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        self.canvas.refresh_counts()
        super().showEvent(event)
