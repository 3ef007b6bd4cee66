"""The conflicts view in the real window, for the README and the review:

    xvfb-run -a -s "-screen 0 1440x900x24" python scripts/screenshot_conflicts.py

Two data folders share a case, both edit it, one imports the other's bundle; writes
docs/screenshots/conflicts-fr.png (the French window, the conflict shown side by side).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from referentiel_desktop.annotations import cases, notes, people
from referentiel_desktop.exchange.export import export
from referentiel_desktop.exchange.merge import import_bundle
from referentiel_desktop.gui.app import create_main_window
from referentiel_desktop.workspace import Workspace

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots" / "conflicts-fr.png"


def prepare(folder: Path) -> None:
    with Workspace.open(folder / "elise") as elise:
        people.set_default_author(elise, "Élise Durand")
        people.add_territory(elise, "Malaunay", "76")
        case = cases.add_case(
            elise,
            "Chaufferie bois collective",
            "Malaunay",
            ["value.b1"],
            period="2016–2019",
            actors="Mairie, SDE 76, habitants",
            text="Une chaufferie bois alimente l’école et la mairie.",
            lessons="La concertation a pris un an.",
            tags=["Énergie"],
        )
        note = notes.add_note(elise, "engagement.b3", "Réunion « publique » prévue en mars")
        export(elise, folder / "elise.rdbundle")
        with Workspace.open(folder / "marc") as marc:
            people.set_default_author(marc, "Marc Lefèvre")
            import_bundle(marc, folder / "elise.rdbundle")
            cases.edit_case(
                marc,
                case.id,
                text="Une chaufferie bois alimente l’école, la mairie et la salle des fêtes.",
                lessons="La concertation a pris un an ; le réseau s’est étendu en 2021.",
            )
            notes.edit_note(marc, note.id, text="Réunion « publique » tenue le 3 mars")
            export(marc, folder / "marc.rdbundle")
        cases.edit_case(
            elise,
            case.id,
            text="Une chaufferie bois alimente l’école et la mairie depuis 2017.",
            lessons="La concertation a pris dix-huit mois.",
        )
        notes.edit_note(elise, note.id, text="Réunion « publique » reportée en avril")
        import_bundle(elise, folder / "marc.rdbundle")


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    prepare(folder)
    app = QApplication(sys.argv)
    window = create_main_window(folder / "elise", app, defer_workspace=False)
    window.resize(1300, 800)
    window.set_language("fr")
    window.show()

    def shoot() -> None:
        window.exchange.conflicts_action.trigger()
        dialog = window.exchange.conflicts_dialog
        dialog.list.setCurrentRow(1)  # the case: several fields differ

        def grab() -> None:
            OUT.parent.mkdir(parents=True, exist_ok=True)
            dialog.grab().save(str(OUT))
            print(OUT)
            app.quit()

        QTimer.singleShot(800, grab)

    QTimer.singleShot(1500, shoot)
    app.exec()


if __name__ == "__main__":
    main()
