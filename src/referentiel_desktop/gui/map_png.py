"""The map as a PNG file, for ``map --out FILE.png``: Qt's painter behind a plain call.

This is the one module of ``gui/`` that the command line may load, and only for a PNG
(``cli/map_commands.py``, a test holds it to that): a PNG needs a painter, and the map's
painter is the window's own, so the file and the screen can never differ.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from referentiel_desktop.gui.window.map_painter import paint_map
from referentiel_desktop.referential.map_figure import MapFigure


def render_png(figure: MapFigure, path: Path, scale: float = 2.0) -> None:
    """Paint ``figure`` into a PNG at ``scale`` (2: sharp on a high-density screen or paper)."""
    image = QImage(
        round(figure.width * scale), round(figure.height * scale), QImage.Format.Format_ARGB32
    )
    image.fill(QColor(figure.palette.background))
    painter = QPainter(image)
    painter.scale(scale, scale)
    paint_map(painter, figure)
    painter.end()
    if not image.save(str(path)):  # the format follows the .png suffix
        raise OSError(f"cannot write {path}")


def write_png(figure: MapFigure, target: Path) -> None:
    """Write ``figure`` as a PNG at ``target`` from a headless command: Qt's painter needs
    an application, made offscreen (no window, no display) when there is none yet."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A widgets application (not a bare QGuiApplication): the process may open windows later.
    app = QApplication.instance() or QApplication(["referentiel-desktop"])
    png = target.with_suffix(".png")  # Qt picks the format from the suffix
    render_png(figure, png)
    if png != target:
        png.replace(target)
    del app
