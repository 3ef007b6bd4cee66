"""Screenshots of the pages, for the README: the map (home page), a balise page with the
team's notes and cases, and French and English side by side; in French and English, light
and dark, at the size of the screen it runs on.

    xvfb-run -a -s "-screen 0 1440x900x24" python scripts/screenshots_pages.py 1440x900
    xvfb-run -a -s "-screen 0 1024x700x24" python scripts/screenshots_pages.py 1024x700

Writes docs/screenshots/pages/{map,balise,side-by-side}-{fr,en}-{light,dark}-{size}.png.
A bare X server has no dark colour scheme: dark is Qt's Fusion style with a dark palette.
Where ImageMagick is installed, the PNGs are then reduced to 256 colours (about half the
bytes, no visible change).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from referentiel_desktop.annotations import cases, notes, people
from referentiel_desktop.gui.app import create_main_window
from referentiel_desktop.workspace import Workspace

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots" / "pages"


def sample(data: Path) -> None:
    with Workspace.open(data) as ws:
        people.set_default_author(ws, "Élise Durand")
        people.add_territory(ws, "Malaunay", "76")
        people.add_territory(ws, "Le Mené", "22")
        people.add_territory(ws, "Loos-en-Gohelle", "62")
        notes.add_note(
            ws, "engagement.b3",
            "À Malaunay, la confiance s’est construite en ouvrant les ateliers du budget aux "
            "habitants « dès la première réunion ».",
            tags=["budget", "participation"],
        )  # fmt: skip
        notes.add_note(
            ws, "engagement.b3",
            "Les élus disent : « on ne décrète pas la confiance, on la mérite ». À citer au "
            "prochain conseil.",
            tags=["élus"], author="Marc Lefèvre",
        )  # fmt: skip
        notes.add_note(ws, "cooperation.b2", "Revue de projet mensuelle entre services.")
        notes.add_note(ws, "value.b6", "Monnaie locale : voir l’expérience de Loos-en-Gohelle.")
        cases.add_case(
            ws, "Méthanisation coopérative", "Le Mené",
            ["engagement.b3", "cooperation.b5", "value.b6"],
            period="2008–2015", actors="agriculteurs, élus, habitants", tags=["énergie"],
            text="Une unité de méthanisation portée par une coopérative d’agriculteurs.",
            lessons="La confiance s’est construite « chantier après chantier ».",
        )  # fmt: skip
        cases.add_case(
            ws, "Budget participatif des quartiers", "Malaunay", ["engagement.b3"],
            period="2016–2019", tags=["budget"],
        )  # fmt: skip


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2d30",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1f22",
        QPalette.ColorRole.AlternateBase: "#26282b",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#34363a",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.Highlight: "#3d6db5",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.PlaceholderText: "#9a9fa6",
        QPalette.ColorRole.ToolTipBase: "#34363a",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.Link: "#8ab4f8",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
    ):
        palette.setColor(disabled, role, QColor("#6d7177"))
    return palette


def main(size: str) -> int:
    width, height = (int(v) for v in size.split("x"))
    app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName("Référentiel Desktop")
    app.setStyle("Fusion")
    light = QPalette(app.palette())
    OUT.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="pages-"))
    sample(data)
    window = create_main_window(data, app, defer_workspace=False)
    window.move(0, 0)
    window.resize(width, height)
    window.show()
    steps: list[Callable[[], object]] = []

    def shot(name: str) -> None:
        steps.append(lambda: window.grab().save(str(OUT / f"{name}-{size}.png")))

    for palette_name in ("light", "dark"):
        steps.append(
            lambda p=palette_name: app.setPalette(dark_palette() if p == "dark" else light)
        )
        for lang in ("fr", "en"):
            steps.append(
                lambda lang=lang: (window.set_side_by_side(False), window.set_language(lang))
            )
            steps.append(lambda: window.open_node("home"))
            shot(f"map-{lang}-{palette_name}")
            steps.append(lambda: window.open_node("engagement.b3"))
            shot(f"balise-{lang}-{palette_name}")
            steps.append(lambda: (window.open_node("support.s1"), window.set_side_by_side(True)))
            shot(f"side-by-side-{lang}-{palette_name}")
    steps.append(lambda: window.set_side_by_side(False))
    steps.append(app.quit)
    for i, step in enumerate(steps):
        QTimer.singleShot(700 * (i + 1), step)
    code = app.exec()
    convert = shutil.which("convert")
    if convert:
        for png in OUT.glob(f"*-{size}.png"):
            subprocess.run([convert, str(png), "-colors", "256", f"PNG8:{png}"], check=True)
    return int(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "1440x900"))
