"""A query of words scored a block of postings at a time, not a posting at a time.

Whoosh scores a query by walking a tree of matchers, one Python call per node for each
posting (``id``, ``next``, ``skip_to``, ``score``): a word typed here becomes a union of
up to a dozen terms (its readings in two languages, titles and bodies), the union sits
under the ranking's ``AndMaybe``, and on a frequent word that walk was most of a query's
cost, as much again as bare Whoosh's one term in one field. Here the tree is evaluated
once per segment into a map of document → score, each term's postings read a whole block
at a time, and the collector is handed a plain list: the same documents, each with the
sum Whoosh's tree would give it (BM25F term by term, ``Or`` and ``And`` adding their
parts, ``AndMaybe`` adding the bonus where it matches, ``AndNot`` removing), so the
same ranking. A tree holding anything else (a phrase: positions) is left to Whoosh.
"""

from __future__ import annotations

from typing import Any

from whoosh import matching
from whoosh import query as q
from whoosh.codec.whoosh3 import W3LeafMatcher

from referentiel_desktop.search.scoring import BulkScorer

Scores = dict[int, float]


def supported(node: Any) -> bool:
    """True when every node of the tree is one this module evaluates."""
    if type(node) is q.Term or node is q.NullQuery:
        return True
    if isinstance(node, q.ConstantScoreQuery):
        return supported(node.child)
    if isinstance(node, q.AndNot | q.AndMaybe):
        return supported(node.a) and supported(node.b)
    if isinstance(node, q.Or) and (node.minmatch or node.scale):
        return False
    if isinstance(node, q.Or | q.And):
        return all(supported(s) for s in node.subqueries)
    return False


class BulkScored(q.WrappingQuery):  # type: ignore[misc]  # Whoosh is untyped
    """The ``limit`` best documents of ``child`` among those ``allowed`` matches, scored
    in one pass per segment (see the module's doc). Whoosh's collector then ranks them
    across segments exactly as it would have ranked them all: a segment's best are the
    only ones that can be among the best of all, and equal scores keep Whoosh's order
    (the lower document number first)."""

    def __init__(self, child: Any, limit: int | None, allowed: Any = None) -> None:
        super().__init__(child)
        self.limit = limit
        self.allowed = allowed  # not a child: its terms are no words of the query

    def _rewrap(self, child: Any) -> BulkScored:
        return BulkScored(child, self.limit, self.allowed)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        scores = _evaluate(self.child, searcher, context)
        if self.allowed is not None and scores:
            allowed = _evaluate(self.allowed, searcher, context)
            scores = {doc: score for doc, score in scores.items() if doc in allowed}
        if not scores:
            return matching.NullMatcher()
        ranked = sorted(scores)
        ranked.sort(key=scores.__getitem__, reverse=True)  # stable: ties by document
        best = sorted(ranked[: self.limit])
        return _ScoredList(best, weights=[scores[d] for d in best])


class _ScoredList(matching.ListMatcher):  # type: ignore[misc]  # Whoosh is untyped
    """Documents with their final scores. Whoosh's collector asks a matcher every ten
    documents whether a cheaper one could replace it, and a ``ListMatcher`` answers by
    taking the maximum of all its scores. Nothing replaces this one."""

    def replace(self, minquality: float = 0) -> Any:
        return self if self.is_active() else matching.NullMatcher()


def _evaluate(node: Any, searcher: Any, context: Any) -> Scores:
    kind = type(node)
    if kind is q.Term:
        return _term(node, searcher, context)
    if node is q.NullQuery:
        return {}
    if isinstance(node, q.ConstantScoreQuery):
        constant = float(node.score)
        return dict.fromkeys(_evaluate(node.child, searcher, context), constant)
    if isinstance(node, q.AndNot):
        kept = _evaluate(node.a, searcher, context)
        for doc in _evaluate(node.b, searcher, context):
            kept.pop(doc, None)
        return kept
    if isinstance(node, q.AndMaybe):
        found = _evaluate(node.a, searcher, context)
        if found:
            for doc, score in _evaluate(node.b, searcher, context).items():
                if doc in found:
                    found[doc] += score
        return found
    if isinstance(node, q.Or) and not node.minmatch and not node.scale:
        found = _union([_evaluate(s, searcher, context) for s in node.subqueries])
    elif isinstance(node, q.And):
        found = _intersection(node.subqueries, searcher, context)
    else:
        raise TypeError(f"not evaluated here: {kind.__name__}")  # ``supported`` said no
    return _boosted(found, node.boost)


def _boosted(found: Scores, boost: float) -> Scores:
    if boost != 1.0:
        for doc in found:
            found[doc] *= boost
    return found


def _union(parts: list[Scores]) -> Scores:
    if not parts:
        return {}
    parts.sort(key=len, reverse=True)
    found = parts[0]
    for part in parts[1:]:
        get = found.get
        for doc, score in part.items():
            found[doc] = get(doc, 0.0) + score
    return found


def _intersection(children: list[Any], searcher: Any, context: Any) -> Scores:
    found: Scores | None = None
    for child in children:
        part = _evaluate(child, searcher, context)
        if found is None:
            found = part
        else:
            found = {doc: score + part[doc] for doc, score in found.items() if doc in part}
        if not found:
            return {}
    return found or {}


def _term(node: Any, searcher: Any, context: Any) -> Scores:
    """A term's documents and BM25F scores, as Whoosh's ``Term`` matcher gives them."""
    fieldname = node.fieldname
    if fieldname not in searcher.schema:
        return {}
    try:
        text = searcher.schema[fieldname].to_bytes(node.text)
    except ValueError:
        return {}
    if (fieldname, text) not in searcher.reader():
        return {}
    weighting = searcher.weighting if context is None else context.weighting
    postings = searcher.postings(fieldname, text, weighting=weighting)
    scorer = getattr(postings, "scorer", None)
    if isinstance(postings, W3LeafMatcher) and isinstance(scorer, BulkScorer):
        found = _blocks(postings, scorer)
    else:  # inlined postings, another scorer: Whoosh's protocol, posting by posting
        found = {}
        while postings.is_active():
            found[postings.id()] = postings.score()
            postings.next()
    return _boosted(found, node.boost)


def _blocks(postings: W3LeafMatcher, scorer: BulkScorer) -> Scores:
    """Every posting of ``postings`` scored, a block at a time (Whoosh's own block
    reader, without its per-posting calls)."""
    found: Scores = {}
    score = scorer.scores
    while postings.is_active():
        # The block's ids and weights, as Whoosh's ``id()`` and ``weight()`` read them.
        if postings._ids is None:
            postings._read_ids()
        if postings._weights is None:
            postings._read_weights()
        found.update(zip(postings._ids, score(postings._ids, postings._weights), strict=True))
        postings._next_block()
    return found
