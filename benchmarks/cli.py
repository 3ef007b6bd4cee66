"""Whole-process time of command-line commands, beside the bare import of what each needs.

    python benchmarks/cli.py [--runs 11]

Each command runs as a fresh process on a data folder prepared once (a few notes, the
index built), and so does its floor: a bare ``python -c "import …"`` of the libraries the
command cannot do without (SQLAlchemy's ORM to read notes or presets, plus Whoosh to
search; only ``booklet --out`` needs ReportLab, and its time is the layout's). Runs
are interleaved, command then floor, so that the load of a shared machine falls on both
alike; the median of each is printed with their ratio (goal: at most 1.2x), and beside
it the same for the CPU time of each process (user + system, from ``getrusage``), which
leaves out the waits for a core that other work on a shared machine adds at random.
Our commands pause Python's cycle collector until their workspace is open
(``cli/collector.py``); the last line gives the ORM floor with the collector paused too.

As an installed package is, ours is compiled to bytecode first (pip does it at install,
and the floor's libraries in site-packages have theirs): this machine sets
PYTHONDONTWRITEBYTECODE, and without it every run would compile our modules again.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ORM = "import sqlalchemy.orm"
WHOOSH = "import whoosh.index, whoosh.query, whoosh.searching, whoosh.analysis, whoosh.highlight"

COMMANDS: list[tuple[list[str], str]] = [
    (["--version"], "pass"),
    (["list", "--kind", "theme"], ORM),
    (["show", "engagement.b3"], ORM),
    (["note", "list"], ORM),
    (["territory", "list"], ORM),
    (["search", "confiance"], f"{ORM}; {WHOOSH}"),
    (["booklet", "preset", "list"], ORM),
]


def _time(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU milliseconds of one process running ``args``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    runs = parser.parse_args().runs
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, str(root / "scripts" / "i18n.py"), "compile"], check=True)
    package = root / "src" / "referentiel_desktop"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    data = tempfile.mkdtemp(prefix="cli-bench-")
    env = {**os.environ, "REFERENTIEL_DESKTOP_CACHE_DIR": str(Path(data) / "cache")}
    app = [sys.executable, "-m", "referentiel_desktop", "--data-dir", data]
    for text in ("Créer les conditions de la confiance", "Une note sur l’énergie"):
        subprocess.run(
            [*app, "note", "add", "--target", "engagement.b3", "--text", text],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    subprocess.run([*app, "search", "confiance"], env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"load average {os.getloadavg()[0]:.2f}")
    columns = f"{'ours':>8} {'floor':>8} {'ratio':>6}"
    print(f"{'':<26} {'wall':-^24}  {'CPU':-^24}")
    print(f"{'command':<26} {columns}  {columns}   floor")
    for command, floor in COMMANDS:
        ours: list[tuple[float, float]] = []
        bare: list[tuple[float, float]] = []
        for _ in range(runs):
            ours.append(_time([*app, *command], env))
            bare.append(_time([sys.executable, "-c", floor], env))
        ow, bw = (statistics.median(t[0] for t in times) for times in (ours, bare))
        oc, bc = (statistics.median(t[1] for t in times) for times in (ours, bare))
        label = " ".join(command)
        name = {"pass": "python", ORM: "ORM", f"{ORM}; {WHOOSH}": "ORM + Whoosh"}[floor]
        print(
            f"{label:<26} {ow:6.0f}ms {bw:6.0f}ms {ow / bw:5.2f}x  "
            f"{oc:6.0f}ms {bc:6.0f}ms {oc / bc:5.2f}x   {name}"
        )
    # Our commands pause Python's cycle collector until their workspace is open
    # (cli/collector.py); the bare import does not. The same floor with the collector
    # paused, for comparison, so that the ratio above is read for what it is.
    paused = [
        _time([sys.executable, "-c", f"import gc; gc.disable(); {ORM}"], env) for _ in range(runs)
    ]
    plain = [_time([sys.executable, "-c", ORM], env) for _ in range(runs)]
    print(
        f"floor ORM, CPU: {statistics.median(t[1] for t in plain):.0f} ms; with the collector"
        f" paused as our commands do: {statistics.median(t[1] for t in paused):.0f} ms"
    )
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
