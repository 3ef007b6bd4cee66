"""kill -9 figures: how many kills, acknowledged writes, and what survived.

    .venv/bin/python benchmarks/kill9.py

Runs the same rounds as ``tests/core/test_crash_safety.py`` (notes, backups, booklet
presets and ``referential load``, each on its own folder, in parallel) and prints one line per mode.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.core.crash_harness import run_all  # noqa: E402


def main() -> None:
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        outcomes = run_all(Path(folder))
    for outcome in outcomes:
        print(outcome.summary())
    total = sum(o.kills for o in outcomes)
    print(f"total kills={total} wall seconds={time.monotonic() - started:.1f}")


if __name__ == "__main__":
    main()
