"""Speed of the team's material with 10k notes and 2k cases.

    python benchmarks/annotations.py [--notes 10000] [--cases 2000]

Prints: a balise page holding 200 notes opening (core queries and the Qt panel,
offscreen); a save's commit p50/p95; the Cases table with every case loading and
sorting. Figures only: nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from referentiel_desktop.annotations import notes  # noqa: E402
from referentiel_desktop.workspace import Workspace  # noqa: E402
from synthetic import percentile, populate, sentence  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=10000)
    parser.add_argument("--cases", type=int, default=2000)
    args = parser.parse_args()
    import random

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from referentiel_desktop.gui.cases.cases_view import CasesView
    from referentiel_desktop.gui.common.undo_stack import SafeUndoStack
    from referentiel_desktop.gui.notes.node_annotations_panel import NodeAnnotationsPanel

    app = QApplication([])
    workspace = Workspace.open(Path(tempfile.mkdtemp(prefix="annotations-bench-")))
    populate(workspace, args.notes - 200, args.cases, spare="cooperation.b4")
    rng = random.Random(7)
    for _ in range(200):  # one balise with 200 notes, saved through the core
        notes.add_note(workspace, "cooperation.b4", sentence(rng), tags=["atelier"], author="A")
    print(f"{args.notes} notes, {args.cases} cases")

    panel = NodeAnnotationsPanel(SafeUndoStack())
    panel.attach_workspace(workspace)
    panel.resize(900, 500)
    panel.show()
    opens: dict[str, list[float]] = {"cooperation.b4": [], "value.b1": []}
    counts: dict[str, int] = {}
    for node in list(opens) * 5:
        start = time.perf_counter()
        panel.show_node(node)
        app.processEvents()
        opens[node].append((time.perf_counter() - start) * 1000)
        counts[node] = panel.notes.count()
    for node, times in opens.items():
        print(
            f"balise page with {counts[node]} notes ({node}) opens: "
            f"p50 {percentile(times, 50):.1f} ms, max {max(times):.1f} ms"
        )

    saves, edits = [], []
    for i in range(300):
        start = time.perf_counter()
        view = notes.add_note(workspace, "engagement.b3", f"Note n° {i} « œuvre »", author="A")
        saves.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        notes.edit_note(workspace, view.id, text=f"Note n° {i} révisée")
        edits.append((time.perf_counter() - start) * 1000)
    print(
        f"save (new note, one transaction): p50 {percentile(saves, 50):.2f} ms, "
        f"p95 {percentile(saves, 95):.2f} ms"
    )
    print(f"save (edit): p50 {percentile(edits, 50):.2f} ms, p95 {percentile(edits, 95):.2f} ms")

    view = CasesView()
    view.resize(1000, 600)
    view.show()
    start = time.perf_counter()
    view.attach_workspace(workspace)
    app.processEvents()
    loaded = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    view.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    app.processEvents()
    sorted_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    combo = view.filters["territory"]
    combo.setCurrentIndex(1)
    app.processEvents()
    filtered = (time.perf_counter() - start) * 1000
    print(
        f"Cases table, {view.model.rowCount()} rows: opens in {loaded:.0f} ms, "
        f"sorts in {sorted_ms:.0f} ms, filters in {filtered:.0f} ms"
    )
    for widget in (view, panel):  # Qt deletes them, in order, before Python's teardown
        widget.close()
        widget.deleteLater()
    app.processEvents()
    workspace.close()


if __name__ == "__main__":
    main()
