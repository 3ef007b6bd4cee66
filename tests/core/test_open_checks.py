"""The check at open: a damaged database is set aside and the newest good backup put
back, and the user is told in plain words; an unclean stop gets the full check."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from referentiel_desktop.store import health
from referentiel_desktop.workspace import Workspace

PAGE = 4096


def _zero_page(db: Path, number: int) -> None:
    with open(db, "r+b") as file:
        file.seek((number - 1) * PAGE)
        file.write(bytes(PAGE))


def _add(cli: Any, text: str) -> None:
    result = cli("note", "add", "--target", "engagement.b3", "--text", text)
    assert result.code == 0, result.err


@pytest.mark.parametrize("page", [2, 20, 50])
def test_a_damaged_database_is_set_aside_and_the_backup_put_back(
    cli: Any, data_dir: Path, page: int
) -> None:
    for i in range(30):
        _add(cli, f"Note d’avant n° {i} « gardée »")
    assert cli("backup").code == 0
    _add(cli, "Écrite après la sauvegarde")
    db = data_dir / "referentiel.sqlite3"
    _zero_page(db, page)
    result = cli("note", "list", "--json")
    assert "Traceback" not in result.err
    if health.check_database(db, thorough=True) == "ok" and "damaged" not in result.err:
        # This page held nothing the checks see: the stored values may still be wrong,
        # and then they read as empty instead of crashing (doctor reports them).
        assert result.code == 0
        return
    assert result.code == 0, result.err
    assert "was damaged" in result.err and "set aside" in result.err
    assert "backup of" in result.err
    damaged = data_dir / "referentiel.sqlite3.damaged"
    assert damaged.exists()
    texts = {n["text"] for n in result.json()}
    assert len(texts) == 30 and "Écrite après la sauvegarde" not in texts
    assert health.check_database(db, thorough=True) == "ok"
    assert cli("doctor").code == 0


def test_with_no_backup_a_new_file_is_started_and_the_damaged_one_kept(
    cli: Any, data_dir: Path
) -> None:
    _add(cli, "Seule note")
    db = data_dir / "referentiel.sqlite3"
    _zero_page(db, 1)
    result = cli("note", "list", "--json")
    assert result.code == 0, result.err
    assert "no backup to put back" in result.err
    assert (data_dir / "referentiel.sqlite3.damaged").read_bytes()[:PAGE] == bytes(PAGE)
    assert result.json() == []
    assert cli("list", "--json").code == 0  # the referential is installed afresh


def test_the_message_names_only_backups_that_exist(data_dir: Path) -> None:
    Workspace.open(data_dir).close()
    db = data_dir / "referentiel.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(Exception) as caught:
        Workspace.open(data_dir)
    assert "backups" not in str(caught.value)
    assert "newer Référentiel Desktop" in str(caught.value)


def test_an_unclean_stop_is_seen_and_its_marker_cleared(data_dir: Path) -> None:
    Workspace.open(data_dir).close()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    marker = data_dir / health.RUNNING_FOLDER / gone.stdout.strip()
    marker.touch()
    assert health.RunningMarker(data_dir).previous_stop_was_unclean()
    assert not marker.exists()
    assert not health.RunningMarker(data_dir).previous_stop_was_unclean()


def test_a_clean_close_leaves_no_marker(data_dir: Path) -> None:
    with Workspace.open(data_dir):
        assert list((data_dir / health.RUNNING_FOLDER).iterdir())
    assert list((data_dir / health.RUNNING_FOLDER).iterdir()) == []
