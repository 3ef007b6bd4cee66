"""Regenerate the README's screenshots: the real window, with sample team material.

    xvfb-run -s "-screen 0 1440x900x24" python scripts/screenshots.py

Writes docs/screenshots/main-window-fr.png, main-window-en.png, search-fr.png and
cases-fr.png (the Cases view with a case open in its editor).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from referentiel_desktop.annotations import cases, notes, people
from referentiel_desktop.gui.app import create_main_window
from referentiel_desktop.workspace import Workspace

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def sample(data: Path) -> str:
    with Workspace.open(data) as ws:
        people.set_default_author(ws, "Élise Durand")
        people.add_territory(ws, "Malaunay", "76")
        people.add_territory(ws, "Le Mené", "22")
        notes.add_note(
            ws,
            "engagement.b3",
            "À Malaunay, la confiance s’est construite en "
            "ouvrant les ateliers du budget aux habitants « dès la première réunion ».",
            tags=["budget", "participation"],
        )
        notes.add_note(
            ws,
            "engagement.b3",
            "Les élus disent : « on ne décrète pas la "
            "confiance, on la mérite ». À citer au prochain conseil.",
            tags=["élus"],
            author="Marc Lefèvre",
        )
        return cases.add_case(
            ws,
            "Méthanisation coopérative",
            "Le Mené",
            ["engagement.b3", "cooperation.b5", "value.b6"],
            period="2008–2015",
            actors="agriculteurs, élus, habitants",
            tags=["énergie"],
            text="Une unité de méthanisation portée par une coopérative d’agriculteurs.",
            lessons="La confiance s’est construite « chantier après chantier ».",
        ).id


def main() -> int:
    app = QApplication(sys.argv)
    data = Path(tempfile.mkdtemp(prefix="screens-"))
    case_id = sample(data)
    window = create_main_window(data, app, defer_workspace=False)
    window.resize(1400, 860)
    window.show()
    window.set_language("fr")
    window.open_node("engagement.b3")
    steps = [
        lambda: window.grab().save(str(OUT / "main-window-fr.png")),
        lambda: window.search.panel.field.setText("confiense"),
        lambda: window.grab().save(str(OUT / "search-fr.png")),
        lambda: (
            window.search.panel.field.clear(),
            window.cases.view.parentWidget().show(),
            window.cases.view.case_requested.emit(case_id, None),
        ),
        lambda: app.primaryScreen().grabWindow(0).save(str(OUT / "cases-fr.png")),
        lambda: [editor.close() for editor in window.cases.editors.opened],
        lambda: (
            window.search.panel.field.clear(),
            window.set_language("en"),
            window.side_by_side_action.setChecked(True),
        ),
        lambda: window.grab().save(str(OUT / "main-window-en.png")),
        app.quit,
    ]
    for i, step in enumerate(steps):
        QTimer.singleShot(1500 * (i + 1), step)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
