"""Word families (``build.py``) and whether their forms meet in the index.

A family meets when every form of it, written in a note, is found by every other form
typed without accents and in capitals: the note's index terms and the query's share one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from referentiel_desktop.search.analyzers import fold

HERE = Path(__file__).parent


def load(language: str) -> list[list[str]]:
    text = (HERE / f"{language}.txt").read_text(encoding="utf-8")
    return [line.split() for line in text.splitlines() if line.strip()]


def typed(form: str) -> str:
    """How a hurried user types it: no accents, capitals."""
    return fold(form).upper()


Terms = Callable[[str], set[str]]


def misses(family: list[str], written: Terms, searched: Terms) -> list[tuple[str, str]]:
    """(form written, form typed) pairs of ``family`` that do not meet."""
    indexed = {form: written(form) for form in family}
    out = []
    for query in family:
        wanted = searched(typed(query))
        out.extend((form, query) for form in family if form != query and not wanted & indexed[form])
    return out
