"""Language analyzers: every word is folded first, then stemmed.

Folding comes first (accents off, ligatures opened, lower case) so that a word typed
without its accents, in capitals or with ``oe`` for ``œ`` is the very same string the
stemmer sees when it indexes the correctly written word: ``réflexivité`` and
``reflexivite`` both become ``reflexivit``. Snowball's French rules recognise some
endings by their accents (-ée, -és, -èrent, coopér-aient), which a folded word no
longer has: ``french.py`` puts conjugation, singular and plural, masculine and feminine
back together on the folded form, giving a word a second term where its ending is
ambiguous once folded (``coopéraient``, ``coopérer`` and ``COOPERONS`` meet).

Each language keeps its own short stop list of grammatical words, never content. A
hyphenated word with a short first part (``dé-contextualisation``, ``co-construction``)
is indexed both as its parts and joined, as people type it either way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import Analyzer, LowercaseFilter, RegexTokenizer, StopFilter, Tokenizer
from whoosh.analysis.acore import Token
from whoosh.lang.snowball.english import EnglishStemmer

from referentiel_desktop.search.french import french_stems

# Words and numbers, with their hyphenated parts; apostrophes split (the elided article
# is a stop word).
TOKEN_PATTERN = r"\w+"
_WORD = re.compile(r"\w+(?:[-\u2010\u2011]\w+)*")
_HYPHENS = re.compile(r"[-\u2010\u2011]")
JOINED_PREFIX_MAX = 5
"""A two-part hyphenated word is also indexed joined when its first part is this short."""

FRENCH_ELISIONS = frozenset(
    {"l", "d", "qu", "j", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu"}
)
FRENCH_STOP = FRENCH_ELISIONS | frozenset(
    """le la les un une des du de au aux et ou à a en dans par pour sur avec sans sous ce
    cet cette ces se sa son ses leur leurs il ils elle elles on nous vous je tu y qui que
    quoi dont ne pas plus est sont""".split()  # noqa: SIM905 - a list reads better as text
)
ENGLISH_STOP = frozenset(
    """a an the and or of to in on at by for with from as is are be been it its this that
    these those into than then""".split()  # noqa: SIM905
)
ELIDED = re.compile(
    r"^(?:" + "|".join(sorted(FRENCH_ELISIONS, key=len, reverse=True)) + r")['’]", re.I
)
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower-case ASCII-ish form: accents off, ligatures opened (``Œuvre`` → ``oeuvre``)."""
    decomposed = unicodedata.normalize("NFKD", word.translate(LIGATURES).lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_FRENCH_STOP_FOLDED = frozenset(fold(w) for w in FRENCH_STOP)
_ANY_STOP_FOLDED = _FRENCH_STOP_FOLDED | ENGLISH_STOP
_english_stem = EnglishStemmer().stem
_DOUBLED = ("bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt")


def _singular(folded: str) -> str:
    """The folded French word without its plural and feminine-participle endings."""
    if len(folded) > 3 and folded[-1] in "sx" and folded[-2] != "s":
        folded = folded[:-1]
    if len(folded) > 3 and folded.endswith("ee"):
        folded = folded[:-1]
    return folded


@lru_cache(maxsize=200_000)
def french_terms(word: str) -> tuple[str, ...]:
    """The index terms of a French word (``french.py``); none for a stop word."""
    folded = fold(word)
    if folded in _FRENCH_STOP_FOLDED:
        return ()
    return french_stems(folded)


@lru_cache(maxsize=200_000)
def english_terms(word: str) -> tuple[str, ...]:
    """Snowball's English stem, a final doubled consonant made single: Snowball undoubles
    it only where it took a suffix off (``stuffed`` → ``stuf``, ``stuff`` → ``stuff``)."""
    folded = fold(word)
    if folded in ENGLISH_STOP:
        return ()
    stem = str(_english_stem(folded))
    if len(stem) > 3 and stem.endswith(_DOUBLED):
        stem = stem[:-1]
    return (stem,)


@lru_cache(maxsize=65536)
def exact_term(word: str) -> str:
    """The word itself, folded, for the exact-title bonus; empty for a stop word of
    either language."""
    folded = fold(word)
    return "" if folded in _ANY_STOP_FOLDED else _singular(folded)


def _exact_terms(word: str) -> tuple[str, ...]:
    term = exact_term(word)
    return (term,) if term else ()


TERMS: dict[str, Callable[[str], tuple[str, ...]]] = {
    "fr": french_terms,
    "en": english_terms,
    "exact": _exact_terms,
}
"""A language's index terms of a lower-case word: one, more where its ending is
ambiguous, none for a stop word."""


def is_stop_word(word: str) -> bool:
    """True when either language drops the word (an elided article included)."""
    return fold(word.strip("'’")) in _ANY_STOP_FOLDED


def _pieces(surface: str) -> list[tuple[str, int, int, bool]]:
    """(word, start, end, shares the next word's position) for one matched word."""
    if not _HYPHENS.search(surface):
        return [(surface, 0, len(surface), False)]
    out: list[tuple[str, int, int, bool]] = []
    parts = _HYPHENS.split(surface)
    if len(parts) == 2 and len(parts[0]) <= JOINED_PREFIX_MAX:
        out.append(("".join(parts), 0, len(surface), True))
    offset = 0
    for part in parts:
        out.append((part, offset, offset + len(part), False))
        offset += len(part) + 1
    return out


class WordTokenizer(Tokenizer):  # type: ignore[misc]
    """Words of NFC text turned into index terms in one pass (fold, stop, stem).

    One pass with cached terms, rather than a chain of Whoosh filters, keeps a rebuild
    fast; positions count only kept words, so a phrase with stop words in it matches."""

    def __init__(self, language: str) -> None:
        self.language = language  # a name, not a function: the schema is pickled

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordTokenizer) and other.language == self.language

    def __hash__(self) -> int:
        return hash(self.language)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Any]:
        term = TERMS[self.language]
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        text = nfc(value)
        matches: Iterator[tuple[str, int]] = (
            ((m.group(0), m.start()) for m in _WORD.finditer(text))
            if tokenize
            else iter([(text, 0)])
        )
        pos = start_pos
        for surface, where in matches:
            for word, start, end, shares in _pieces(surface):
                indexed = term(word.lower())
                if not indexed and removestops:
                    continue
                # A word's second term shares its position: phrases still match.
                for text in indexed or (word.lower(),):
                    token.text = text
                    token.stopped = not indexed
                    token.boost = 1.0
                    if keeporiginal:
                        token.original = word
                    if positions:
                        token.pos = pos
                    if chars:
                        token.startchar = start_char + where + start
                        token.endchar = start_char + where + end
                    yield token
                if indexed and not shares:
                    pos += 1


