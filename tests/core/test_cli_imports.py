"""A command loads the libraries it needs and no others: listing notes or booklet
presets never loads ReportLab (nor Whoosh, nor Qt), a search never loads ReportLab."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("sqlalchemy", "whoosh", "reportlab", "PySide6")


def _loaded_by(data_dir: Path, *command: str) -> set[str]:
    code = (
        "import sys\n"
        "from referentiel_desktop.__main__ import main\n"
        f"rc = main(['--data-dir', {str(data_dir)!r}, *{list(command)!r}])\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n"
        "sys.exit(rc)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.strip().splitlines()[-1].split())


def test_listing_notes_and_presets_loads_the_orm_only(data_dir: Path) -> None:
    assert _loaded_by(data_dir, "note", "list") == {"sqlalchemy"}
    assert _loaded_by(data_dir, "booklet", "preset", "list") == {"sqlalchemy"}


def test_a_search_loads_whoosh_but_not_reportlab(data_dir: Path) -> None:
    assert _loaded_by(data_dir, "search", "confiance") == {"sqlalchemy", "whoosh"}
