"""The window re-laid for small and usual screens, with the Cases and Inventory docks open.

    xvfb-run -s "-screen 0 1600x1000x24" python scripts/screenshots_layout.py

Writes docs/screenshots/window-1024x700-fr.png and window-1440x900-en.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from referentiel_desktop.annotations import cases, notes, people
from referentiel_desktop.gui.app import create_main_window
from referentiel_desktop.workspace import Workspace

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def main() -> None:
    app = QApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        with Workspace.open(data) as workspace:
            people.set_default_author(workspace, "Élise Durand")
            people.add_territory(workspace, "Le Mené", "22")
            notes.add_note(
                workspace, "engagement.b3", "Les élus « ouvrent » les réunions de chantier."
            )
            cases.add_case(workspace, "Le conseil des habitants", "Le Mené", ["engagement.b3"])
        for width, height, lang in ((1024, 700, "fr"), (1440, 900, "en")):
            window = create_main_window(data, app, defer_workspace=False)
            window.set_language(lang)
            window.resize(width, height)
            window.show()
            window.cases.dock.show()
            window.inventory.dock.show()
            window.open_node("engagement.b3")
            for _ in range(20):
                app.processEvents()
            window.grab().save(str(OUT / f"window-{width}x{height}-{lang}.png"))
            if window.workspace is not None:
                window.workspace.close()
            window.close()


if __name__ == "__main__":
    main()
