"""Snippets: the passages of a hit around its matched words, matched words in ``<b>``.

Whoosh cuts a passage at the first and last word it keeps, so « la confiance » came out
as « la confiance: the guillemets and the final point of a quotation belong to it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh.highlight import ContextFragmenter, HtmlFormatter

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
