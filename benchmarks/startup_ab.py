"""Two source trees' first paints, in interleaved fresh processes: what a change bought.

    git worktree add /tmp/before <commit>
    python benchmarks/startup_ab.py /tmp/before . [--runs 25]

Each tree's ``src`` goes first on ``PYTHONPATH`` (this interpreter's packages serve both);
each tree's catalogs are compiled and its package compiled to bytecode, as
``startup.py`` does. Runs alternate between the trees, so a machine whose speed drifts
moves both alike: read the difference of the medians, and the minima beside them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from startup import prepare_tree, spawn_to_first_paint  # this folder's start-up benchmark


def _first_paint(tree: Path, data: str, env: dict[str, str]) -> tuple[float, float]:
    """Milliseconds from the spawn to the first paint, and the CPU time used by then."""
    run_env = {**env, "PYTHONPATH": str(tree / "src"), "REFERENTIEL_DESKTOP_STARTUP_PROBE": "1"}
    app = [sys.executable, "-m", "referentiel_desktop", "--data-dir", data]
    return spawn_to_first_paint(app, run_env)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    trees = [args.before.resolve(), args.after.resolve()]
    data = tempfile.mkdtemp(prefix="startup-ab-")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "REFERENTIEL_DESKTOP_CACHE_DIR": str(Path(data) / "cache"),  # not the user's
    }
    for tree in trees:
        prepare_tree(tree)
    # The data folder is made once, by the older tree, so both measure an ordinary start.
    subprocess.run(
        [sys.executable, "-m", "referentiel_desktop", "--data-dir", data, "list"],
        env={**env, "PYTHONPATH": str(trees[0] / "src")},
        capture_output=True,
        check=True,
    )
    results: dict[Path, list[tuple[float, float]]] = {tree: [] for tree in trees}
    for _ in range(args.runs):
        for tree in trees:
            results[tree].append(_first_paint(tree, data, env))
    for label, tree in zip(("before", "after"), trees, strict=True):
        walls = [wall for wall, _ in results[tree]]
        cpus = [cpu for _, cpu in results[tree]]
        print(
            f"{label} ({tree}): first paint median {statistics.median(walls):.1f} ms"
            f" (min {min(walls):.1f}), CPU median {statistics.median(cpus):.1f} ms"
            f" (min {min(cpus):.1f})"
        )


if __name__ == "__main__":
    main()
