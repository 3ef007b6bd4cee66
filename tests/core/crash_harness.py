"""kill -9 rounds over a data folder, run in parallel, with what survived counted.

Used by ``test_crash_safety.py`` and by ``benchmarks/kill9.py`` (which prints figures).
``crash_writer.py`` forks one writer per round, lets it write for a random moment and
kills it with SIGKILL; then the folder is opened as a user would open it next.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

WRITER = Path(__file__).with_name("crash_writer.py")
PLAN = [
    ("notes", 30),
    ("backups", 25),
    ("referential", 15),
    ("referential", 15),
    ("presets", 25),
    ("restore", 15),
    ("set-aside", 15),
]
"""(mode, kills) for each writer, each on its own folder: 140 kills in all. A `referential
load` round lives longest, so its kills are shared between two writers. ``restore`` and
``set-aside`` race a writer that is never killed (see ``crash_writer.py``)."""


@dataclass
class Outcome:
    mode: str
    kills: int
    seconds: float = 0.0
    notes: set[str] = field(default_factory=set)
    backups: list[str] = field(default_factory=list)
    editions: list[int] = field(default_factory=list)
    presets: set[str] = field(default_factory=set)
    integrity: str = ""
    stored_notes: set[str] = field(default_factory=set)
    stored_edition: int = 0
    stored_presets: set[str] = field(default_factory=set)
    unsound_backups: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    stray_parts: list[str] = field(default_factory=list)
    restores: int = 0
    set_aside: int = 0
    refused: int = 0
    backup_notes: set[str] = field(default_factory=set)
    damaged_files: list[str] = field(default_factory=list)

    @property
    def lost_notes(self) -> set[str]:
        """Acknowledged notes found nowhere: a restore may put a note in the safety
        backup it makes rather than in the restored data, so backups count there."""
        kept = self.stored_notes | (self.backup_notes if self.mode == "restore" else set())
        return self.notes - kept

    def summary(self) -> str:
        lost = len(self.lost_notes) + len(self.presets - self.stored_presets)
        return (
            f"{self.mode:<12} kills={self.kills:<3} acknowledged notes={len(self.notes):<4} "
            f"backups={len(self.backups):<3} presets={len(self.presets):<3} "
            f"editions={len(self.editions):<3} restores={self.restores:<3} "
            f"set-asides refused={self.refused:<4} lost={lost} "
            f"integrity={self.integrity} unsound backups={len(self.unsound_backups)} "
            f"seconds={self.seconds:.1f}"
        )


def _run_writer(data: Path, mode: str, kills: int, seed: int, outcome: Outcome) -> None:
    done = subprocess.run(
        [sys.executable, str(WRITER), str(data), mode, str(kills), str(seed)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise AssertionError(f"{mode} writer failed: {done.stderr[-2000:]}")
    for line in done.stdout.splitlines():
        kind, _space, value = line.strip().partition(" ")
        if kind == "note":
            outcome.notes.add(value)
        elif kind == "backup":
            outcome.backups.append(value)
        elif kind == "preset":
            outcome.presets.add(value)
        elif kind == "edition":
            outcome.editions.append(int(value))
        elif kind == "killed":
            outcome.kills += 1
        elif kind == "held":
            outcome.backup_notes.add(value)
        elif kind == "restore":
            outcome.restores += 1
        elif kind == "setaside":
            outcome.set_aside += 1
        elif kind == "refused":
            outcome.refused += 1


def _inspect(data: Path, outcome: Outcome) -> None:
    from referentiel_desktop.store import backups
    from referentiel_desktop.workspace import Workspace

    with sqlite3.connect(data / "referentiel.sqlite3") as conn:
        outcome.integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        outcome.stored_notes = {row[0] for row in conn.execute("SELECT id FROM note")}
        outcome.stored_edition = conn.execute("SELECT version FROM edition").fetchone()[0]
        outcome.stored_presets = {
            name
            for name, definition in conn.execute("SELECT name, definition_json FROM booklet_preset")
            if isinstance(json.loads(definition), dict)
        }
    conn.close()
    for item in backups.list_backups(data):
        if backups.quick_check(item.path) != "ok":
            outcome.unsound_backups.append(item.path.name)
            continue
        with sqlite3.connect(item.path) as kept:
            outcome.backup_notes |= {row[0] for row in kept.execute("SELECT id FROM note")}
        kept.close()
    outcome.damaged_files = [p.name for p in data.glob("*.damaged*")]
    # Opened again as the user would: the checks at open must find nothing to recover,
    # and the next backup clears what the killed writers left half-written.
    with Workspace.open(data) as workspace:
        outcome.notices = list(workspace.notices)
        workspace.backup("manual")
    folder = backups.backup_dir(data)
    outcome.stray_parts = [p.name for p in folder.glob("*.part*")] if folder.is_dir() else []


def run_mode(root: Path, mode: str, kills: int, shard: int, seed: int = 20261128) -> Outcome:
    from referentiel_desktop.workspace import Workspace

    data = root / f"{mode}-{shard}"
    Workspace.open(data).close()
    outcome = Outcome(mode, 0)
    started = time.monotonic()
    _run_writer(data, mode, kills, seed + shard, outcome)
    outcome.seconds = time.monotonic() - started
    _inspect(data, outcome)
    return outcome


def run_all(root: Path, plan: list[tuple[str, int]] | None = None) -> list[Outcome]:
    """Every writer at once, each on its own folder: they mostly wait for their kill, so
    four share two cores well."""
    chosen = plan or PLAN
    with ThreadPoolExecutor(max_workers=len(chosen)) as pool:
        futures = [
            pool.submit(run_mode, root, mode, kills, shard)
            for shard, (mode, kills) in enumerate(chosen)
        ]
        return [f.result() for f in futures]
