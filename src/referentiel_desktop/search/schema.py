"""The index schema: one document per referential node, note and case."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Analyzer, CommaSeparatedTokenizer, Filter
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from referentiel_desktop.search.analyzers import (
    english_analyzer,
    exact_analyzer,
    french_analyzer,
    spelling_analyzer,
)
from referentiel_desktop.text import fold

INDEX_FORMAT = 9
"""Bumped when the schema or the analyzers change: an older index is rebuilt."""

TITLE_BOOST = 3.0
TEXT_FIELDS = ("title_fr", "body_fr", "title_en", "body_en")


class NameFoldFilter(Filter):  # type: ignore[misc]
    """A whole name folded as tags and the command line's filters fold it
    (``text.fold``): the filter ``--tag energie`` finds « Énergie »."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for token in tokens:
            token.text = fold(token.text)
            yield token


def name_analyzer() -> Analyzer:
    return CommaSeparatedTokenizer() | NameFoldFilter()


def build_schema() -> Schema:
    fr = french_analyzer()
    en = english_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        theme=KEYWORD(stored=True, commas=True),
        source=ID(stored=True),
        target=KEYWORD(stored=True, commas=True),
        territory=KEYWORD(stored=True, commas=True, analyzer=name_analyzer()),
        tag=KEYWORD(stored=True, commas=True, analyzer=name_analyzer()),
        author=KEYWORD(stored=True, commas=True, analyzer=name_analyzer()),
        title_fr=TEXT(analyzer=fr, stored=True, field_boost=TITLE_BOOST),
        body_fr=TEXT(analyzer=fr, stored=True),
        title_en=TEXT(analyzer=en, stored=True, field_boost=TITLE_BOOST),
        body_en=TEXT(analyzer=en, stored=True),
        # Titles' own words, folded and unstemmed: only a ranking bonus (ranking.py).
        title_exact=TEXT(analyzer=exact_analyzer(), phrase=False),
        spell=TEXT(analyzer=spelling_analyzer(), phrase=False),
        label=STORED(),
    )
