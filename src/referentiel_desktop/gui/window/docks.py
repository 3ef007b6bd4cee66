"""The window's docks: each is added here, and those under the page give way to it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QScrollArea, QWidget

BOTTOM_SHARE = 0.34
"""At most this share of the window's height goes to the docks under the page."""


class Docks:
    def __init__(self, window: QMainWindow) -> None:
        self._window = window
        self._docks: list[QDockWidget] = []

    def add(
        self, widget: QWidget, title: str, area: Qt.DockWidgetArea, *, scrolls: bool = False
    ) -> QDockWidget:
        """A dock holding ``widget``. ``scrolls``: a view with many fields scrolls inside
        its dock rather than make the window wider or taller than the screen."""
        dock = QDockWidget(title, self._window)
        dock.setObjectName(f"dock-{widget.objectName() or title}")
        if scrolls:
            area_widget = QScrollArea()
            area_widget.setObjectName(f"scroll-{widget.objectName() or title}")
            area_widget.setWidgetResizable(True)
            area_widget.setFrameShape(QScrollArea.Shape.NoFrame)
            area_widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take the focus
            area_widget.setWidget(widget)
            dock.setWidget(area_widget)
        else:
            dock.setWidget(widget)
        self._window.addDockWidget(area, dock)
        self._docks.append(dock)
        return dock

    def give_way(self) -> None:
        """The docks under the page never take more than :data:`BOTTOM_SHARE` of the
        window's height, so that the page keeps room to be read."""
        # The docks added, not findChildren(): that walks and wraps every widget of the
        # window, at each resize (about 8 ms at the first one, before the first paint).
        window = self._window
        bottom = [
            dock
            for dock in self._docks
            if dock.isVisible()
            and not dock.isFloating()
            and window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
        ]
        limit = int(window.height() * BOTTOM_SHARE)
        if bottom and max(dock.height() for dock in bottom) > limit:
            window.resizeDocks(bottom, [limit] * len(bottom), Qt.Orientation.Vertical)
