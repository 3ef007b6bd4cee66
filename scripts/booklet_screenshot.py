"""The README's picture of the booklet dialog: the real window, sample notes, Ctrl+P.

    xvfb-run -a -s "-screen 0 1440x900x24" python scripts/booklet_screenshot.py

Writes docs/screenshots/booklet-dialog-fr.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from referentiel_desktop.annotations import notes, people
from referentiel_desktop.gui.app import create_main_window
from referentiel_desktop.workspace import Workspace

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots" / "booklet-dialog-fr.png"


def main() -> int:
    app = QApplication(sys.argv)
    data = Path(tempfile.mkdtemp(prefix="booklet-screen-"))
    with Workspace.open(data) as ws:
        people.set_default_author(ws, "Élise Durand")
        text = "La confiance « se gagne » : au Mené, les premières réunions ont eu lieu "
        notes.add_note(ws, "engagement.b3", text + "dans les fermes.", tags=["participation"])
    window = create_main_window(data, app, defer_workspace=False)
    window.resize(1400, 860)
    window.show()
    window.set_language("fr")
    window.open_node("engagement.b3")

    def dialog() -> object:
        return window.booklet.dialog  # type: ignore[attr-defined]

    steps = [
        window.booklet.action.trigger,  # type: ignore[attr-defined]
        lambda: (
            dialog().title.setText("Conseil municipal du 3 décembre"),  # type: ignore[attr-defined]
            dialog().territory.setText("Le Mené"),  # type: ignore[attr-defined]
            dialog().writing.setCurrentIndex(1),  # type: ignore[attr-defined]
        ),
        lambda: dialog().grab().save(str(OUT)),  # type: ignore[attr-defined]
        app.quit,
    ]
    for i, step in enumerate(steps):
        QTimer.singleShot(2500 * (i + 1), step)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
