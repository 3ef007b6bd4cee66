"""The overview for the booklet: plain data without Qt or ReportLab, and a ReportLab
drawing of it that prints the assessments' dates and the positions in the booklet's
language."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from referentiel_desktop.annotations.people import add_territory
from referentiel_desktop.inventory import answers, overview
from referentiel_desktop.workspace import Workspace


def test_the_overview_loads_neither_qt_nor_reportlab() -> None:
    code = (
        "import sys, referentiel_desktop.inventory.overview, referentiel_desktop.inventory.answers;"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'reportlab'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_the_drawing_prints_dates_and_positions(workspace: Workspace, tmp_path: Path) -> None:
    from reportlab.graphics import renderPDF

    from referentiel_desktop.inventory.drawing import overview_drawing

    add_territory(workspace, "Malaunay", "76")
    answers.set_answer(workspace, "Malaunay", "inventory.q1", "emerging", day="2025-02-03")
    answers.set_answer(workspace, "Malaunay", "inventory.q1", "established", day="2026-02-03")
    answers.set_answer(workspace, "Malaunay", "inventory.q2", "not-yet", day="2026-02-03")
    found = overview.overview(workspace, "Malaunay")
    drawing = overview_drawing(found, 340, "fr")
    chart = drawing.contents[0]
    # One series per position (and "unanswered"), one value per assessment, latest on top.
    assert chart.data == [[1, 0], [0, 1], [1, 0], [0, 0], [18, 19]]
    pdf = tmp_path / "chart.pdf"
    renderPDF.drawToFile(drawing, str(pdf))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    for expected in ("3 févr. 2025", "3 févr. 2026", "Pas encore", "En place", "Sans réponse"):
        assert expected in text
