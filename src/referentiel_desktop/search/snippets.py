"""Snippets: the passages of a hit around its matched words, matched words in ``<b>``.

Whoosh cuts a passage at the first and last word it keeps, so « la confiance » came out
as « la confiance: the guillemets and the final point of a quotation belong to it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from whoosh.highlight import (
    FIRST,
    BasicFragmentScorer,
    ContextFragmenter,
    HtmlFormatter,
    top_fragments,
)

from referentiel_desktop.search.analyzers import nfc

_WORD = re.compile(r"\w+")

SNIPPET_CHARS = 180
_CLOSING = re.compile(r"[ \u00a0\u202f]*[»”\"’')\]]+[.!?…]?|[.!?…]+")
_OPENING = re.compile(r"[«“\"‘(\[]+[ \u00a0\u202f]*$")


class QuotationFragmenter(ContextFragmenter):  # type: ignore[misc]
    """Whoosh's context fragmenter, with a passage's quotation marks kept whole."""

    def fragment_tokens(self, text: str, tokens: Any) -> Iterator[Any]:
        for fragment in super().fragment_tokens(text, tokens):
            closing = _CLOSING.match(text, fragment.endchar)
            if closing:
                fragment.endchar = closing.end()
            opening = _OPENING.search(text, max(0, fragment.startchar - 3), fragment.startchar)
            if opening:
                fragment.startchar = opening.start()
            yield fragment


class PassageFormatter(HtmlFormatter):  # type: ignore[misc]
    """Passages joined by « … », and « … » where the first and last were cut out of a
    longer text."""

    def format(self, fragments: list[Any], replace: bool = False) -> str:
        if not fragments:
            return ""
        passages = " … ".join(self.format_fragment(f, replace=replace) for f in fragments)
        first, last = fragments[0], fragments[-1]
        if first.startchar > 0:
            passages = "…" + passages
        if last.endchar < len(last.text.rstrip()) and not passages.endswith(_ENDS):
            passages += "…"
        return passages


_ENDS = (".", "!", "?", "…", "»", "”")


def make_formatter() -> HtmlFormatter:
    return PassageFormatter(tagname="b", classname="", termclass="")


def make_fragmenter() -> QuotationFragmenter:
    return QuotationFragmenter(maxchars=SNIPPET_CHARS, surround=50)


class _Word:
    """What Whoosh's fragmenter and formatter read of a token, and no more: a full
    Token per word of every hit's text costs more than the search."""

    __slots__ = ("text", "startchar", "endchar", "matched")
    boost = 1.0  # what a fragment scorer sums

    def __init__(self, text: str, start: int, end: int, matched: bool) -> None:
        self.text = text
        self.startchar, self.endchar = start, end
        self.matched = matched

    def copy(self) -> _Word:
        twin = _Word.__new__(_Word)
        twin.text, twin.startchar, twin.endchar = self.text, self.startchar, self.endchar
        twin.matched = self.matched
        return twin


Matcher = tuple[Callable[[str], tuple[str, ...]], frozenset[str]]
"""How a word becomes an index term (a language's analysis), and the query's terms."""
_SCORER = BasicFragmentScorer()


class Marks:
    """Which words of a text one query marks, remembered for the whole query: the hits
    of a query share most of their words, and each word is analysed once, not once per
    hit and language."""

    def __init__(self, matchers: list[Matcher]) -> None:
        self.matchers = [(term, words) for term, words in matchers if words]
        self.known: dict[str, bool] = {}

    def __bool__(self) -> bool:
        return bool(self.matchers)

    def matched(self, word: str) -> bool:
        known = self.known.get(word)
        if known is None:
            known = self.known[word] = any(
                not words.isdisjoint(terms(word)) for terms, words in self.matchers
            )
        return known


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
    """The best passages of ``text`` with every word that ``marks`` marks. One pass over
    the words; only those within a passage's reach of a marked word are handed to Whoosh's
    fragmenter (a passage never reaches further)."""
    if not marks:
        return ""
    text = nfc(text)
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer: offsets move
        lowered = text
    known, matched = marks.known, marks.matched
    words = []
    first = last = -1
    for m in _WORD.finditer(lowered):
        word = m.group(0)
        if lowered is text:
            word = word.lower()
        mark = known.get(word)
        if mark is None:
            mark = matched(word)
        start = m.start()
        if mark:
            last = start
            if first < 0:
                first = start
        words.append((word, start, m.end(), mark))
    if first < 0:
        return ""
    low, high = first - fragmenter.maxchars, last + fragmenter.maxchars
    tokens = [_Word(w, start, end, mark) for w, start, end, mark in words if low <= start <= high]
    fragments = top_fragments(fragmenter.fragment_tokens(text, tokens), top, _SCORER, FIRST)
    return str(formatter.format(fragments))
