"""Time from process start to the main window painted, beside a bare PySide6 window;
then from that first paint to the first search answered (« confiance » typed at once).

A third process, the bare window that names one enum of Qt's namespace (as every window
that docks, aligns or orients a widget must), shows what that namespace costs: PySide6
makes all its 94 enums, 1,199 members, with Python's ``enum`` module the first time any
of them is named. The goal's ratio stays the one against the bare window.

    python benchmarks/startup.py [--runs 11]

Each run is a fresh process (offscreen unless QT_QPA_PLATFORM is set). The child prints
the monotonic clock at its first paint; the parent subtracts the moment it spawned it.
The data folder is prepared once, so runs measure an ordinary start, not the first one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView
class Probe(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(f"first-paint {time.monotonic():.6f} cpu={time.process_time():.6f}", flush=True)
            obj.removeEventFilter(self)
            QTimer.singleShot(0, app.quit)
        return False
app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QTreeView())
probe = Probe()
window.installEventFilter(probe)
window.show()
app.exec()
"""
# The same window, its tree given its focus policy by name: Qt's namespace is made.
BARE_WITH_QT_ENUM = BARE.replace(
    "window.setCentralWidget(QTreeView())",
    "from PySide6.QtCore import Qt\ntree = QTreeView()\n"
    "tree.setFocusPolicy(Qt.FocusPolicy.StrongFocus)\nwindow.setCentralWidget(tree)",
)
assert BARE_WITH_QT_ENUM != BARE, "the bare window's text changed: name the enum again"


def spawn_to_first_paint(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Milliseconds from the spawn to the first paint, and the CPU time the child had
    used by then (all its threads, user and system: less moved by the machine's load)."""
    start = time.monotonic()
    out = subprocess.run(args, capture_output=True, text=True, env=env, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("first-paint"))
    fields = line.split()
    cpu = next(float(f[4:]) for f in fields if f.startswith("cpu="))
    return (float(fields[1]) - start) * 1000, cpu * 1000


def _first_search(args: list[str], env: dict[str, str]) -> float:
    """Milliseconds from the first paint to the first results shown."""
    out = subprocess.run(args, capture_output=True, text=True, env=env, check=True).stdout
    found = {line.split()[0]: float(line.split()[1]) for line in out.splitlines() if " " in line}
    return (found["first-search"] - found["first-paint"]) * 1000


def prepare_tree(root: Path) -> None:
    """Start ``root`` as an installed copy starts."""
    # As scripts/run.sh does: compiled catalogs, not .po files compiled at start-up.
    subprocess.run([sys.executable, str(root / "scripts" / "i18n.py"), "compile"], check=True)
    # As an installed package is: compiled to bytecode (pip does it at install; this
    # machine sets PYTHONDONTWRITEBYTECODE, and would otherwise compile at every start).
    package = root / "src" / "referentiel_desktop"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    runs = parser.parse_args().runs
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    prepare_tree(Path(__file__).resolve().parents[1])
    data = tempfile.mkdtemp(prefix="startup-bench-")
    env.setdefault("REFERENTIEL_DESKTOP_CACHE_DIR", str(Path(data) / "cache"))  # not the user's
    app = [sys.executable, "-m", "referentiel_desktop", "--data-dir", data]
    subprocess.run(
        [*app[:3], "--data-dir", data, "list", "--kind", "theme"], capture_output=True, env=env
    )
    bare: list[tuple[float, float]] = []
    ours: list[tuple[float, float]] = []
    named: list[tuple[float, float]] = []
    for _ in range(runs):
        bare.append(spawn_to_first_paint([sys.executable, "-c", BARE], env))
        named.append(spawn_to_first_paint([sys.executable, "-c", BARE_WITH_QT_ENUM], env))
        ours.append(spawn_to_first_paint(app, {**env, "REFERENTIEL_DESKTOP_STARTUP_PROBE": "1"}))
    b, o = statistics.median(w for w, _ in bare), statistics.median(w for w, _ in ours)
    bc, oc = statistics.median(c for _, c in bare), statistics.median(c for _, c in ours)
    print(f"bare PySide6 window, first paint: median {b:.0f} ms (min {min(bare)[0]:.0f})")
    print(f"Référentiel Desktop, tree filled: median {o:.0f} ms (min {min(ours)[0]:.0f})")
    print(f"ratio: {o / b:.2f}x (goal: at most 1.5x)")
    n = statistics.median(w for w, _ in named)
    print(
        f"bare window naming one Qt enum: median {n:.0f} ms ({n - b:+.0f} ms for Qt's"
        f" namespace); ours against it: {o / n:.2f}x"
    )
    print(f"CPU time by the first paint: bare {bc:.0f} ms, ours {oc:.0f} ms: {oc / bc:.2f}x")
    probe = {**env, "REFERENTIEL_DESKTOP_FIRST_SEARCH_PROBE": "confiance"}
    searches = [_first_search(app, probe) for _ in range(runs)]
    print(
        f"first search answered after the first paint: median {statistics.median(searches):.0f}"
        f" ms (max {max(searches):.0f}; goal: within 500 ms)"
    )


if __name__ == "__main__":
    main()
