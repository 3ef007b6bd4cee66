"""How often an idle window wakes up, and the CPU it uses, beside a bare PySide6 window.

    python benchmarks/idle.py [--settle 10] [--measure 10]

Each window runs in its own process (offscreen unless QT_QPA_PLATFORM is set), on a
data folder prepared once. After ``--settle`` seconds (start-up done: the workspace
open, the search index ready), the benchmark reads, from outside, over ``--measure``
seconds: the context switches of all the process's threads (voluntary and involuntary,
``/proc/PID/task/*/status``: each is a wake-up) and its CPU time (``/proc/PID/stat``).
Goal: at most 2 wake-ups a second more than the bare window, and no measurable CPU.
Linux only (it reads /proc).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView
app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QTreeView())
window.show()
app.exec()
"""
TICKS = os.sysconf("SC_CLK_TCK")


def _switches(pid: int) -> int:
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            lines = (task / "status").read_text().splitlines()
        except OSError:
            continue  # a thread that ended meanwhile
        for line in lines:
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                total += int(line.split()[1])
    return total


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def measure(
    args: list[str], env: dict[str, str], settle: float, span: float
) -> tuple[float, float]:
    """Wake-ups per second and CPU percent of the process ``args`` once settled."""
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        time.sleep(settle)
        if process.poll() is not None:
            raise SystemExit(
                f"{args} stopped: {process.stderr.read().decode() if process.stderr else ''}"
            )
        switches, cpu, start = _switches(process.pid), _cpu_seconds(process.pid), time.monotonic()
        time.sleep(span)
        elapsed = time.monotonic() - start
        wakeups = (_switches(process.pid) - switches) / elapsed
        percent = (_cpu_seconds(process.pid) - cpu) / elapsed * 100
        return wakeups, percent
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--settle", type=float, default=10.0)
    parser.add_argument("--measure", type=float, default=10.0)
    options = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, str(root / "scripts" / "i18n.py"), "compile"], check=True)
    package = root / "src" / "referentiel_desktop"  # bytecode, as an installed package has
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    data = tempfile.mkdtemp(prefix="idle-bench-")
    env.setdefault("REFERENTIEL_DESKTOP_CACHE_DIR", str(Path(data) / "cache"))
    app = [sys.executable, "-m", "referentiel_desktop", "--data-dir", data]
    # The first start creates the data, asks who is writing and builds the index: once,
    # before measuring, so the figure is an ordinary day's idle window.
    subprocess.run([*app, "author", "default", "Banc d’essai"], capture_output=True, env=env)
    subprocess.run([*app, "search", "confiance"], capture_output=True, env=env)
    bare = measure([sys.executable, "-c", BARE], env, options.settle, options.measure)
    ours = measure(app, env, options.settle, options.measure)
    print(f"idle {options.measure:.0f} s, after {options.settle:.0f} s of start-up:")
    print(f"bare PySide6 window: {bare[0]:.1f} wake-ups/s, CPU {bare[1]:.2f} %")
    print(f"Référentiel Desktop: {ours[0]:.1f} wake-ups/s, CPU {ours[1]:.2f} %")
    print(f"difference: {ours[0] - bare[0]:+.1f} wake-ups/s (goal: at most +2), "
          f"CPU {ours[1] - bare[1]:+.2f} %")  # fmt: skip


if __name__ == "__main__":
    main()
