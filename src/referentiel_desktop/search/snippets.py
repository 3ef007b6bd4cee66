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

    def __init__(self, text: str, start: int, end: int, matchers: list[Matcher]) -> None:
        self.text = word = text.lower()
        self.startchar, self.endchar = start, end
        self.matched = any(term(word) in words for term, words in matchers)

    def copy(self) -> _Word:
        twin = _Word.__new__(_Word)
        twin.text, twin.startchar, twin.endchar = self.text, self.startchar, self.endchar
        twin.matched = self.matched
        return twin


Matcher = tuple[Callable[[str], str], frozenset[str]]
"""How a word becomes an index term (a language's analysis), and the query's terms."""
_SCORER = BasicFragmentScorer()


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
    matchers: list[Matcher],
    fragmenter: QuotationFragmenter,
    formatter: HtmlFormatter,
    top: int = 2,
) -> str:
    """The best passages of ``text`` with every word that one of ``matchers`` turns into
    one of its terms marked. One pass over the words, each term cached: a team note is
    matched in French and in English at once."""
    matchers = [(term, words) for term, words in matchers if words]
    if not matchers:
        return ""
    text = nfc(text)
    tokens = [_Word(m.group(0), m.start(), m.end(), matchers) for m in _WORD.finditer(text)]
    if not any(t.matched for t in tokens):
        return ""
    fragments = top_fragments(fragmenter.fragment_tokens(text, tokens), top, _SCORER, FIRST)
    return str(formatter.format(fragments))
