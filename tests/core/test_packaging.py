"""The Linux desktop entry and AppStream metadata are valid."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

LINUX = Path(__file__).parents[2] / "packaging" / "linux"
APP_ID = "fr.transitions.ReferentielDesktop"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_desktop_entry_validates() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_names_the_desktop_entry() -> None:
    root = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable") is not None
    assert root.find("launchable").text == f"{APP_ID}.desktop"  # type: ignore[union-attr]
    assert "hors ligne" in ET.tostring(root, encoding="unicode")
