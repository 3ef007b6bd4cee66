"""Speed and memory of the team exchange with 10k notes and 2k cases.

    python benchmarks/exchange.py [--notes 10000] [--cases 2000]

Prints, in the same run: a bare ``json`` + ``zipfile`` write and read of the same records
(the floor: no validation, no database), then ``export`` (database → bundle) and
``import`` (validate the whole file, plan, back up, merge in one transaction) into an
empty data folder, each with its ratio to the floor, and the process's peak RSS after
each step (a flat peak means the records are streamed). Figures only: nothing asserts.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from referentiel_desktop.exchange import records  # noqa: E402
from referentiel_desktop.exchange.export import export  # noqa: E402
from referentiel_desktop.exchange.kinds import KINDS  # noqa: E402
from referentiel_desktop.exchange.merge import import_bundle  # noqa: E402
from referentiel_desktop.workspace import Workspace  # noqa: E402
from synthetic import populate  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def floor(workspace: Workspace, target: Path) -> tuple[float, float, int]:
    """Write then read the same records with nothing but json and zipfile."""
    with workspace.reading() as session:
        rows = [records.to_json(r) for kind in KINDS for r in records.load(session, kind).values()]
    start = time.perf_counter()
    # The fastest bare way: everything in memory, one deflate, one split (not streamed).
    lines = [json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode() for row in rows]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("records.jsonl", b"\n".join(lines) + b"\n")
    written = time.perf_counter() - start
    start = time.perf_counter()
    with zipfile.ZipFile(target) as zipped:
        count = len([json.loads(line) for line in zipped.read("records.jsonl").splitlines()])
    return written, time.perf_counter() - start, count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=10000)
    parser.add_argument("--cases", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        anne = Workspace.open(folder / "anne")
        populate(anne, args.notes, args.cases)
        print(f"data: {args.notes} notes, {args.cases} cases; peak RSS {peak_mb():.0f} MB")
        # Ours first, so that the peak RSS they print is theirs, not the in-memory floor's.
        start = time.perf_counter()
        summary = export(anne, folder / "a.rdbundle")
        exported = time.perf_counter() - start
        size = (folder / "a.rdbundle").stat().st_size / 1e6
        export_peak = peak_mb()
        with Workspace.open(folder / "bruno") as bruno:
            start = time.perf_counter()
            report = import_bundle(bruno, folder / "a.rdbundle")
            imported = time.perf_counter() - start
            import_peak = peak_mb()
            start = time.perf_counter()
            again = import_bundle(bruno, folder / "a.rdbundle")
            again_took = time.perf_counter() - start
        write_floor, read_floor, count = floor(anne, folder / "floor.zip")
        anne.close()
        print(
            f"floor  json+zipfile write {write_floor:.2f} s, read {read_floor:.2f} s "
            f"({count} records, in memory); peak RSS {peak_mb():.0f} MB"
        )
        print(
            f"export {exported:.2f} s = {exported / write_floor:.1f}× the floor write "
            f"({sum(summary.counts.values())} records, {size:.1f} MB); "
            f"peak RSS {export_peak:.0f} MB"
        )
        print(
            f"import {imported:.2f} s = {imported / read_floor:.1f}× the floor read "
            f"(added {report.counts['added']}); peak RSS {import_peak:.0f} MB"
        )
        print(
            f"import again (nothing to change) {again_took:.2f} s "
            f"(unchanged {again.counts['unchanged']})"
        )


if __name__ == "__main__":
    main()
