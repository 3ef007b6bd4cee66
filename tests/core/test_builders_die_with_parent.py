"""Index builders die with their parent, and a lock held by a dead builder is never waited
on (issue 17): kill -9 of ``index rebuild`` once left its two worker processes running
for good, holding the builder's lock, and every later rebuild waited forever."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from referentiel_desktop.search.index import PARALLEL_THRESHOLD, SearchIndex
from referentiel_desktop.search.location import IndexHome
from referentiel_desktop.workspace import Workspace

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc, SIGKILL")


def _children(pid: int) -> set[int]:
    """The live processes whose parent is ``pid`` (zombies count as gone)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            state, parent = stat.rsplit(")", 1)[1].split()[:2]
            if int(parent) == pid and state != "Z":
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _until(condition: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return bool(condition())


def _many_notes(workspace: Workspace, data_dir: Path, count: int) -> None:
    """``count`` notes written in one statement: enough for a build with worker processes."""
    from referentiel_desktop.annotations import notes

    notes.add_note(workspace, "engagement.b3", "La confiance « se gagne »", author="Élise")
    conn = sqlite3.connect(data_dir / "referentiel.sqlite3")
    with conn:
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
            " INSERT INTO note (id, created_at, updated_at, target_id, text, visibility,"
            " author_id) SELECT printf('00000000-0000-4000-8000-%012d', i), created_at,"
            " updated_at, target_id, text || ' numéro ' || i || ' coopération territoriale',"
            " visibility, author_id FROM n, (SELECT * FROM note LIMIT 1)",
            (count,),
        )
    conn.close()


def test_kill_9_of_a_rebuild_takes_its_workers_along_and_the_next_rebuild_completes(
    workspace: Workspace, data_dir: Path, cli: Any
) -> None:
    _many_notes(workspace, data_dir, PARALLEL_THRESHOLD + 3000)
    rebuild = subprocess.Popen(
        [sys.executable, "-m", "referentiel_desktop", "--data-dir", str(data_dir), "index",
         "rebuild"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    workers: set[int] = set()
    try:
        assert _until(lambda: len(_children(rebuild.pid)) >= 2, 120), "no worker processes"
        workers = _children(rebuild.pid)
        os.kill(rebuild.pid, signal.SIGKILL)
        rebuild.wait()
        assert _until(lambda: not any(_alive(w) for w in workers), 5), "workers outlived it"
        after = subprocess.run(
            [sys.executable, "-m", "referentiel_desktop", "--data-dir", str(data_dir), "index",
             "rebuild"],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert after.returncode == 0, after.stderr
        assert "Search index rebuilt" in after.stdout
        doctor = cli("doctor", "--json").json()
        index = next(check for check in doctor["checks"] if check["name"] == "index")
        assert index["ok"] and doctor["ok"], doctor
    finally:
        if rebuild.poll() is None:
            rebuild.kill()
        for worker in workers:  # what the old code left behind, so the run goes on
            if _alive(worker):
                os.kill(worker, signal.SIGKILL)


ORPHAN = """
import os, sys, time
from pathlib import Path
from referentiel_desktop.search.location import IndexHome
with IndexHome(Path(sys.argv[1])).builder_lock():
    child = os.fork()  # shares the lock, as a worker process forked by a builder does
    if child == 0:
        time.sleep(600)
        os._exit(0)
    print(child, flush=True)
    time.sleep(600)
"""


def test_a_lock_whose_recorded_holder_is_dead_is_taken_over_at_once(
    workspace: Workspace,
) -> None:
    home = IndexHome(workspace.index_dir)
    holder = subprocess.Popen(
        [sys.executable, "-c", ORPHAN, str(home.folder)], stdout=subprocess.PIPE, text=True
    )
    orphan = 0
    try:
        assert holder.stdout is not None
        orphan = int(holder.stdout.readline())
        os.kill(holder.pid, signal.SIGKILL)  # the builder dies; its child keeps the lock
        holder.wait()
        assert _alive(orphan)
        result: list[int] = []
        import threading

        worker = threading.Thread(target=lambda: result.append(SearchIndex(workspace).rebuild()))
        worker.daemon = True
        worker.start()
        worker.join(timeout=120)
        assert result and result[0] > 100, "the rebuild waited on a dead builder's lock"
    finally:
        if holder.poll() is None:
            holder.kill()
        if orphan and _alive(orphan):
            os.kill(orphan, signal.SIGKILL)
