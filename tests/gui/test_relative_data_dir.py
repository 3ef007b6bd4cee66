"""The window starts on a relative data folder, the first time and the next."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from referentiel_desktop import paths


def test_the_window_starts_on_a_relative_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != paths.DATA_DIR_ENV}
    env["QT_QPA_PLATFORM"] = "offscreen"
    app = [sys.executable, "-m", "referentiel_desktop"]
    for start, (args, extra) in enumerate(
        [(["--data-dir", "data"], {}), ([], {paths.DATA_DIR_ENV: "data"})]
    ):
        shot = tmp_path / f"window-{start}.png"  # grabbed once the window is up, then it quits
        run_env = {**env, **extra, "REFERENTIEL_DESKTOP_SCREENSHOT": str(shot)}
        result = subprocess.run(
            [*app, *args], capture_output=True, text=True, timeout=120, env=run_env, cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr  # the second start paints from SQLite
        assert "Traceback" not in result.stderr
        assert shot.stat().st_size > 10_000
    assert (tmp_path / "data" / "referentiel.sqlite3").exists()
