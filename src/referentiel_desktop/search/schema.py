"""The index schema: one document per referential node, note and case."""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from referentiel_desktop.search.analyzers import (
    english_analyzer,
    exact_analyzer,
    french_analyzer,
    spelling_analyzer,
)

INDEX_FORMAT = 4
"""Bumped when the schema or the analyzers change: an older index is rebuilt."""

TITLE_BOOST = 3.0
TEXT_FIELDS = ("title_fr", "body_fr", "title_en", "body_en")


def build_schema() -> Schema:
    fr = french_analyzer()
    en = english_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        theme=KEYWORD(stored=True, commas=True),
        source=ID(stored=True),
        target=KEYWORD(stored=True, commas=True),
        territory=KEYWORD(stored=True, commas=True, lowercase=True),
        tag=KEYWORD(stored=True, commas=True, lowercase=True),
        author=KEYWORD(stored=True, commas=True, lowercase=True),
        title_fr=TEXT(analyzer=fr, stored=True, field_boost=TITLE_BOOST),
        body_fr=TEXT(analyzer=fr, stored=True),
        title_en=TEXT(analyzer=en, stored=True, field_boost=TITLE_BOOST),
        body_en=TEXT(analyzer=en, stored=True),
        # Titles' own words, folded and unstemmed: only a ranking bonus (ranking.py).
        title_exact=TEXT(analyzer=exact_analyzer(), phrase=False),
        spell=TEXT(analyzer=spelling_analyzer(), phrase=False),
        label=STORED(),
    )
