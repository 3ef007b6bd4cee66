"""Speed of the territory inventory: 30 territories, each assessed every year for 10 years.

    python benchmarks/inventory.py [--territories 30] [--years 10]

Prints: a save's commit p50/p95; a territory's overview and its two latest assessments
compared (core); the Inventory view switching to a territory (grid, chart and editor,
offscreen Qt). Figures only: nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from referentiel_desktop.annotations.people import add_territory  # noqa: E402
from referentiel_desktop.inventory import answers, overview  # noqa: E402
from referentiel_desktop.inventory.scale import POSITIONS  # noqa: E402
from referentiel_desktop.workspace import Workspace  # noqa: E402
from synthetic import percentile  # noqa: E402


def timed(action: object, runs: int = 20) -> list[float]:
    spent = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        spent.append((time.perf_counter() - start) * 1000)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--territories", type=int, default=30)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    rng = random.Random(12)
    data = Path(tempfile.mkdtemp(prefix="inventory-bench-"))
    workspace = Workspace.open(data)
    saves: list[float] = []
    names = [f"Territoire n° {i}" for i in range(args.territories)]
    for name in names:
        add_territory(workspace, name)
        for year in range(2016, 2016 + args.years):
            for number in range(1, 21):
                start = time.perf_counter()
                answers.set_answer(
                    workspace, name, f"inventory.q{number}", rng.choice(POSITIONS),
                    text="Réponse « type » : des acteurs, des lieux, des politiques.",
                    day=f"{year}-03-14", author="Banc d’essai",
                )  # fmt: skip
                saves.append((time.perf_counter() - start) * 1000)
    answered = len(saves)
    print(f"{answered} answers ({args.territories} territories × {args.years} assessments)")
    print(f"save an answer: p50 {percentile(saves, 50):.1f} ms, p95 {percentile(saves, 95):.1f} ms")
    name = names[len(names) // 2]
    spent = timed(lambda: overview.overview(workspace, name))
    print(f"overview of one territory: p50 {percentile(spent, 50):.1f} ms")
    last = [f"{2016 + args.years - 2}-03-14", f"{2016 + args.years - 1}-03-14"]
    spent = timed(lambda: overview.compare(workspace, name, *last))
    print(f"compare two assessments: p50 {percentile(spent, 50):.1f} ms")

    from PySide6.QtWidgets import QApplication

    from referentiel_desktop.gui.inventory.inventory_view import InventoryView

    app = QApplication.instance() or QApplication(sys.argv)
    view = InventoryView(lambda: [])
    view.resize(1200, 700)
    view.show()
    view.attach_workspace(workspace)
    order = iter(range(10_000))

    def switch() -> None:
        view.territory.setCurrentIndex(next(order) % len(names))
        app.processEvents()

    spent = timed(switch)
    print(
        f"Inventory view switching territory: p50 {percentile(spent, 50):.1f} ms, "
        f"p95 {percentile(spent, 95):.1f} ms"
    )
    view.close()
    view.deleteLater()
    app.processEvents()
    workspace.close()


if __name__ == "__main__":
    main()
