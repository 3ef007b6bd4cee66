"""Snippets: the passages of a hit around its matched words, matched words in ``<b>``.

Whoosh cuts a passage at the first and last word it keeps, so « la confiance » came out
as « la confiance: the guillemets and the final point of a quotation belong to it."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from whoosh.highlight import ContextFragmenter, HtmlFormatter

from referentiel_desktop.search.analyzers import fold, nfc
from referentiel_desktop.search.passages import CLOSING, ENDS, OPENING, passages

_WORD = re.compile(r"\w+")

SNIPPET_CHARS = 180


class QuotationFragmenter(ContextFragmenter):  # type: ignore[misc]
    """Whoosh's context fragmenter, with a passage's quotation marks kept whole."""

    def fragment_tokens(self, text: str, tokens: Any) -> Iterator[Any]:
        for fragment in super().fragment_tokens(text, tokens):
            closing = CLOSING.match(text, fragment.endchar)
            if closing:
                fragment.endchar = closing.end()
            opening = OPENING.search(text, max(0, fragment.startchar - 3), fragment.startchar)
            if opening:
                fragment.startchar = opening.start()
            yield fragment


class PassageFormatter(HtmlFormatter):  # type: ignore[misc]
    """Passages joined by « … », and « … » where the first and last were cut out of a
    longer text."""

    def format(self, fragments: list[Any], replace: bool = False) -> str:
        if not fragments:
            return ""
        joined = " … ".join(self.format_fragment(f, replace=replace) for f in fragments)
        first, last = fragments[0], fragments[-1]
        if first.startchar > 0:
            joined = "…" + joined
        if last.endchar < len(last.text.rstrip()) and not joined.endswith(ENDS):
            joined += "…"
        return joined


def make_formatter() -> HtmlFormatter:
    return PassageFormatter(tagname="b", classname="", termclass="")


def make_fragmenter() -> QuotationFragmenter:
    return QuotationFragmenter(maxchars=SNIPPET_CHARS, surround=50)


Matcher = tuple[Callable[[str], tuple[str, ...]], frozenset[str]]
"""How a word becomes an index term (a language's analysis), and the query's terms."""


class Marks:
    """Which words of a text one query marks, remembered for the whole query: the hits
    of a query share most of their words, and each word is analysed once, not once per
    hit and language. Only the words that ``candidates`` finds are analysed at all."""

    def __init__(self, matchers: list[Matcher]) -> None:
        self.matchers = [(term, words) for term, words in matchers if words]
        self.known: dict[str, bool] = {}
        self.candidates = candidate_words({w for _term, words in self.matchers for w in words})

    def __bool__(self) -> bool:
        return bool(self.matchers)

    def matched(self, word: str) -> bool:
        known = self.known.get(word)
        if known is None:
            known = self.known[word] = any(
                not words.isdisjoint(terms(word)) for terms, words in self.matchers
            )
        return known


PREFIX = 3
"""Letters of an index term that the word it came from begins with, give or take an accent,
a ligature, an ``e`` or a ``y`` read as ``i`` (« rayons » is ``rai``, "dying" is ``die``,
"eking" is ``eke``)."""


_CODEC = "cp1252"
"""One byte a character, for the characters of French, English and most of Western Europe."""


def _skeleton_table() -> bytes:
    """Each byte of lower-case ``_CODEC`` text to a plain letter if it is a letter."""
    table = bytearray(range(256))
    for byte in range(0x80, 0x100):
        char = bytes([byte]).decode(_CODEC, errors="ignore")
        if char and (char.isalnum() or char == "_"):
            plain = fold(char)[:1]
            table[byte] = ord(plain) if plain.isascii() and plain.isalnum() else ord("x")
    for letter in "yýÿ":
        table[letter.encode(_CODEC)[0]] = ord("i")
    return bytes(table)


_SKELETON = _skeleton_table()


def _beyond_the_codec(error: UnicodeError) -> tuple[str, int]:
    """A byte for each character that ``_CODEC`` lacks: a space for what is no letter
    (French typography's narrow no-break space, U+202F, before « ? » and « ; », the
    non-breaking hyphen), the plain letter a letter folds to (« ő » is ``o``). A letter
    that folds to no single plain letter leaves the text without a skeleton."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start : error.end]:
        if not (char.isalnum() or char == "_"):
            out.append(" ")
            continue
        plain = fold(char)
        if len(plain) != 1 or not (plain.isascii() and plain.isalnum()):
            raise error
        out.append(plain)  # lower case: ``_SKELETON`` reads it then as any letter
    return "".join(out), error.end


codecs.register_error("referentiel-skeleton", _beyond_the_codec)


def skeleton(text: str) -> bytes:
    """``text`` in lower case, one plain ASCII letter a letter and one byte a character
    (offsets stay as they are): what ``candidate_words`` reads. Empty when a character
    cannot be given a byte of its own (then every word is looked at)."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return b""
    try:
        return lowered.encode(_CODEC, errors="referentiel-skeleton").translate(_SKELETON)
    except UnicodeEncodeError:
        return b""


_SPELLINGS = {"e": (b"e", b"i"), "oe": (b"oe", b"o"), "ae": (b"ae", b"a"), "ss": (b"ss", b"s")}
"""How a folded beginning may be spelt in a skeleton: œ, æ, ß are one letter there, and an
``e`` may be an ``i`` ("eking" is ``eke``)."""


def _spellings(folded: str) -> set[bytes] | None:
    """The skeletons' beginnings that ``folded`` may be (``None``: no skeleton)."""
    plain = skeleton(folded)
    if not plain or not plain.isascii():
        return None
    prefix = plain.decode("ascii")
    found = {b""}
    at = 0
    while at < len(prefix):
        pair = prefix[at : at + 2]
        step = 2 if pair in _SPELLINGS else 1
        options = _SPELLINGS.get(prefix[at : at + step], (prefix[at : at + step].encode(),))
        found = {start + option for start in found for option in options}
        at += step
    return found


_WORD_BYTES = re.compile(rb"\w+")
_WORD_BYTE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


class Candidates:
    """Where the words of a skeleton begin that may be marked: those beginning as one of
    the query's terms does. A search for each of a few fixed beginnings (``bytes.find``)
    finds them faster than each word of every hit can be analysed."""

    def __init__(self, beginnings: frozenset[bytes] | None) -> None:
        self.beginnings = beginnings  # None: every word

    def starts(self, plain: bytes) -> list[int]:
        if self.beginnings is None:
            return [m.start() for m in _WORD_BYTES.finditer(plain)]
        found = set()
        for beginning in self.beginnings:
            at = plain.find(beginning)
            while at >= 0:
                if at == 0 or plain[at - 1] not in _WORD_BYTE:
                    found.add(at)
                at = plain.find(beginning, at + 1)
        return sorted(found)

    def accepts(self, word: bytes) -> bool:
        """True when ``word``, the skeleton of one word, is a candidate."""
        return 0 in self.starts(word)


def _end(plain: bytes, start: int) -> int:
    """Where the word of ``plain`` that begins at ``start`` ends."""
    found = _WORD_BYTES.match(plain, start)
    return found.end() if found else start


def candidate_words(terms: set[str]) -> Candidates:
    """The words that may be marked for ``terms`` (see ``Candidates``)."""
    return _candidates(frozenset(fold(term)[:PREFIX] for term in terms if term))


@lru_cache(maxsize=512)
def _candidates(prefixes: frozenset[str]) -> Candidates:
    beginnings: set[bytes] = set()
    for prefix in prefixes:
        spellings = _spellings(prefix)
        if spellings is None:
            return Candidates(None)  # a term no skeleton shows: every word is looked at
        beginnings |= spellings
    # A beginning that another begins with is found with it (``o`` finds ``oe``).
    kept = {b for b in beginnings if not any(b != o and b.startswith(o) for o in beginnings)}
    return Candidates(frozenset(kept))


def query_terms(results: Any) -> dict[str, frozenset[str]]:
    """The terms a query looked for, by field: read once per query, not once per hit
    (Whoosh's own ``highlights`` walks the whole query again for every hit, and its
    ``existing_terms`` drops every field but the first when given none)."""
    reader = results.searcher.reader()
    found: dict[str, set[str]] = {}
    for leaf in results.q.leaves():
        for field, term in leaf.expanded_terms(reader, phrases=True):
            text = term.decode("utf-8") if isinstance(term, bytes) else str(term)
            found.setdefault(field, set()).add(text)
    return {field: frozenset(terms) for field, terms in found.items()}


def highlight(
    text: str,
    marks: Marks,
    fragmenter: QuotationFragmenter,
    formatter: HtmlFormatter,
    top: int = 2,
) -> str:
    """The best passages of ``text`` with every word that ``marks`` marks in ``<b>``.

    The passages are those Whoosh's ``fragmenter`` (``QuotationFragmenter``), its
    ``BasicFragmentScorer`` and ``PassageFormatter`` give, computed here on the words
    within a passage's reach of a marked one only (``passages.py``): Whoosh's token and
    fragment objects for every word of every hit cost as much as the search itself. Only
    the words that may be marked (``candidate_words``) are analysed."""
    if not marks:
        return ""
    text = nfc(text)
    matched = marks.matched
    lowered = text.lower()
    plain = skeleton(text)
    if plain:
        marked = [
            at for at in marks.candidates.starts(plain) if matched(lowered[at : _end(plain, at)])
        ]
    else:
        marked = [m.start() for m in _WORD.finditer(text) if matched(m.group(0).lower())]
    if not marked:
        return ""
    return passages(text, lowered, plain, marked, fragmenter, top)
