"""Anne's and Bruno's folders for the import rules' tests, and the checks they share:
what Anne's bundle holds, and a refusal that leaves Bruno's data exactly as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.core.exchange_helpers import Laptop, balise
from tests.core.test_exchange_refusals import _parts

MENE = "Le Mené"
LHOTE = "Zoé L’Hôte"


def anne_laptop(folder: Path, capsys: pytest.CaptureFixture[str]) -> Laptop:
    """Zoé L’Hôte's case on Le Mené, and a note of hers."""
    laptop = Laptop(folder, capsys)
    laptop.ok("author", "add", LHOTE)
    laptop.ok("territory", "add", MENE, "--code", "22")
    laptop.ok("case", "add", "--title", "Cœur de bourg « vivant »", "--territory", MENE,
              "--balise", balise(laptop), "--author", LHOTE)  # fmt: skip
    laptop.ok("note", "add", "--target", balise(laptop), "--text", "L’œil du conseil",
              "--author", LHOTE)  # fmt: skip
    return laptop


def bruno_laptop(folder: Path, capsys: pytest.CaptureFixture[str]) -> Laptop:
    laptop = Laptop(folder, capsys)
    laptop.ok("note", "add", "--target", balise(laptop), "--text", "Déjà là")
    return laptop


def bundle_path(laptop: Laptop, target: Path) -> Path:
    assert laptop("export", "--out", str(target)).code == 0
    return target


def bundle_of(laptop: Laptop, target: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The manifest and records of the laptop's whole export."""
    return _parts(bundle_path(laptop, target))


def record_of(lines: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    return next(line for line in lines if line["kind"] == kind)


def counts(laptop: Laptop) -> dict[str, int]:
    tables = ("author", "territory", "note", "case_record", "booklet_preset", "change_log",
              "exchange_conflict", "setting")  # fmt: skip
    with sqlite3.connect(laptop.folder / "referentiel.sqlite3") as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def refused(laptop: Laptop, bundle: Path, reason: str) -> str:
    """The bundle is refused, dry run or not, with one line, and nothing changes."""
    before_counts, before = counts(laptop), laptop.dump()
    for args in (("--dry-run",), ()):
        result = laptop("import", str(bundle), *args)
        assert result.code == 1 and result.out == "", result
        assert len(result.err.strip().splitlines()) == 1, result.err
        assert reason in result.err and "Nothing was changed" in result.err, result.err
        assert "Unexpected error" not in result.err
    assert counts(laptop) == before_counts
    assert laptop.dump() == before
    return result.err
