"""kill -9 during saves: the database stays sound and every acknowledged save is there."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from referentiel_desktop.workspace import Workspace

WRITER = Path(__file__).with_name("crash_writer.py")
ROUNDS = 50


def test_kill_9_loses_no_acknowledged_save(tmp_path: Path) -> None:
    data = tmp_path / "data"
    Workspace.open(data).close()
    acknowledged: set[str] = set()
    rng = random.Random(20261124)
    for _ in range(ROUNDS):
        process = subprocess.Popen(
            [sys.executable, str(WRITER), str(data)],
            stdout=subprocess.PIPE, text=True, bufsize=1,
        )  # fmt: skip
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.08))
        os.kill(process.pid, signal.SIGKILL)
        for line in process.stdout.read().splitlines():
            if line.strip():
                acknowledged.add(line.strip())
        process.wait()
    assert len(acknowledged) > ROUNDS
    with sqlite3.connect(data / "referentiel.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in conn.execute("SELECT id FROM note")}
    assert acknowledged <= stored
