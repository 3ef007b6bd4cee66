"""Whole-process time of command-line commands, beside the bare import of what each needs.

    python benchmarks/cli.py [--runs 11]

Each command runs as a fresh process on a data folder prepared once (a few notes, the
index built), and so does its floor: a bare ``python -c "import …"`` of the libraries the
command cannot do without (SQLAlchemy's ORM to read notes or presets, plus Whoosh to
search; only ``booklet --out`` needs ReportLab, and its time is the layout's). Runs
are interleaved, command then floor, so that the load of a shared machine falls on both
alike; the median of each is printed with their ratio (goal: at most 1.2x).
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


def _time(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    runs = parser.parse_args().runs
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, str(root / "scripts" / "i18n.py"), "compile"], check=True)
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
    print(f"{'command':<28} {'ours':>8} {'floor':>8} {'ratio':>6}   floor")
    for command, floor in COMMANDS:
        ours: list[float] = []
        bare: list[float] = []
        for _ in range(runs):
            ours.append(_time([*app, *command], env))
            bare.append(_time([sys.executable, "-c", floor], env))
        o, b = statistics.median(ours), statistics.median(bare)
        label = " ".join(command)
        print(f"{label:<28} {o:7.0f}ms {b:7.0f}ms {o / b:5.2f}x   {floor}")


if __name__ == "__main__":
    main()
