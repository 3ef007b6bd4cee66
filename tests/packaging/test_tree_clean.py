"""The README's test command leaves the tree as it found it: the catalog steps of
``scripts/test.sh`` modify no tracked file, and ``.mo`` files are replaced atomically."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MO = ROOT / "i18n" / "fr" / "LC_MESSAGES" / "messages.mo"


def _status() -> str:
    return subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout"
)
def test_the_catalog_steps_of_the_test_command_change_no_tracked_file() -> None:
    before = _status()
    pot = (ROOT / "i18n" / "messages.pot").read_bytes()
    for step in ("check", "compile", "check", "compile"):
        subprocess.run([sys.executable, "scripts/i18n.py", step], cwd=ROOT, check=True,
                       capture_output=True)  # fmt: skip
    assert (ROOT / "i18n" / "messages.pot").read_bytes() == pot  # not even its date
    assert _status() == before


def test_a_stale_mo_is_replaced_by_rename_never_rewritten_in_place() -> None:
    """A window reading the catalog while the tests compile sees the old file or the new
    one: the new one arrives under another inode, the old one is never truncated."""
    subprocess.run([sys.executable, "scripts/i18n.py", "compile"], cwd=ROOT, check=True)
    good = MO.read_bytes()
    MO.write_bytes(b"stale")  # a .mo left by an older catalog
    stale = os.stat(MO)
    with MO.open("rb") as reader:  # a window that has the old file open
        subprocess.run([sys.executable, "scripts/i18n.py", "compile"], cwd=ROOT, check=True)
        assert reader.read() == b"stale"
    assert os.stat(MO).st_ino != stale.st_ino
    assert MO.read_bytes() == good
    assert list(MO.parent.glob(".messages.mo.*.tmp")) == []
    unchanged = os.stat(MO)
    subprocess.run([sys.executable, "scripts/i18n.py", "compile"], cwd=ROOT, check=True)
    assert os.stat(MO).st_ino == unchanged.st_ino  # the same content is not written again
