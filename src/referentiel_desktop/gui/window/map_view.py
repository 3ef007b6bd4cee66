"""The home page: the map of the referential, painted from the core's geometry.

Every balise (its disc and its label) and every theme opens its page with one click, or
from the keyboard (arrows or Tab move between balises, Enter opens). The layout follows
the width of the window and the palette (light or dark); the team's notes and cases
counts are re-read from SQLite whenever the map is shown or the team's data changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QAbstractButton, QFrame, QScrollArea, QWidget

from referentiel_desktop.annotations.counts import read_counts
from referentiel_desktop.gui.common.plain import escape
from referentiel_desktop.gui.window.map_painter import paint_map
from referentiel_desktop.i18n import N_, translate
from referentiel_desktop.referential.map_figure import (
    BaliseMark,
    MapFigure,
    ThemeFigure,
    referential_map,
)
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


def _all_balises(figure: MapFigure) -> list[BaliseMark]:
    return [b for theme in figure.themes for b in theme.balises]


class MapCanvas(QWidget):
    """Paints the figure at the width it is given; its height follows from the text."""

    open_requested = Signal(str)

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.setObjectName("referential-map")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setMinimumWidth(MIN_WIDTH)
        self._db_path = db_path
        self._nodes: Sequence[NodeView] = ()
        self._lang = "fr"
        self._counts: dict[str, tuple[int, int]] = {}
        self._hovered: str | None = None
        self._focused = 0
        self._marks: dict[str, MapMark] = {}
        self._figure: MapFigure = referential_map((), self._lang)
        # Laid out when first shown, at the width it is shown at: not once at Qt's default
        # width before the window is shown and again at its real one (2 ms at start-up).
        self._stale = False

    # -- content ----------------------------------------------------------------------------
    def set_nodes(self, nodes: Sequence[NodeView], lang: str) -> None:
        self._nodes, self._lang = nodes, lang
        if self.isVisible():
            self.relayout()
        else:
            self._stale = True

    def refresh_counts(self) -> None:
        counts = {k: (v.notes, v.cases) for k, v in read_counts(self._db_path).items()}
        if counts != self._counts:
            self._counts = counts
            self.relayout()

    @property
    def figure(self) -> MapFigure:
        if self._stale:
            self.relayout()
        return self._figure

    def relayout(self, width: int | None = None) -> None:
        self._stale = False
        self._figure = referential_map(
            self._nodes,
            self._lang,
            self._counts,
            width=float(max(MIN_WIDTH, width or self.width())),
            palette=palette_name(self.palette()),
        )
        self.setMinimumHeight(round(self._figure.height))
        self._place_marks()
        self.update()

    def balise_ids(self) -> list[str]:
        return [b.id for theme in self.figure.themes for b in theme.balises]

    def counts(self, node_id: str) -> tuple[int, int]:
        return self._counts.get(node_id, (0, 0))

    # -- painting and events ------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        focused = self.focused_id()
        paint_map(painter, self.figure, self._hovered, focused)
        mark = self._marks.get(focused or "")
        if mark is not None and not any(b.id == focused for b in _all_balises(self.figure)):
            outline = QPen(self.palette().color(QPalette.ColorRole.Highlight), 2)
            painter.setPen(outline)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(mark.geometry()).adjusted(-3, -3, 3, 3), 6, 6)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        if self._stale or event.size().width() != event.oldSize().width():
            self.relayout(event.size().width())
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if self._stale:
            self.relayout()
        super().showEvent(event)

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
        if event.type() == QEvent.Type.ToolTip:
            return self._tooltip_event(event)
        return super().event(event)

    def _tooltip_event(self, event: QEvent) -> bool:
        from PySide6.QtGui import QHelpEvent  # with the first tooltip, not at start-up
        from PySide6.QtWidgets import QToolTip

        if isinstance(event, QHelpEvent):
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
            focused = self.focused_id()
            if focused in ids:
                self._focused = ids.index(focused)
            self._focused = (self._focused + step) % len(ids)
            self._focus_mark(ids[self._focused])
            return
        if ids and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.open_requested.emit(self.focused_id() or ids[self._focused])
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        # The marks hold the focus, so that a screen reader announces each one.
        ids = self.balise_ids()
        if ids:
            self._focus_mark(ids[min(self._focused, len(ids) - 1)])
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.update()
        super().focusOutEvent(event)

    # -- the marks: what a screen reader and the Tab key reach ----------------------------
    def marks(self) -> list[MapMark]:
        return list(self._marks.values())

    def focused_id(self) -> str | None:
        for mark in self._marks.values():
            if mark.hasFocus():
                return mark.node_id
        return None

    def _focus_mark(self, node_id: str) -> None:
        mark = self._marks.get(node_id)
        if mark is not None:
            mark.setFocus(Qt.FocusReason.OtherFocusReason)
        self.update()

    def mark_focus_changed(self, mark: MapMark) -> None:
        ids = self.balise_ids()
        if mark.hasFocus() and mark.node_id in ids:
            self._focused = ids.index(mark.node_id)
        self.update()

    def _place_marks(self) -> None:
        """One focusable, named child per theme and balise, over what the canvas paints."""
        wanted: list[tuple[str, str, QRect]] = []
        for theme in self.figure.themes:
            h = theme.heading
            area = QRectF(h.x, h.y, h.w, h.h).united(
                QRectF(theme.cx - theme.r, theme.cy - theme.r, 2 * theme.r, 2 * theme.r)
            )
            wanted.append((theme.id, _theme_name(theme), area.toAlignedRect()))
            for b in theme.balises:
                disc = QRectF(b.cx - b.r, b.cy - b.r, 2 * b.r, 2 * b.r)
                area = disc.united(QRectF(b.label.x, b.label.y, b.label.w, b.label.h))
                wanted.append((b.id, _balise_name(b, self._lang), area.toAlignedRect()))
        if [w[0] for w in wanted] != list(self._marks):
            for mark in self._marks.values():
                mark.deleteLater()
            self._marks = {node_id: MapMark(self, node_id) for node_id, _n, _r in wanted}
            # Right after the canvas in the focus chain, wherever they were made: the
            # first layout waits for the window to be shown, which would put them last,
            # and the focus leaving a hidden map would land elsewhere than it always has.
            previous: QWidget = self
            for mark in self._marks.values():
                QWidget.setTabOrder(previous, mark)
                previous = mark
        for node_id, title, rect in wanted:
            mark = self._marks[node_id]
            mark.setText(title)
            mark.setAccessibleName(title)
            mark.setGeometry(rect)
            mark.show()


def _theme_name(theme: ThemeFigure) -> str:
    title = f"{theme.number}. {theme.title}" if theme.number else theme.title
    return " — ".join([title, " · ".join(theme.keywords)]) if theme.keywords else title


def _balise_name(b: BaliseMark, lang: str) -> str:
    title = translate(N_("Beacon {number} — {title}"), lang).format(number=b.number, title=b.title)
    parts = [title, " · ".join(b.keywords), b.badge]
    return ". ".join(part for part in parts if part)


class MapMark(QAbstractButton):
    """A theme or a balise of the map as the keyboard and assistive technology know it:
    a named button over its drawing. It paints nothing (the canvas draws the map) and
    lets the mouse through to the canvas, which handles hover and clicks."""

    def __init__(self, canvas: MapCanvas, node_id: str) -> None:
        super().__init__(canvas)
        self.node_id = node_id
        self._canvas = canvas
        self.setObjectName(f"map-mark-{node_id}")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.clicked.connect(lambda: canvas.open_requested.emit(node_id))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        pass  # the canvas paints the map, and this mark's focus

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        self._canvas.keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        self._canvas.mark_focus_changed(self)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self._canvas.mark_focus_changed(self)


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
