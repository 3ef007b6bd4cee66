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

from referentiel_desktop.inventory.scale import POSITIONS
from referentiel_desktop.workspace import Workspace

WRITER = Path(__file__).with_name("crash_writer.py")
INVENTORY_WRITER = Path(__file__).with_name("crash_inventory_writer.py")
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


def test_kill_9_loses_no_acknowledged_inventory_answer(tmp_path: Path) -> None:
    """Answers are overwritten in place (one per question and day): after each crash,
    the stored position of every acknowledged answer is the last one acknowledged, or
    a later write's that committed before the kill was read."""
    data = tmp_path / "data"
    Workspace.open(data).close()
    last: dict[str, tuple[int, str]] = {}
    rng = random.Random(20261128)
    start = 0
    for _ in range(ROUNDS // 2):
        process = subprocess.Popen(
            [sys.executable, str(INVENTORY_WRITER), str(data), str(start)],
            stdout=subprocess.PIPE, text=True, bufsize=1,
        )  # fmt: skip
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.08))
        os.kill(process.pid, signal.SIGKILL)
        for line in process.stdout.read().splitlines():
            if line.strip():
                answer_id, position, step = line.split()
                last[answer_id] = (int(step), position)
                start = max(start, int(step) + 1)
        process.wait()
        start += 1  # a write that committed unacknowledged is simply overwritten later
    assert len(last) > 5
    with sqlite3.connect(data / "referentiel.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT id, position, text FROM inventory_answer").fetchall()
    stored = {row[0]: (row[1], row[2]) for row in rows}
    for answer_id, (step, _position) in last.items():
        position, text = stored[answer_id]
        # The stored text names the write that put it there: the acknowledged one or later.
        written = int(text.split("n° ")[1].split(" ")[0])
        assert written >= step and position == POSITIONS[written % len(POSITIONS)]
