"""A relative data folder (``--data-dir data``, ``REFERENTIEL_DESKTOP_DATA_DIR=data``) is
made absolute once, where it enters: everything after works from any directory."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from referentiel_desktop import paths
from referentiel_desktop.cli import run
from referentiel_desktop.referential.snapshot import read_edition, read_nodes
from referentiel_desktop.store.migrations import SCHEMA_VERSION
from referentiel_desktop.workspace import Workspace


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    return tmp_path


def test_the_command_line_takes_a_relative_data_folder(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A guard: the command line already worked here; it must keep working."""
    code = run(["--data-dir", "data", "note", "add", "--target", "value.b1", "--text",
                "« relatif »", "--tag", "Énergie", "--json"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    note = json.loads(capsys.readouterr().out)
    assert (in_tmp / "data" / "referentiel.sqlite3").exists()
    monkeypatch.setenv(paths.DATA_DIR_ENV, "data")
    assert run(["note", "list", "--tag", "Énergie", "--json"]) == 0
    assert [n["id"] for n in json.loads(capsys.readouterr().out)] == [note["id"]]
    assert run(["search", "relatif", "--kind", "note", "--json"]) == 0
    assert [h["id"] for h in json.loads(capsys.readouterr().out)["hits"]] == [note["id"]]


def test_the_windows_quick_read_works_from_a_relative_data_folder(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = paths.data_dir("data")
    assert folder == in_tmp / "data" and folder.is_absolute()
    with Workspace.open("data") as workspace:
        assert workspace.data_dir == folder
        db = workspace.db_path
        monkeypatch.chdir(in_tmp.parent)  # a later chdir changes nothing
        nodes = read_nodes(db, SCHEMA_VERSION)  # used to raise: relative path as a file URI
        assert nodes is not None and any(n.id == "value.b1" for n in nodes)
        assert read_edition(db) is not None
    monkeypatch.setenv(paths.DATA_DIR_ENV, os.path.join(in_tmp.name, "..", in_tmp.name, "data"))
    assert paths.data_dir() == folder  # normalised, not only joined
