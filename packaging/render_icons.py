"""Render the application's SVG icon to the PNG sizes desktops ask for, and a Windows .ico.

    python packaging/render_icons.py OUT_DIR

Qt paints the SVG offscreen (no display needed): OUT_DIR receives
``referentiel-desktop-SIZE.png`` for each size and ``referentiel-desktop.ico``. The
icons are built, never committed: the SVG is the one source.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "referentiel-desktop.svg"


def render(out: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    pngs: dict[int, bytes] = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = out / f"referentiel-desktop-{size}.png"
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"cannot write {target}")
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        pngs[size] = bytes(buffer.data().data())
        written.append(target)
    ico = out / "referentiel-desktop.ico"
    ico.write_bytes(_ico(pngs))
    written.append(ico)
    return written


def _ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO holding PNG images (Windows Vista and later read them)."""
    entries = [(size, pngs[size]) for size in ICO_SIZES]
    header = (0).to_bytes(2, "little") + (1).to_bytes(2, "little")
    header += len(entries).to_bytes(2, "little")
    offset = 6 + 16 * len(entries)
    directory = b""
    images = b""
    for size, data in entries:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        directory += bytes([side, side, 0, 0]) + (1).to_bytes(2, "little")
        directory += (32).to_bytes(2, "little") + len(data).to_bytes(4, "little")
        directory += (offset + len(images)).to_bytes(4, "little")
        images += data
    return header + directory + images


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        raise SystemExit(2)
    for path in render(Path(sys.argv[1])):
        print(path)
