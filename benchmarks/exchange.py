"""Speed and memory of the team exchange with 10k notes and 2k cases.

    python benchmarks/exchange.py [--notes 10000] [--cases 2000] [--runs 3]

Prints, in the same run: a bare ``json`` + ``zipfile`` write and read of the same records
(the floor: no validation, no database), then ``export`` (database → bundle) and
``import`` (validate the whole file, plan, back up, merge in one transaction) into an
empty data folder, each with its ratio to the floor, and the process's peak RSS after
each step, in the first run (a flat peak means the records are streamed). With
``--runs N`` each step runs N times, interleaved (export, import, floor, …), and medians are
printed: wall time and CPU time (``getrusage``: user + system of this process), each
with its ratio to the floor's. On a shared machine the CPU ratio is the steadier one.
A last line gives a bare SQLite write of the imported rows (``executemany`` into the
same tables, one transaction), for scale: the issue's ratio stays the one to the floor
read. Figures only: nothing asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from referentiel_desktop.exchange import records  # noqa: E402
from referentiel_desktop.exchange.export import export  # noqa: E402
from referentiel_desktop.exchange.kinds import KINDS  # noqa: E402
from referentiel_desktop.exchange.merge import import_bundle  # noqa: E402
from referentiel_desktop.workspace import Workspace  # noqa: E402
from synthetic import populate  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Timings:
    """Wall and CPU seconds of each run of one step."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def run(self, step: Callable[[], Any]) -> Any:
        start_cpu, start = cpu(), time.perf_counter()
        result = step()
        self.wall.append(time.perf_counter() - start)
        self.cpu.append(cpu() - start_cpu)
        return result

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)

    def against(self, floor: Timings) -> str:
        return (
            f"{self.median:.2f} s = {self.median / floor.median:.1f}× the floor "
            f"(CPU {self.median_cpu:.2f} s = {self.median_cpu / floor.median_cpu:.1f}×)"
        )


def floor_rows(workspace: Workspace) -> list[dict[str, Any]]:
    with workspace.reading() as session:
        return [records.to_json(r) for kind in KINDS for r in records.load(session, kind).values()]


def floor_write(rows: list[dict[str, Any]], target: Path) -> None:
    """Write the records with nothing but json and zipfile."""
    # The fastest bare way: everything in memory, one deflate, one split (not streamed).
    lines = [json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode() for row in rows]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("records.jsonl", b"\n".join(lines) + b"\n")


def floor_read(target: Path) -> int:
    """Read them back with nothing but json and zipfile."""
    with zipfile.ZipFile(target) as zipped:
        return len([json.loads(line) for line in zipped.read("records.jsonl").splitlines()])


_WRITTEN = ("note", "case_record", "tag", "note_tag", "case_tag", "case_balise", "change_log")


def written_rows(source: Path) -> tuple[list[str], dict[str, list[tuple[Any, ...]]]]:
    """The schema of ``source`` and the rows an import wrote there (read before timing)."""
    with sqlite3.connect(source) as conn:
        schema = [
            sql
            for (sql,) in conn.execute(
                "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
            )
        ]
        data = {t: conn.execute(f'SELECT * FROM "{t}"').fetchall() for t in _WRITTEN}
    conn.close()
    return schema, data


def empty_copy(schema: list[str], target: Path) -> None:
    for leftover in (target, target.with_name(target.name + "-wal")):
        leftover.unlink(missing_ok=True)
    with sqlite3.connect(target) as conn:
        for statement in schema:
            conn.execute(statement)
    conn.close()


def bare_sqlite_write(data: dict[str, list[tuple[Any, ...]]], target: Path) -> None:
    """The rows an import writes, inserted with sqlite3's executemany into an empty copy
    of the same schema (indexes included), with the app's pragmas (store/engine.py; the
    referential's tables are left empty, hence foreign keys off), in one transaction:
    what SQLite alone costs."""
    with sqlite3.connect(target) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        for table in _WRITTEN:
            if data[table]:
                marks = ", ".join("?" * len(data[table][0]))
                conn.executemany(f'INSERT INTO "{table}" VALUES ({marks})', data[table])
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=10000)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        anne = Workspace.open(folder / "anne")
        populate(anne, args.notes, args.cases)
        print(f"data: {args.notes} notes, {args.cases} cases; peak RSS {peak_mb():.0f} MB")
        rows = floor_rows(anne)
        written, read, exported, imported, again, bare = (Timings() for _ in range(6))
        export_peak = import_peak = 0.0
        for run in range(args.runs):
            # Ours first, so that the peak RSS they print is theirs, not the in-memory floor's.
            summary = exported.run(lambda: export(anne, folder / "a.rdbundle"))
            export_peak = export_peak or peak_mb()  # the first run's: before any floor
            with Workspace.open(folder / f"bruno{run}") as bruno:
                report = imported.run(lambda: import_bundle(bruno, folder / "a.rdbundle"))
                import_peak = import_peak or peak_mb()
                unchanged = again.run(lambda: import_bundle(bruno, folder / "a.rdbundle"))
            written.run(lambda: floor_write(rows, folder / "floor.zip"))
            count = read.run(lambda: floor_read(folder / "floor.zip"))
            schema, data = written_rows(folder / f"bruno{run}" / "referentiel.sqlite3")
            empty_copy(schema, folder / "bare.sqlite3")
            bare.run(partial(bare_sqlite_write, data, folder / "bare.sqlite3"))
        anne.close()
        size = (folder / "a.rdbundle").stat().st_size / 1e6
        print(f"runs: {args.runs} (medians); load average {load:.2f} at the start")
        print(
            f"floor  json+zipfile write {written.median:.2f} s (CPU {written.median_cpu:.2f}), "
            f"read {read.median:.2f} s (CPU {read.median_cpu:.2f}) "
            f"({count} records, in memory); peak RSS {peak_mb():.0f} MB"
        )
        print(
            f"export {exported.against(written)} write "
            f"({sum(summary.counts.values())} records, {size:.1f} MB); "
            f"peak RSS {export_peak:.0f} MB"
        )
        print(
            f"import {imported.against(read)} read "
            f"(added {report.counts['added']}); peak RSS {import_peak:.0f} MB"
        )
        print(
            f"import again (nothing to change) {again.median:.2f} s "
            f"(CPU {again.median_cpu:.2f}; unchanged {unchanged.counts['unchanged']})"
        )
        print(
            f"for scale: a bare sqlite3 write of the imported rows {bare.median:.2f} s "
            f"(CPU {bare.median_cpu:.2f}); floor read + it "
            f"{read.median + bare.median:.2f} s, import = "
            f"{imported.median / (read.median + bare.median):.1f}× that"
        )


if __name__ == "__main__":
    main()
