"""The meeting mode's screenshots: a balise and the map, French and English, light and dark.

    xvfb-run -s "-screen 0 1920x1080x24" python scripts/screenshots_meeting.py

Writes docs/screenshots/meeting-{fr,en}-{light,dark}.png (a balise) and
meeting-map-fr-light.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from referentiel_desktop.gui.app import create_main_window

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#1e1f22"),
        (QPalette.ColorRole.Base, "#1e1f22"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def main() -> None:
    app = QApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        window = create_main_window(Path(folder), app, defer_workspace=False)
        window.show()
        for palette_name in ("light", "dark"):
            if palette_name == "dark":
                window.setPalette(dark_palette())
            for lang in ("fr", "en"):
                window.set_language(lang)
                screen = window.meeting.start("engagement.b3")
                app.processEvents()
                screen.grab().save(str(OUT / f"meeting-{lang}-{palette_name}.png"))
                if lang == "fr" and palette_name == "light":
                    screen.go(0)
                    app.processEvents()
                    screen.grab().save(str(OUT / "meeting-map-fr-light.png"))
                    screen.go(1)
                    app.processEvents()
                    screen.grab().save(str(OUT / "meeting-theme-fr-light.png"))
                screen.close()
        if window.workspace is not None:
            window.workspace.close()


if __name__ == "__main__":
    main()
