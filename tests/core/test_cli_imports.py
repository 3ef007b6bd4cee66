"""A command loads the libraries it needs and no others: listing notes or booklet
presets never loads ReportLab (nor Whoosh, nor Qt), a search never loads ReportLab; and
no reading command loads what only a rarer path needs (the TOML parser and the
referential's loader to install an edition, platformdirs when the folders are given,
difflib for a mistyped id, getpass for a first author, strptime)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("sqlalchemy", "whoosh", "reportlab", "PySide6")
RARE = (
    "tomllib",
    "referentiel_desktop.referential.loader",
    "platformdirs",
    "difflib",
    "getpass",
    "_strptime",
)
READING = (
    ("list", "--kind", "theme"),
    ("show", "engagement.b3"),
    ("note", "list"),
    ("territory", "list"),
    ("search", "confiance"),
    ("booklet", "preset", "list"),
)


def _loaded_by(data_dir: Path, *command: str, among: tuple[str, ...] = HEAVY) -> set[str]:
    code = (
        "import sys\n"
        "from referentiel_desktop.__main__ import main\n"
        f"rc = main(['--data-dir', {str(data_dir)!r}, *{list(command)!r}])\n"
        f"print('loaded:', *(m for m in {among!r} if m in sys.modules))\n"
        "sys.exit(rc)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.splitlines()[-1].split()[1:])


def test_listing_notes_and_presets_loads_the_orm_only(data_dir: Path) -> None:
    assert _loaded_by(data_dir, "note", "list") == {"sqlalchemy"}
    assert _loaded_by(data_dir, "booklet", "preset", "list") == {"sqlalchemy"}


def test_a_search_loads_whoosh_but_not_reportlab(data_dir: Path) -> None:
    assert _loaded_by(data_dir, "search", "confiance") == {"sqlalchemy", "whoosh"}


def test_reading_commands_load_nothing_that_only_rarer_paths_need(data_dir: Path) -> None:
    _loaded_by(data_dir, "note", "list")  # the first opening installs the referential
    for command in READING:
        assert _loaded_by(data_dir, *command, among=RARE) == set(), command


def test_listing_presets_loads_no_booklet_content_notes_or_inventory(data_dir: Path) -> None:
    content = (
        "referentiel_desktop.booklet.content",
        "referentiel_desktop.annotations",
        "referentiel_desktop.inventory",
    )
    assert _loaded_by(data_dir, "booklet", "preset", "list", among=content) == set()


def test_the_version_alone_is_told_without_the_parser_and_as_the_parser_tells_it(
    data_dir: Path,
) -> None:
    def version(*arguments: str) -> subprocess.CompletedProcess[str]:
        code = (
            "import sys\n"
            "from referentiel_desktop.__main__ import main\n"
            f"rc = main({list(arguments)!r})\n"
            "print('loaded:', *(m for m in ('argparse', 'gettext') if m in sys.modules))\n"
            "sys.exit(rc)\n"
        )
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)

    alone = version("--version")
    assert alone.returncode == 0, alone.stderr
    told, loaded = alone.stdout.splitlines()
    assert loaded == "loaded:"
    with_folder = version("--data-dir", str(data_dir), "--version")
    assert with_folder.stdout.splitlines() == [told, "loaded:"]
    parsed = version("--debug", "--vers")  # an abbreviation: argparse answers
    assert parsed.returncode == 0, parsed.stderr
    assert parsed.stdout.splitlines() == [told]
    refused = version("--data-dir", "dossier\x1b[31m", "--version")
    assert refused.returncode == 1 and "control character" in refused.stderr
