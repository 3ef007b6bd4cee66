"""Relevance of search on the bundled referential: recall at 3 and mean reciprocal rank.

    python benchmarks/relevance.py [--misses]

Runs every query of ``tests/relevance/queries.toml`` (typed as people type them) against a
fresh index of the referential and prints the two scores; ``--misses`` lists the queries
whose expected ids are not all in the top three.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.relevance.suite import load_cases, misses, run, scores  # noqa: E402

from referentiel_desktop import paths  # noqa: E402
from referentiel_desktop.search.service import SearchService  # noqa: E402
from referentiel_desktop.workspace import Workspace  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true", help="list the queries that miss")
    args = parser.parse_args()
    cases = load_cases()
    with tempfile.TemporaryDirectory(prefix="relevance-") as folder:
        os.environ.setdefault(paths.CACHE_DIR_ENV, str(Path(folder) / "cache"))  # not the user's
        workspace = Workspace.open(Path(folder) / "data")
        service = SearchService(workspace)
        service.prepare()
        outcomes = run(service, cases)
        service.close()
        workspace.close()
    recall, mrr = scores(outcomes)
    french = sum(1 for c in cases if c.lang == "fr")
    print(f"{len(cases)} queries ({french} in a French window, {len(cases) - french} in English)")
    print(f"recall@3 {recall:.3f}   MRR {mrr:.3f}")
    if args.misses:
        for line in misses(outcomes):
            print("  miss:", line)


if __name__ == "__main__":
    main()
