"""The wheel is complete: built from the source, installed in a fresh virtual environment
in a folder that never saw the source, it runs and speaks French from its compiled
catalogs, and writes nothing into its own package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(out)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("referentiel_desktop-*.whl")
    return built


def test_the_wheel_carries_compiled_catalogs_and_the_licences(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for lang in ("fr", "en"):
        assert f"referentiel_desktop/_data/i18n/{lang}/LC_MESSAGES/messages.mo" in names
    assert any(name.endswith("licenses/LICENSE") for name in names)
    assert "referentiel_desktop/_data/resources/referential/LICENSE.txt" in names
    assert "referentiel_desktop/_data/resources/fonts/LICENSE-DejaVu.txt" in names
    metadata = next(name for name in names if name.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode("utf-8")
    assert "Author: Référentiel Desktop contributors" in text
    assert "Classifier: Natural Language :: French" in text
    assert "Project-URL: Homepage, " in text


def test_installed_in_a_fresh_venv_it_runs_in_french(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    away = tmp_path / "elsewhere"
    away.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "REFERENTIEL_DESKTOP", "VIRTUAL_ENV"))
    }
    env.update(
        LANG="fr_FR.UTF-8",
        LANGUAGE="fr",
        REFERENTIEL_DESKTOP_DATA_DIR=str(tmp_path / "data"),
        REFERENTIEL_DESKTOP_CACHE_DIR=str(tmp_path / "cache"),
    )
    site = venv / "lib"
    before = sorted(str(p) for p in site.rglob("*") if "__pycache__" not in p.parts)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(bin_dir / "referentiel-desktop"), *args],
            cwd=away,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
        )

    version = run("--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("referentiel-desktop ")
    missing = run("show", "nope")
    assert missing.returncode == 1
    assert "Aucun élément du référentiel n’a l’identifiant 'nope'" in missing.stderr
    where = subprocess.run(
        [
            str(bin_dir / "python"),
            "-c",
            "import referentiel_desktop.resources as r; print(r.i18n_dir())",
        ],
        cwd=away,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(venv)  # not the source tree's i18n/
    after = sorted(str(p) for p in site.rglob("*") if "__pycache__" not in p.parts)
    assert after == before  # nothing was compiled or written into the installed package
