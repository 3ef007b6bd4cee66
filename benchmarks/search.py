"""Search speed on synthetic corpora beside the referential.

    python benchmarks/search.py [--sizes 1000 10000 50000] [--queries 200]

For each size: full rebuild time; time from saving a note (through the core) to finding
it; query p50/p95 with snippets per kind of query (one word, two words, prefix, phrase,
fuzzy). Figures only: nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from referentiel_desktop import paths  # noqa: E402
from referentiel_desktop.annotations.notes import add_note  # noqa: E402
from referentiel_desktop.search.service import SearchService  # noqa: E402
from referentiel_desktop.workspace import Workspace  # noqa: E402
from synthetic import percentile, populate, query_words  # noqa: E402

PHRASES = [
    "conditions de la confiance",
    "changement d’échelle",
    "sauts systémiques",
    "culture du risque",
    "learning community",
    "transition process",
]
TYPOS = ["energei", "cooperaton", "terriotire", "confiense", "biodiversté", "mobilitée"]


def queries(kind: str, rng: random.Random) -> str:
    first, second = query_words(rng, 2)
    if kind == "one word":
        return first
    if kind == "two words":
        return f"{first} {second}"
    if kind == "prefix":
        return first[:4] + "*"
    if kind == "phrase":
        return f'"{rng.choice(PHRASES)}"'
    return first[:2] + first[3:]  # a dropped letter


def measure(size: int, count: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix=f"search-bench-{size}-"))
    os.environ.setdefault(paths.CACHE_DIR_ENV, str(folder / "cache"))  # not the user's cache
    workspace = Workspace.open(folder)
    populate(workspace, size)
    service = SearchService(workspace)
    start = time.perf_counter()
    documents = service.index.rebuild()
    rebuild = time.perf_counter() - start
    service.prepare(background=True)
    print(f"\n{size} notes ({documents} documents): full rebuild {rebuild:.2f} s")
    rng = random.Random(size)
    for kind in ("one word", "two words", "prefix", "phrase", "fuzzy"):
        times = []
        for _ in range(count):
            text = queries(kind, rng)
            t0 = time.perf_counter()
            service.search(text, "fr", limit=20)
            times.append((time.perf_counter() - t0) * 1000)
        p50, p95 = percentile(times, 50), percentile(times, 95)
        print(f"  {kind:<10} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")
    found = []
    for i in range(30):
        marker = f"zorglub{i}xq"
        t0 = time.perf_counter()
        add_note(workspace, "engagement.b3", f"Note témoin {marker} « œuvre »", author="Bench")
        while not service.search(marker, "fr", limit=1).hits:
            time.sleep(0.005)  # a person types far slower than this poll
        found.append((time.perf_counter() - t0) * 1000)
    print(
        f"  save → found p50 {percentile(found, 50):6.1f} ms   p95 {percentile(found, 95):6.1f} ms"
    )
    service.close()
    workspace.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    for size in args.sizes:
        measure(size, args.queries)


if __name__ == "__main__":
    main()
