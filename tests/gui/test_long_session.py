"""A long session does not wear the window down.

PySide6 6.12.0 loses a reference to ``None`` at every call of a Qt method that returns
nothing; on CPython 3.11 the window aborted ("none_dealloc") after about 41,000 of them,
a few hours of ordinary use (``gui/common/immortal.py``). Run in a process of its own:
without the protection, the abort would take the whole test session with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SESSION = r"""
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from referentiel_desktop.gui.app import create_main_window

app = QApplication([])
window = create_main_window(Path(sys.argv[1]), app, defer_workspace=False)
window.show()
app.processEvents()
field = window.search.panel.field
before = sys.getrefcount(None)
for i in range(60_000):  # what hours of typing and reading ask of Qt
    field.setText("confiance" if i % 2 else "coopération")
    app.processEvents()
print("lost", before - sys.getrefcount(None), flush=True)
window.workspace.close()
print("closed after 120000 calls", flush=True)
"""


def test_a_window_survives_more_qt_calls_than_none_has_references(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env["REFERENTIEL_DESKTOP_CACHE_DIR"] = str(tmp_path / "cache")
    done = subprocess.run(
        [sys.executable, "-c", SESSION, str(tmp_path / "data")],
        capture_output=True, text=True, timeout=600, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "closed after 120000 calls" in done.stdout
