"""The relevance suite: queries typed as people type them, scored by recall at 3 and MRR.

Shared by the test (``test_relevance.py``) and ``benchmarks/relevance.py``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

QUERIES = Path(__file__).with_name("queries.toml")
TOP = 3
DEPTH = 20  # hits read for the reciprocal rank


@dataclass(frozen=True)
class Case:
    query: str
    expect: tuple[str, ...]
    lang: str = "fr"
    typing: bool = False


@dataclass(frozen=True)
class Outcome:
    case: Case
    found: tuple[str, ...]  # the ids returned, best first

    @property
    def recall(self) -> float:
        top = set(self.found[:TOP])
        return sum(1 for e in self.case.expect if e in top) / len(self.case.expect)

    @property
    def reciprocal_rank(self) -> float:
        for rank, hit_id in enumerate(self.found, start=1):
            if hit_id in self.case.expect:
                return 1 / rank
        return 0.0


def load_cases() -> list[Case]:
    data = tomllib.loads(QUERIES.read_text(encoding="utf-8"))
    return [
        Case(c["q"], tuple(c["expect"]), c.get("lang", "fr"), bool(c.get("typing", False)))
        for c in data["case"]
    ]


def run(service: Any, cases: list[Case]) -> list[Outcome]:
    return [
        Outcome(
            case,
            tuple(
                h.id
                for h in service.search(case.query, case.lang, limit=DEPTH, typing=case.typing).hits
            ),
        )
        for case in cases
    ]


def scores(outcomes: list[Outcome]) -> tuple[float, float]:
    """Recall at 3 and mean reciprocal rank, both averaged over the queries."""
    count = len(outcomes)
    return (
        sum(o.recall for o in outcomes) / count,
        sum(o.reciprocal_rank for o in outcomes) / count,
    )


def misses(outcomes: list[Outcome]) -> list[str]:
    return [
        f"{o.case.query!r} ({o.case.lang}{', typing' if o.case.typing else ''}): "
        f"wanted {list(o.case.expect)}, top 3 {list(o.found[:TOP])}"
        for o in outcomes
        if o.recall < 1
    ]
