"""A territory's inventory in a booklet, through the command line, read back with pdftotext."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.core.test_booklet import HOSTILE, flat, pdf_text


@pytest.fixture
def assessed(cli: Any) -> str:
    assert cli("territory", "add", "Le Mené", "--code", "22").code == 0
    assert cli("territory", "add", "Lens").code == 0
    for day, position, text in (
        ("2025-03-14", "not-yet", "Rien « encore »"),
        ("2026-03-20", "emerging", "Un conseil citoyen à l’essai"),
    ):
        result = cli("inventory", "set", "--territory", "Le Mené", "--question", "inventory.q7",
                     "--position", position, "--text", text, "--evidence", HOSTILE,
                     "--date", day)  # fmt: skip
        assert result.code == 0, result.err
    return "Le Mené"


def test_the_booklet_prints_the_latest_inventory_with_its_chart_and_answers(
    cli: Any, assessed: str, tmp_path: Path
) -> None:
    out = tmp_path / "inventaire.pdf"
    result = cli("booklet", "--select", "inventory.q7", "--lang", "fr", "--inventory", "le mene",
                 "--out", str(out))  # fmt: skip
    assert result.code == 0, result.err
    whole = flat(pdf_text(out))
    assert "Inventaire du Mené — 20 mars 2026" in whole
    contents = flat(pdf_text(out, 2))
    assert "Inventaire du Mené" in contents
    # Under the selected question, then in the section: the position, answer and evidence.
    assert whole.count("Un conseil citoyen à l’essai") == 2
    assert whole.count("Position : En émergence Un conseil citoyen à l’essai") == 2
    assert whole.count("Éléments probants : " + HOSTILE.strip()) == 2
    assert "Rien « encore »" not in whole
    section = whole[whole.rindex("Inventaire du Mené") :]
    assert "Q1. " in section and "Q20. " in section
    assert "14 mars 2025" in section  # the chart's bar for the earlier assessment


def test_an_earlier_assessment_in_both_languages(cli: Any, assessed: str, tmp_path: Path) -> None:
    out = tmp_path / "both.pdf"
    result = cli("booklet", "--lang", "both", "--inventory", "Le Mené",
                 "--inventory-date", "2025-03-14", "--out", str(out))  # fmt: skip
    assert result.code == 0, result.err
    whole = flat(pdf_text(out))
    assert "Rien « encore »" in whole and "Un conseil citoyen" not in whole
    assert whole.index("Inventaire du Mené") < whole.rindex("Inventory of Le Mené")
    assert "20 mars 2026" not in whole
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True)
    assert all(line.split()[-5] == "yes" for line in fonts.stdout.splitlines()[2:])  # embedded


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--inventory", "Lyon"), "Lyon"),
        (("--inventory", "Lens"), "Lens"),
        (("--inventory", "Le Mené", "--inventory-date", "2024-01-01"), "2024-01-01"),
    ],
)
def test_an_unknown_or_unassessed_territory_is_refused_and_writes_nothing(
    cli: Any, assessed: str, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "none.pdf"
    result = cli("booklet", "--select", "engagement.b3", *args, "--out", str(out))
    assert result.code == 1
    assert message in result.err and len(result.err.strip().splitlines()) == 1
    assert not out.exists()
