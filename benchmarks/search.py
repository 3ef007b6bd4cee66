"""Search speed on synthetic corpora beside the referential, and beside bare Whoosh.

    python benchmarks/search.py [--sizes 1000 10000 50000] [--queries 200]

For each size: full rebuild time; time from saving a note (through the core) to finding
it; query p50/p95 with snippets per kind of query (one word, two words, prefix, phrase,
fuzzy). The same corpus and the same queries go to bare Whoosh (``bare_whoosh.py``: one
field, ``StemmingAnalyzer``, the stock ``QueryParser``, highlights of the hits shown), and
the ratio ours / bare is printed beside each figure (goal: at most 1.0× at p95 for every
kind of query, and for a rebuild), in wall time and in CPU time: the thread's for a query,
the process's and its worker processes' for a rebuild (CPU time leaves out the waits for
a core that a machine shared with other work adds to either side at random). Figures
only: nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bare_whoosh import BareWhoosh  # noqa: E402
from referentiel_desktop import paths  # noqa: E402
from referentiel_desktop.annotations.notes import add_note  # noqa: E402
from referentiel_desktop.search.analyzers import fold  # noqa: E402
from referentiel_desktop.search.service import SearchService  # noqa: E402
from referentiel_desktop.workspace import Workspace  # noqa: E402
from synthetic import FRENCH, percentile, populate, query_words  # noqa: E402

PHRASES = [
    "conditions de la confiance",
    "changement d’échelle",
    "sauts systémiques",
    "culture du risque",
    "learning community",
    "transition process",
]
ACCENTED = [w for w in FRENCH if len(w) >= 5 and fold(w) != w]
KINDS = ("one word", "unaccented", "two words", "prefix", "phrase", "fuzzy")


def queries(kind: str, rng: random.Random) -> str:
    first, second = query_words(rng, 2)
    if kind == "one word":
        return first
    if kind == "unaccented":  # a word with accents (or œ), typed without them
        return fold(rng.choice(ACCENTED))
    if kind == "two words":
        return f"{first} {second}"
    if kind == "prefix":
        return first[:4] + "*"
    if kind == "phrase":
        return f'"{rng.choice(PHRASES)}"'
    return first[:2] + first[3:]  # a dropped letter


def timed(run: object, *args: object, **kwargs: object) -> tuple[float, float]:
    """Wall time and this thread's CPU time of one call, in ms. On a machine shared with
    other work the wall time also counts the waits for a core; the CPU time does not."""
    t0, c0 = time.perf_counter(), time.thread_time()
    run(*args, **kwargs)  # type: ignore[operator]
    return (time.perf_counter() - t0) * 1000, (time.thread_time() - c0) * 1000


def timed_build(build: Any, *args: object) -> tuple[Any, float, float]:
    """What ``build`` returns, its wall time and the CPU time of this process and of the
    worker processes it waited for, in s: a build's work is mostly in its workers."""

    def cpu() -> float:
        own, workers = (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
        return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime

    t0, c0 = time.perf_counter(), cpu()
    result = build(*args)
    return result, time.perf_counter() - t0, cpu() - c0


def measure(size: int, count: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix=f"search-bench-{size}-"))
    os.environ.setdefault(paths.CACHE_DIR_ENV, str(folder / "cache"))  # not the user's cache
    workspace = Workspace.open(folder)
    populate(workspace, size)
    service = SearchService(workspace)
    documents, rebuild, rebuild_cpu = timed_build(service.index.rebuild)
    bare = BareWhoosh(workspace)
    _none, bare_rebuild, bare_cpu = timed_build(bare.rebuild, documents)
    service.prepare(background=True)
    print(
        f"\n{size} notes ({documents} documents): full rebuild {rebuild:.2f} s,"
        f" bare Whoosh {bare_rebuild:.2f} s ({rebuild / bare_rebuild:.2f}×);"
        f" CPU {rebuild_cpu:.2f} s / {bare_cpu:.2f} s ({rebuild_cpu / bare_cpu:.2f}×)"
    )
    print(
        f"  {'':<10} {'ours p50 / p95':>18}   {'bare p50 / p95':>18}   p95 ratio"
        f"   {'CPU: ours / bare p95':>22}   ratio"
    )
    rng = random.Random(size)
    for kind in KINDS:
        ours, theirs = [], []
        for _ in range(count):
            text = queries(kind, rng)
            ours.append(timed(service.search, text, "fr", limit=20))
            theirs.append(timed(bare.search, text, fuzzy=kind == "fuzzy", limit=20))
        p50, p95 = percentile([w for w, _c in ours], 50), percentile([w for w, _c in ours], 95)
        b50 = percentile([w for w, _c in theirs], 50)
        b95 = percentile([w for w, _c in theirs], 95)
        c95, d95 = percentile([c for _w, c in ours], 95), percentile([c for _w, c in theirs], 95)
        print(
            f"  {kind:<10} {p50:6.1f} / {p95:6.1f} ms   {b50:6.1f} / {b95:6.1f} ms"
            f"   {p95 / b95:5.2f}×   {c95:8.1f} / {d95:6.1f} ms   {c95 / d95:5.2f}×"
        )
    bare.close()
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
