"""Helper process for the concurrent-builds test: rebuild the index and search, in a loop,
through the real command line. Exits non-zero if any run failed."""

import sys

from referentiel_desktop.cli import run

data, rounds = sys.argv[1], int(sys.argv[2])
codes = []
for _ in range(rounds):
    codes.append(run(["--data-dir", data, "index", "rebuild"]))
    codes.append(run(["--data-dir", data, "search", "confiance", "--json"]))
sys.exit(1 if any(codes) else 0)
