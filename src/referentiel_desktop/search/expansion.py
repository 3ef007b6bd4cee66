"""Turn a query's prefixes and fuzzy terms into a bounded set of plain terms, once.

Left to Whoosh, ``comm*`` expands to every term it starts in each of the four text
fields and scores all their postings (tens of thousands in a large team corpus), and a
fuzzy term is expanded again (Levenshtein over the lexicon) for the snippet of every
hit. Here each is expanded once, the most frequent expansions first, under one postings
budget for the whole query: scoring cost grows with postings, and the most frequent
completions are the words a person is most likely typing.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import islice
from typing import Any

from whoosh import query as whoosh_query

MAX_EXPANSIONS = 12
"""Expansions kept for one prefix or fuzzy term in one field."""
MAX_SCAN = 4000
"""Lexicon terms looked at for one prefix: a one-letter prefix would otherwise walk it all."""
POSTINGS_BUDGET = 4000
"""Postings the whole query may score, beyond each typed word's most frequent expansion."""

_Key = tuple[str, str, str]  # (field, text, kind of expansion)


def _key(node: Any) -> _Key | None:
    if isinstance(node, whoosh_query.FuzzyTerm):
        return (node.fieldname, node.text, "fuzzy")
    if isinstance(node, whoosh_query.Prefix):
        return (node.fieldname, node.text, "prefix")
    return None


def _expansions(node: Any, reader: Any) -> list[str]:
    if isinstance(node, whoosh_query.FuzzyTerm):
        found = reader.terms_within(node.fieldname, node.text, node.maxdist, node.prefixlength)
    else:
        found = reader.expand_prefix(node.fieldname, node.text)
    return list(islice(found, MAX_SCAN))


def bound_expansions(built: Any, reader: Any) -> Any:
    """``built`` with each prefix and fuzzy term replaced by an Or of chosen terms."""
    nodes: dict[_Key, Any] = {}

    def collect(node: Any) -> Any:
        key = _key(node)
        if key is not None:
            nodes[key] = node
        return node

    built.accept(collect)
    if not nodes:
        return built
    candidates: list[tuple[int, _Key, str]] = []
    for key, node in nodes.items():
        field = key[0]
        candidates.extend(
            (reader.doc_frequency(field, term), key, term) for term in _expansions(node, reader)
        )
    candidates.sort(key=lambda c: -c[0])
    chosen: dict[_Key, list[str]] = defaultdict(list)
    served: set[tuple[str, str]] = set()  # each typed word keeps its best expansion
    postings = 0
    for frequency, key, term in candidates:
        word = (key[1], key[2])
        if word in served and (
            postings + frequency > POSTINGS_BUDGET or len(chosen[key]) >= MAX_EXPANSIONS
        ):
            continue
        served.add(word)
        chosen[key].append(term)
        postings += frequency

    def replace(node: Any) -> Any:
        key = _key(node)
        if key is None:
            return node
        terms = [whoosh_query.Term(key[0], t) for t in chosen.get(key, [])]
        if not terms:
            return whoosh_query.NullQuery
        union = whoosh_query.Or(terms)
        # Many small postings lists: reading them into one array beats a tree of unions.
        union.matcher_type = whoosh_query.Or.ARRAY_MATCHER
        return union

    return built.accept(replace)
