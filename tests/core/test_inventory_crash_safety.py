"""kill -9 while answering the inventory: the database stays sound and every acknowledged
answer is there, holding what was acknowledged or a later write (answers are rewritten in
place, one per question and day)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from referentiel_desktop.inventory.scale import POSITIONS

WRITER = Path(__file__).with_name("crash_inventory_writer.py")
ROUNDS = 40


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the writer forks (POSIX)")
def test_kill_9_loses_no_acknowledged_inventory_answer(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = subprocess.run(
        [sys.executable, str(WRITER), str(data), str(ROUNDS), "20261128"],
        capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    lines = done.stdout.splitlines()
    assert lines.count("killed") == ROUNDS
    acknowledged: dict[str, int] = {}
    for line in lines:
        if line != "killed":
            answer_id, step = line.split()
            acknowledged[answer_id] = max(acknowledged.get(answer_id, -1), int(step))
    assert len(acknowledged) > 1, "no write was acknowledged after a kill"
    with sqlite3.connect(data / "referentiel.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT id, position, text, rev FROM inventory_answer").fetchall()
    stored = {row[0]: row[1:] for row in rows}
    for answer_id, step in acknowledged.items():
        position, text, rev = stored[answer_id]
        # The stored text names the write that put it there: the acknowledged one or later.
        written = int(text.split("n° ")[1].split(" ")[0])
        assert written >= step and position == POSITIONS[written % len(POSITIONS)]
        assert rev.split("-")[0].isdigit()
