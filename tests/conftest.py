"""Fixtures shared by every test: a fresh data directory per test, the CLI as a function."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# Offscreen Qt and a known language, whatever the machine says (CI runs in the C locale).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LANGUAGE"] = "en"


@pytest.fixture(scope="session", autouse=True)
def session_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The cache folder of fixtures wider than a test (module-scoped search services)."""
    folder = tmp_path_factory.mktemp("cache")
    previous = os.environ.get("REFERENTIEL_DESKTOP_CACHE_DIR")
    os.environ["REFERENTIEL_DESKTOP_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("REFERENTIEL_DESKTOP_CACHE_DIR", None)
    else:
        os.environ["REFERENTIEL_DESKTOP_CACHE_DIR"] = previous


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The search index goes to the user's cache folder: here, the test's own (never the
    real home). Subprocesses inherit it."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("REFERENTIEL_DESKTOP_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("REFERENTIEL_DESKTOP_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def workspace(data_dir: Path) -> Iterator[Any]:
    from referentiel_desktop.workspace import Workspace

    with Workspace.open(data_dir) as ws:
        yield ws


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def cli(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Any:
    """``cli("list", "--json")`` runs the real command line in-process on the test's data dir."""
    from referentiel_desktop.cli import run

    def invoke(*args: str) -> CliResult:
        capsys.readouterr()
        try:
            code = run(["--data-dir", str(data_dir), *args])
        except SystemExit as exit_:  # argparse errors
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return invoke
