"""The desktop integration passes the distributions' own validators, and the Windows and
macOS workflow is valid against GitHub's schema (it cannot run here)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "fr.transitions.ReferentielDesktop"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (.ci/run installs it)")
    return found


def test_desktop_entry_validates_without_a_hint() -> None:
    result = subprocess.run(
        [_tool("desktop-file-validate"), str(LINUX / f"{APP_ID}.desktop")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert result.stdout + result.stderr == ""  # hints are printed with exit 0
    entry = (LINUX / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f"Icon={APP_ID}\n" in entry
    assert "MimeType=application/x-referentiel-bundle;\n" in entry
    assert "Exec=referentiel-desktop %f\n" in entry


def test_appstream_metadata_validates_pedantically() -> None:
    result = subprocess.run(
        [
            _tool("appstreamcli"),
            "validate",
            "--pedantic",
            "--no-net",
            str(LINUX / f"{APP_ID}.metainfo.xml"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
    tree = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for tag in ("name", "summary"):
        assert {e.get(lang) for e in tree.findall(tag)} == {None, "fr"}
    for tag in ("url", "developer", "screenshots", "releases", "content_rating"):
        assert tree.find(tag) is not None, tag


def test_the_mime_type_names_the_bundle_suffix() -> None:
    tree = ET.parse(LINUX / f"{APP_ID}.mime.xml").getroot()
    ns = "{http://www.freedesktop.org/standards/shared-mime-info}"
    kind = tree.find(f"{ns}mime-type")
    assert kind is not None and kind.get("type") == "application/x-referentiel-bundle"
    assert [g.get("pattern") for g in kind.findall(f"{ns}glob")] == ["*.rdbundle"]


def test_the_github_workflow_is_valid_against_the_schema() -> None:
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, workflows),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
