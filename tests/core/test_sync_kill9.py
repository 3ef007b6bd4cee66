"""kill -9 during a sync loses nothing and leaves nothing half-applied: a laptop's sync
process is killed at random moments while it pulls 300 notes from a real server (or
merges them from a shared folder); after each kill the data is whole and holds either
none of them or all of them, and the next sync completes."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.core.couch_server import ADMIN, couch_server
from tests.core.exchange_helpers import Laptop, balise

NOTES = 300
KILLS = 6


def _pulled(folder: Path) -> tuple[str, int]:
    """The database's integrity and how many of the notes it holds."""
    with sqlite3.connect(folder / "referentiel.sqlite3") as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        count = conn.execute("SELECT count(*) FROM note WHERE text LIKE 'Lot %'").fetchone()[0]
    return integrity, int(count)


def _killed_runs(
    folder: Path, arguments: list[str], seed: int, within: tuple[float, float]
) -> list[int]:
    """Run ``sync`` and kill it with SIGKILL after a random moment, ``KILLS`` times;
    the notes found after each kill."""
    rng = random.Random(seed)
    found: list[int] = []
    environment = {**os.environ, "REFERENTIEL_DESKTOP_SYNC_PASSWORD": ADMIN[1]}
    for _round in range(KILLS):
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "referentiel_desktop",
                "--data-dir",
                str(folder),
                "sync",
                *arguments,
            ],  # fmt: skip
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(*within))
        process.send_signal(signal.SIGKILL)
        process.wait()
        integrity, count = _pulled(folder)
        assert integrity == "ok"
        assert count in (0, NOTES), count  # all of them or none: never half-merged
        found.append(count)
    return found


@pytest.fixture
def anne(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Laptop:
    laptop = Laptop(tmp_path / "anne", capsys)
    target = balise(laptop)
    from referentiel_desktop.annotations.notes import add_note
    from referentiel_desktop.workspace import Workspace

    with Workspace.open(laptop.folder) as workspace:
        for number in range(NOTES):
            add_note(workspace, target, f"Lot {number} — l’œuvre « commune »")
    return laptop


def test_kill_9_during_a_server_sync(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], anne: Laptop,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("REFERENTIEL_DESKTOP_SYNC_PASSWORD", ADMIN[1])
    with couch_server(tmp_path / "server") as server:
        url = server.url("equipe-kill")
        anne.ok("sync", url)
        bruno = Laptop(tmp_path / "bruno", capsys)
        bruno.ok("note", "add", "--target", balise(bruno), "--text", "De Bruno")
        _killed_runs(bruno.folder, [url], seed=9, within=(0.5, 4.0))
        final = bruno.ok("sync", url)
        assert final["conflicts"] == 0 and final["refused"] == 0
        assert _pulled(bruno.folder) == ("ok", NOTES)
        assert "De Bruno" in {n["text"] for n in anne.ok("sync", url) and anne.ok("note", "list")}


def test_kill_9_during_a_folder_sync(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], anne: Laptop
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    anne.ok("sync", "--folder", str(shared))
    bruno = Laptop(tmp_path / "bruno", capsys)
    bruno.ok("note", "add", "--target", balise(bruno), "--text", "De Bruno")
    _killed_runs(bruno.folder, ["--folder", str(shared)], seed=17, within=(0.2, 1.5))
    bruno.ok("sync", "--folder", str(shared))
    assert _pulled(bruno.folder) == ("ok", NOTES)
    visible = sorted(p.name for p in shared.iterdir() if not p.name.startswith("."))
    assert len(visible) == 2 and all(name.endswith(".rdbundle") for name in visible)
    anne.ok("sync", "--folder", str(shared))
    assert "De Bruno" in {n["text"] for n in anne.ok("note", "list")}
