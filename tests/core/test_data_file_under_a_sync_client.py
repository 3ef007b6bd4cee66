"""The data file under a sync client (issue 17): a removed ``-wal`` loses nothing, a data
file moved or replaced under a running process is noticed before its next write, and
nobody sets aside a file that another process of ours has open."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from referentiel_desktop.annotations.notes import add_note, list_notes
from referentiel_desktop.errors import UserError
from referentiel_desktop.store.file_watch import DataFileReplacedError, JournalRemovedError
from referentiel_desktop.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]


def _other_process(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "REFERENTIEL_DESKTOP_DATA_DIR": str(data_dir),
        "PYTHONPATH": str(REPO / "src"),
    }
    return subprocess.run(
        [sys.executable, "-m", "referentiel_desktop", *args],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip


def test_a_removed_journal_loses_no_acknowledged_note(data_dir: Path) -> None:
    workspace = Workspace.open(data_dir)
    try:
        saved = [
            add_note(workspace, "engagement.b3", f"Note n° {i} « œuvre »").id for i in range(40)
        ]
        Path(f"{workspace.db_path}-wal").unlink()  # what OneDrive does to files it does not know
        other = _other_process(data_dir, "note", "list", "--json")
        assert "Traceback" not in other.stderr
        assert not list(data_dir.glob("*.damaged*")), "a file in use was set aside"
        with pytest.raises(JournalRemovedError, match="journal"):
            add_note(workspace, "engagement.b3", "Celle qui a vu")
        saved.append(add_note(workspace, "engagement.b3", "La suivante passe").id)
    finally:
        workspace.close()
    with Workspace.open(data_dir) as reopened:
        assert set(saved) <= {n.id for n in list_notes(reopened)}
        assert reopened.notices == []


@pytest.mark.parametrize("how", ["moved", "replaced"])
def test_a_data_file_moved_or_replaced_is_written_no_more(data_dir: Path, how: str) -> None:
    workspace = Workspace.open(data_dir)
    try:
        add_note(workspace, "engagement.b3", "Avant")
        db = workspace.db_path
        aside = db.with_name("referentiel.sqlite3.damaged")
        for suffix in ("", "-wal", "-shm"):  # as another process sets a file aside
            if Path(f"{db}{suffix}").exists():
                os.replace(f"{db}{suffix}", f"{aside}{suffix}")
        if how == "replaced":
            source, copy = sqlite3.connect(aside), sqlite3.connect(db)
            source.backup(copy)
            source.close()
            copy.close()
        for _attempt in range(2):  # and it stays stopped
            with pytest.raises(DataFileReplacedError, match="moved, replaced or removed"):
                add_note(workspace, "engagement.b3", "Perdue ?")
    finally:
        workspace.close()
    conn = sqlite3.connect(aside)
    assert [row[0] for row in conn.execute("SELECT text FROM note")] == ["Avant"]
    conn.close()


def test_no_one_sets_aside_a_file_another_process_has_open(data_dir: Path) -> None:
    with Workspace.open(data_dir) as workspace:
        add_note(workspace, "engagement.b3", "Gardée")
        workspace.backup("manual")
    db = data_dir / "referentiel.sqlite3"
    with open(db, "r+b") as file:
        file.seek(4096)
        file.write(b"\xff" * 8192)
    # Another process of ours holds the folder open (its running marker, a live pid).
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (data_dir / ".running").mkdir(exist_ok=True)
        (data_dir / ".running" / str(sleeper.pid)).touch()
        with pytest.raises(UserError, match="another window or command"):
            Workspace.open(data_dir)
        assert db.exists() and not list(data_dir.glob("*.damaged*"))
    finally:
        sleeper.kill()
        sleeper.wait()
    with Workspace.open(data_dir) as workspace:  # once it is gone, the recovery runs
        assert [n.text for n in list_notes(workspace)] == ["Gardée"]


@pytest.mark.parametrize(
    ("synced", "marker", "client"),
    [
        ("OneDrive - Mairie du Mené", "", "OneDrive"),
        ("Partage équipe", ".stfolder", "Syncthing"),
        ("Équipe", ".sync_3f2a9c.db", "Nextcloud"),
    ],
)
def test_a_data_folder_inside_a_synced_folder_is_warned_of(
    tmp_path: Path, synced: str, marker: str, client: str
) -> None:
    (tmp_path / synced).mkdir()
    if marker:
        (tmp_path / synced / marker).touch()
    with Workspace.open(tmp_path / synced / "Référentiel") as workspace:
        assert any(client in notice and "synchronises" in notice for notice in workspace.notices)
    with Workspace.open(tmp_path / "Documents" / "Référentiel") as workspace:
        assert not any("synchronises" in notice for notice in workspace.notices)
