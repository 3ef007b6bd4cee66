"""A command pauses Python's cycle collector while it starts, and only then
(``cli/collector.py``): its own work collects as usual, and a test process calling
``run`` in-process keeps its collector as it was."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from referentiel_desktop.cli import run

AFTER_A_COMMAND = """
import gc, sys
from referentiel_desktop.__main__ import main
code = main(["--data-dir", sys.argv[1], *sys.argv[2:]])
print("exit", code, "enabled", gc.isenabled(), "frozen", gc.get_freeze_count() > 0)
"""


def _command(data: Path, *args: str) -> str:
    env = {**os.environ, "REFERENTIEL_DESKTOP_CACHE_DIR": str(data / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", AFTER_A_COMMAND, str(data), *args],
        capture_output=True, text=True, timeout=120, env=env, check=True,
    )  # fmt: skip
    return done.stdout.strip().splitlines()[-1]


def test_a_command_collects_as_usual_once_its_workspace_is_open(tmp_path: Path) -> None:
    data = tmp_path / "data"
    added = _command(data, "note", "add", "--target", "engagement.b3", "--text", "Écrite « ici »")
    assert added == "exit 0 enabled True frozen True"
    assert _command(data, "note", "list") == "exit 0 enabled True frozen True"


def test_run_in_process_leaves_the_collector_as_found(tmp_path: Path, capsys: Any) -> None:
    assert gc.isenabled()
    assert run(["--data-dir", str(tmp_path / "data"), "note", "list"]) == 0
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        assert run(["--data-dir", str(tmp_path / "data"), "note", "list"]) == 0
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()
