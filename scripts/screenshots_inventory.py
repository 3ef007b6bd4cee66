"""The README's screenshot of the Inventory view: Le Mené assessed twice, a year apart.

    xvfb-run -s "-screen 0 1440x900x24" python scripts/screenshots_inventory.py

Writes docs/screenshots/inventory-fr.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from referentiel_desktop.annotations import people
from referentiel_desktop.inventory import answers, links, path
from referentiel_desktop.workspace import Workspace

FIRST = {
    1: "not-yet", 2: "emerging", 3: "emerging", 4: "not-yet", 5: "emerging", 6: "emerging",
    7: "established", 8: "not-yet", 9: "emerging", 10: "not-yet", 11: "emerging",
    12: "established", 13: "unknown", 14: "not-yet", 15: "emerging", 16: "unknown",
    17: "not-yet", 18: "unknown", 19: "not-yet",
}  # fmt: skip
MOVES = {1: "emerging", 4: "emerging", 5: "established", 8: "emerging", 13: "emerging",
         14: "emerging", 16: "not-yet", 20: "emerging"}  # fmt: skip


def inventory_sample(ws: Workspace, territory: str = "Le Mené") -> None:
    people.add_territory(ws, territory, "22")
    for number, position in FIRST.items():
        answers.set_answer(ws, territory, f"inventory.q{number}", position, day="2025-03-14")
    answers.set_answer(
        ws, territory, "inventory.q5", "emerging", day="2025-03-14",
        text="Les élus, les agriculteurs et l’association « Mené Initiatives » se parlent, "
        "mais chacun garde sa lecture du territoire.",
        evidence="Atelier du 3 mars 2025 ; compte rendu du conseil communautaire.",
    )  # fmt: skip
    answers.start_assessment(ws, territory, "2026-03-20", copy_previous=True)
    for number, position in MOVES.items():
        answers.set_answer(ws, territory, f"inventory.q{number}", position, day="2026-03-20")
    answers.set_answer(
        ws, territory, "inventory.q5", "established", day="2026-03-20",
        text="Un diagnostic partagé du métabolisme, puis un « projet de territoire » voté "
        "à l’unanimité : le territoire est entré en projet.",
        evidence="Délibération du 12 février 2026 ; trois ateliers ouverts aux habitants.",
        author="Marc Lefèvre",
    )  # fmt: skip
    path.set_stage(ws, territory, "support.s2", "2025-01-15")
    path.set_stage(ws, territory, "support.s3", "2026-02-12")
    for balise in ("engagement.b3", "cooperation.b2", "integration.b1"):
        links.link(ws, "inventory.q5", balise)


def main() -> int:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from referentiel_desktop.gui.app import create_main_window

    out = Path(__file__).resolve().parents[1] / "docs" / "screenshots" / "inventory-fr.png"
    app = QApplication(sys.argv)
    data = Path(tempfile.mkdtemp(prefix="screens-"))
    with Workspace.open(data) as ws:
        people.set_default_author(ws, "Élise Durand")
        inventory_sample(ws)
    window = create_main_window(data, app, defer_workspace=False)
    window.resize(1400, 860)
    window.show()
    window.set_language("fr")

    def show_inventory() -> None:
        window.inventory.action.trigger()
        view = window.inventory.view
        window.resizeDocks([view.parentWidget()], [640], Qt.Orientation.Vertical)
        view.table.setCurrentIndex(view.grid.index(4, 2))  # Q5, which moved

    steps = [show_inventory, lambda: window.grab().save(str(out)), app.quit]
    for i, step in enumerate(steps):
        QTimer.singleShot(1500 * (i + 1), step)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
