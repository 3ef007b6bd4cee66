"""Language analyzers: French (elision, folding, Snowball) and English.

Stems are computed before folding so that the stemmer sees real accents, then folded so
that ``energie`` and ``énergie`` meet. Each language keeps its own short stop list in
its own fields: a folded French word can collide with an English stop word (``thé``
becomes ``the``), so the English list never touches French fields, and the lists hold
only grammatical words, never content.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import (
    Analyzer,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)

# Words and numbers; apostrophes and hyphens split (the elided article is dropped below).
TOKEN_PATTERN = r"\w+"

FRENCH_ELISIONS = frozenset(
    {"l", "d", "qu", "j", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu"}
)
FRENCH_STOP = FRENCH_ELISIONS | frozenset(
    [
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "du",
        "de",
        "au",
        "aux",
        "et",
        "ou",
        "à",
        "a",
        "en",
        "dans",
        "par",
        "pour",
        "sur",
        "avec",
        "sans",
        "sous",
        "ce",
        "cet",
        "cette",
        "ces",
        "se",
        "sa",
        "son",
        "ses",
        "leur",
        "leurs",
        "il",
        "ils",
        "elle",
        "elles",
        "on",
        "nous",
        "vous",
        "je",
        "tu",
        "y",
        "qui",
        "que",
        "quoi",
        "dont",
        "ne",
        "pas",
        "plus",
        "est",
        "sont",
    ]
)
ENGLISH_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "into",
        "than",
        "then",
    ]
)
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower-case ASCII-ish form: accents off, ligatures opened (``œuvre`` → ``oeuvre``)."""
    decomposed = unicodedata.normalize("NFKD", word.translate(LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class FoldFilter(Filter):  # type: ignore[misc]
    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for token in tokens:
            token.text = fold(token.text)
            yield token


class NFCTokenizer(RegexTokenizer):  # type: ignore[misc]
    """Tokenize NFC text: combining accents stored as ``e`` + U+0301 would split words."""

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Any]:
        tokens: Iterator[Any] = super().__call__(nfc(value), **kwargs)
        return tokens


def french_analyzer() -> Analyzer:
    return (
        NFCTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=FRENCH_STOP, minsize=1)
        | StemFilter(lang="fr", cachesize=50000)
        | FoldFilter()
    )


def english_analyzer() -> Analyzer:
    return (
        NFCTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | FoldFilter()
        | StopFilter(stoplist=ENGLISH_STOP, minsize=1)
        | StemFilter(lang="en", cachesize=50000)
    )


def spelling_analyzer() -> Analyzer:
    """Whole words, accents kept: "did you mean" shows real words (``confiance``)."""
    return NFCTokenizer(TOKEN_PATTERN) | LowercaseFilter() | StopFilter(minsize=3, stoplist=[])


def prefix_form(word: str) -> str:
    """How a typed prefix compares with indexed terms: lower-cased and folded, unstemmed."""
    return fold(nfc(word).lower())
