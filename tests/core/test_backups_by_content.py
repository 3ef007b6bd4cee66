"""Backups are chosen by what they hold, not by their names or the clock (issue 17):
empty files, links to devices, FIFOs, crafted databases and odd names never count, never
crash, never make a real backup go; recovery puts back the one holding the most work."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from referentiel_desktop.annotations.notes import add_note, list_notes
from referentiel_desktop.store import backup_files, backups
from referentiel_desktop.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]


def _named(data_dir: Path, when: datetime, reason: str = "daily") -> Path:
    folder = backups.backup_dir(data_dir)
    folder.mkdir(exist_ok=True)
    return folder / f"referentiel-{when.strftime(backups._STAMP)}-{reason}.sqlite3"


def _damage(db: Path) -> None:
    with open(db, "r+b") as file:
        file.seek(4096)
        file.write(b"\xff" * 8192)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def _texts(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {row[0] for row in conn.execute("SELECT text FROM note")}
    finally:
        conn.close()


def _cli(data_dir: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "REFERENTIEL_DESKTOP_DATA_DIR": str(data_dir),
        "PYTHONPATH": str(REPO / "src"),
    }
    return subprocess.run(
        [sys.executable, "-m", "referentiel_desktop", *args],
        capture_output=True, text=True, env=env, timeout=timeout, check=False,
    )  # fmt: skip


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero (POSIX)")
def test_empty_files_device_links_and_fifos_are_never_put_back(data_dir: Path) -> None:
    with Workspace.open(data_dir) as workspace:
        add_note(workspace, "engagement.b3", "Gardée « œuvre »")
        workspace.backup("manual")
    later = datetime.now(UTC) + timedelta(seconds=5)
    _named(data_dir, later).write_bytes(b"")
    _named(data_dir, later + timedelta(seconds=1), "manual").symlink_to("/dev/zero")
    os.mkfifo(_named(data_dir, later + timedelta(seconds=2), "import"))
    _damage(data_dir / "referentiel.sqlite3")
    # In a process of its own: a FIFO taken for a backup would hang it for good.
    listed = _cli(data_dir, "note", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert "Gardée « œuvre »" in listed.stdout
    assert "was put back" in listed.stderr + listed.stdout


def test_invalid_files_never_make_thinning_delete_real_backups(data_dir: Path) -> None:
    real: list[Path] = []
    with Workspace.open(data_dir) as workspace:
        for number in range(3):
            add_note(workspace, "engagement.b3", f"Note {number}")
            real.append(workspace.backup("manual").path)
        future = datetime.now(UTC) - timedelta(days=400)
        for number in range(200):
            _named(data_dir, future + timedelta(hours=number)).write_bytes(b"junk" * 200)
        made = workspace.backup("manual")
    assert all(path.exists() for path in [*real, made.path])
    assert backups.best_backup(data_dir) == made
    assert len(backups.valid_backups(data_dir)) == 4


def test_an_oddly_named_file_stops_nothing_and_doctor_tells_it(cli: Any, data_dir: Path) -> None:
    assert cli("note", "add", "--target", "engagement.b3", "--text", "Là").code == 0
    odd = backups.backup_dir(data_dir) / "referentiel-20261399T101010000000Z-daily.sqlite3"
    odd.parent.mkdir(exist_ok=True)
    odd.write_bytes(b"x")
    listed = cli("note", "list", "--json")
    assert listed.code == 0 and "Unexpected error" not in listed.err
    assert cli("backup").code == 0
    found = cli("doctor")
    assert found.code == 1 and odd.name in found.out
    repaired = cli("doctor", "--repair")
    assert repaired.code == 0, repaired.out
    assert not odd.exists() and (odd.parent / "set-aside" / odd.name).exists()  # kept, aside
    assert cli("doctor").code == 0


def test_recovery_puts_back_the_backup_holding_the_most_work(data_dir: Path) -> None:
    with Workspace.open(data_dir) as workspace:
        add_note(workspace, "engagement.b3", "Ancienne")
        older = workspace.backup("manual")
        add_note(workspace, "engagement.b3", "Récente")
        newer = workspace.backup("manual")
    # A clock once set to 2099 named the older one as the newest.
    dated_2099 = older.path.with_name(
        backup_files.backup_name(datetime(2099, 1, 1, tzinfo=UTC), "daily", older.position or 0)
    )
    older.path.rename(dated_2099)
    _damage(data_dir / "referentiel.sqlite3")
    with Workspace.open(data_dir) as workspace:
        assert {n.text for n in list_notes(workspace)} == {"Ancienne", "Récente"}
        assert any("clock" in notice for notice in workspace.notices)
    assert newer.path.exists()


def test_a_clock_in_the_future_once_does_not_stop_daily_backups(data_dir: Path) -> None:
    db = data_dir / "referentiel.sqlite3"
    with Workspace.open(data_dir) as workspace:
        add_note(workspace, "engagement.b3", "Avant")
        made = backups.backup_database(data_dir, db, "daily", now=datetime(2099, 1, 1, tzinfo=UTC))
        add_note(workspace, "engagement.b3", "Après")
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert backups.daily_backup_due(data_dir, db, now=tomorrow)
    assert made.path.exists()
    assert "clock" in backups.clock_problem(data_dir)


@pytest.mark.skipif(shutil.which("faketime") is None, reason="needs faketime")
def test_a_clock_in_the_past_keeps_the_restore_safety_backup(data_dir: Path) -> None:
    with Workspace.open(data_dir) as workspace:
        for number in range(8):
            add_note(workspace, "engagement.b3", f"Suivante {number}")
            workspace.backup("manual")
        add_note(workspace, "engagement.b3", "Juste avant « la panne »")
    kept = backups.valid_backups(data_dir)
    first = kept[-1].backup
    env = {
        **os.environ,
        "REFERENTIEL_DESKTOP_DATA_DIR": str(data_dir),
        "PYTHONPATH": str(REPO / "src"),
    }
    past = ["faketime", "2001-01-01 08:00:00", sys.executable, "-m", "referentiel_desktop"]
    restored = subprocess.run(
        [*past, "restore", str(first.path)], capture_output=True, text=True, env=env, timeout=120,
        check=False,
    )  # fmt: skip
    assert restored.returncode == 0, restored.stderr
    assert "clock" in restored.stdout + restored.stderr
    safety = [b for b in backups.list_backups(data_dir) if b.reason == "restore"]
    assert len(safety) == 1 and "Juste avant « la panne »" in _texts(safety[0].path)
    again = subprocess.run(
        [*past, "backup"], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert again.returncode == 0, again.stderr
    # Thinning waits for the clock: every backup made before is still there.
    assert all(item.backup.path.exists() for item in kept)


def _crafted(source: Path, target: Path, statement: str) -> Path:
    shutil.copy(source, target)
    conn = sqlite3.connect(target)
    with conn:
        conn.execute(statement)
    conn.close()
    return target


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        (
            "CREATE TRIGGER leak AFTER INSERT ON note BEGIN "
            "UPDATE note SET visibility = 'team'; END",
            "trigger leak",
        ),
        ("CREATE VIEW everything AS SELECT * FROM note", "view everything"),
        ("DROP TABLE inventory_link", "inventory_link"),
    ],
)
def test_a_crafted_backup_is_refused_with_why(
    cli: Any, data_dir: Path, tmp_path: Path, statement: str, words: str
) -> None:
    assert (
        cli("note", "add", "--target", "engagement.b3", "--text", "Privée", "--private").code == 0
    )
    made = cli("backup", "--json").json()["path"]
    crafted = _crafted(Path(made), tmp_path / "crafted.sqlite3", statement)
    before = _texts(data_dir / "referentiel.sqlite3")
    result = cli("restore", str(crafted))
    assert result.code == 1 and "cannot be put back" in result.err and words in result.err
    assert _texts(data_dir / "referentiel.sqlite3") == before


def test_doctor_finds_and_repairs_a_tampered_live_schema(cli: Any, data_dir: Path) -> None:
    assert cli("note", "add", "--target", "engagement.b3", "--text", "Là").code == 0
    conn = sqlite3.connect(data_dir / "referentiel.sqlite3")
    with conn:
        conn.execute(
            "CREATE TRIGGER leak AFTER INSERT ON note BEGIN UPDATE note SET visibility='team'; END"
        )
        conn.execute("DROP INDEX ix_note_target_id")
    conn.close()
    found = cli("doctor", "--json")
    assert found.code == 1
    schema = next(c for c in found.json()["checks"] if c["name"] == "schema")
    assert any("leak" in p for p in schema["problems"])
    assert any("ix_note_target_id" in p for p in schema["problems"])
    assert cli("doctor", "--repair").code == 0
    assert cli("doctor").code == 0


def test_restore_while_another_process_writes_loses_no_acknowledged_note(
    data_dir: Path, tmp_path: Path
) -> None:
    with Workspace.open(data_dir) as workspace:
        add_note(workspace, "engagement.b3", "Dans la sauvegarde")
        old = workspace.backup("manual")
    stop = tmp_path / "stop"
    env = {**os.environ, "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{REPO}"}
    writer = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("note_writer.py")), str(data_dir), str(stop)],
        stdout=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert writer.stdout is not None
    acknowledged: list[str] = []
    while len(acknowledged) < 20:  # the writer is well under way
        line = writer.stdout.readline()
        if line.startswith("note "):
            acknowledged.append(line.split()[1])
    with Workspace.open(data_dir) as workspace:
        safety = workspace.restore(old.path)
        restored_at = workspace.latest_seq()
    for _round in range(20):  # and goes on after the restore
        line = writer.stdout.readline()
        if line.startswith("note "):
            acknowledged.append(line.split()[1])
    stop.touch()
    rest, _err = writer.communicate(timeout=60)
    acknowledged += [line.split()[1] for line in rest.splitlines() if line.startswith("note ")]
    assert safety is not None and restored_at > 0
    kept: set[str] = set()
    for db in (data_dir / "referentiel.sqlite3", safety.path):
        conn = sqlite3.connect(db)
        kept |= {row[0] for row in conn.execute("SELECT id FROM note")}
        conn.close()
    lost = set(acknowledged) - kept
    assert not lost, f"{len(lost)} of {len(acknowledged)} acknowledged notes lost"


@pytest.mark.skipif(shutil.which("faketime") is None, reason="needs faketime")
def test_a_note_saved_with_the_clock_far_ahead_is_noticed_later(data_dir: Path) -> None:
    env = {
        **os.environ,
        "REFERENTIEL_DESKTOP_DATA_DIR": str(data_dir),
        "PYTHONPATH": str(REPO / "src"),
    }
    ahead = ["faketime", "2099-06-01 12:00:00", sys.executable, "-m", "referentiel_desktop"]
    added = subprocess.run(
        [*ahead, "note", "add", "--target", "engagement.b3", "--text", "Écrite en 2099"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    for item in backups.list_backups(data_dir):  # only the note says it, not a backup
        item.path.unlink()
    with Workspace.open(data_dir) as workspace:
        assert any("something was saved on 2099" in notice for notice in workspace.notices)