Pieces = tuple[tuple[tuple[bytes, ...], bool], ...]
"""A matched word's pieces: each piece's index terms (UTF-8) and whether the position
moves on after it (``WordTokenizer``'s rule)."""
_PIECES: dict[str, dict[str, Pieces]] = {language: {} for language in TERMS}
PIECES_CACHED = 200_000
"""Distinct words whose pieces are kept per language (a team's vocabulary is far smaller)."""


def _word_pieces(language: str, surface: str) -> Pieces:
    cache = _PIECES[language]
    pieces = cache.get(surface)
    if pieces is None:
        term = TERMS[language]
        found = []
        for word, _start, _end, shares in _pieces(surface):
            indexed = term(word.lower())
            found.append((tuple(t.encode("utf-8") for t in indexed), bool(indexed) and not shares))
        pieces = tuple(found)
        if len(cache) < PIECES_CACHED:
            cache[surface] = pieces
    return pieces


def term_positions(language: str, value: str) -> dict[bytes, list[int]]:
    """Each index term of ``value`` (UTF-8) with the positions ``WordTokenizer`` gives it,
    in the order it first yields them: what Whoosh's ``Positions`` format gathers from its
    tokens, reached without a token per word. A word's terms depend on the word alone,
    so each distinct word is analysed once per process (``_word_pieces``)."""
    positions: dict[bytes, list[int]] = {}
    pos = 0
    cache = _PIECES[language]
    for surface in _WORD.findall(nfc(value)):
        for terms, moves_on in cache.get(surface) or _word_pieces(language, surface):
            for term in terms:
                found = positions.get(term)
                if found is None:
                    positions[term] = [pos]
                else:
                    found.append(pos)
            if moves_on:
                pos += 1
    return positions


def french_analyzer() -> Analyzer:
    return WordTokenizer("fr")


def english_analyzer() -> Analyzer:
    return WordTokenizer("en")


def exact_analyzer() -> Analyzer:
    """Folded words, unstemmed: rewards a title that holds the very word typed."""
    return WordTokenizer("exact")


class NFCTokenizer(RegexTokenizer):  # type: ignore[misc]
    """Tokenize NFC text: combining accents stored as ``e`` + U+0301 would split words."""

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Any]:
        tokens: Iterator[Any] = super().__call__(nfc(value), **kwargs)
        return tokens


def spelling_analyzer() -> Analyzer:
    """Whole words, accents kept: "did you mean" shows real words (``confiance``)."""
    return NFCTokenizer(TOKEN_PATTERN) | LowercaseFilter() | StopFilter(minsize=3, stoplist=[])


def prefix_form(word: str) -> str:
    """How a typed prefix compares with indexed terms: folded, unstemmed, without an
    elided article (``l’eng`` → ``eng``)."""
    return fold(ELIDED.sub("", nfc(word)))
