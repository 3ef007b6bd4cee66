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

import heapq
from typing import Any

from whoosh import matching
from whoosh import query as q
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import SegmentReader, TermNotFound

from referentiel_desktop.search.scoring import BulkScorer

Scores = dict[int, float]
Seen = dict[tuple[str, str] | tuple[str, float, bytes], tuple[list[int], list[float]]]
"""The postings of a segment already scored for a query, by term and by their bytes
(``_term``)."""


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
        seen: Seen = {}
        scores = _evaluate(self.child, searcher, context, seen)
        if self.allowed is not None and scores:
            allowed = _evaluate(self.allowed, searcher, context, seen)
            scores = {doc: score for doc, score in scores.items() if doc in allowed}
        if not scores:
            return matching.NullMatcher()
        best = sorted(_best(scores, self.limit))
        return _ScoredList(best, weights=[scores[d] for d in best])


def _best(scores: Scores, limit: int | None) -> list[int]:
    """The ``limit`` documents of highest score, ties to the lower document number.
    Sorting all of a frequent word's documents by score cost more than scoring them:
    only those that score at least the ``limit``-th best score are sorted."""
    if limit is not None and 0 < limit < len(scores):
        lowest = heapq.nlargest(limit, scores.values())[-1]
        ranked = [doc for doc, score in scores.items() if score >= lowest]
    else:
        ranked = list(scores)
    ranked.sort()
    ranked.sort(key=scores.__getitem__, reverse=True)  # stable: ties by document
    return ranked[:limit]


class _ScoredList(matching.ListMatcher):  # type: ignore[misc]  # Whoosh is untyped
    """Documents with their final scores. Whoosh's collector asks a matcher every ten
    documents whether a cheaper one could replace it, and a ``ListMatcher`` answers by
    taking the maximum of all its scores. Nothing replaces this one."""

    def replace(self, minquality: float = 0) -> Any:
        return self if self.is_active() else matching.NullMatcher()


def _evaluate(node: Any, searcher: Any, context: Any, seen: Seen) -> Scores:
    kind = type(node)
    if kind is q.Term:
        return _term(node, searcher, context, seen)
    if node is q.NullQuery:
        return {}
    if isinstance(node, q.ConstantScoreQuery):
        constant = float(node.score)
        return dict.fromkeys(_evaluate(node.child, searcher, context, seen), constant)
    if isinstance(node, q.AndNot):
        kept = _evaluate(node.a, searcher, context, seen)
        for doc in _evaluate(node.b, searcher, context, seen):
            kept.pop(doc, None)
        return kept
    if isinstance(node, q.AndMaybe):
        found = _evaluate(node.a, searcher, context, seen)
        if found:
            for doc, score in _evaluate(node.b, searcher, context, seen).items():
                if doc in found:
                    found[doc] += score
        return found
    if isinstance(node, q.Or) and not node.minmatch and not node.scale:
        found = _union([_evaluate(s, searcher, context, seen) for s in node.subqueries])
    elif isinstance(node, q.And):
        found = _intersection(node.subqueries, searcher, context, seen)
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
        # Only the documents both hold are added in Python; the others are copied over.
        for doc in part.keys() & found.keys():
            part[doc] = found[doc] + part[doc]
        found.update(part)
    return found


def _intersection(children: list[Any], searcher: Any, context: Any, seen: Seen) -> Scores:
    found: Scores | None = None
    for child in children:
        part = _evaluate(child, searcher, context, seen)
        if found is None:
            found = part
        else:
            found = {doc: score + part[doc] for doc, score in found.items() if doc in part}
        if not found:
            return {}
    return found or {}


def _term(node: Any, searcher: Any, context: Any, seen: Seen) -> Scores:
    """A term's documents and BM25F scores, as Whoosh's ``Term`` matcher gives them."""
    fieldname = node.fieldname
    # A term often comes twice in a query (a title's word, scored and again for the
    # title's bonus): its postings are read and scored once per segment.
    scored = seen.get((fieldname, node.text))
    if scored is None:
        scored = seen[(fieldname, node.text)] = _scored(
            fieldname, node.text, searcher, context, seen
        )
    return _boosted(dict(zip(*scored, strict=True)), node.boost)


def _scored(
    fieldname: str, word: str, searcher: Any, context: Any, seen: Seen
) -> tuple[list[int], list[float]]:
    if fieldname not in searcher.schema:
        return [], []
    try:
        text = searcher.schema[fieldname].to_bytes(word)
    except ValueError:
        return [], []
    weighting = searcher.weighting if context is None else context.weighting
    reader = searcher.reader()
    if type(reader) is SegmentReader and not reader.has_deletions():
        # Whoosh's ``searcher.postings`` looks the term up three times (is it there, its
        # scorer's best score, its postings); once is enough.
        terms = reader._terms
        try:
            terminfo = terms.term_info(fieldname, text)
        except TermNotFound:
            return [], []
        scorer = weighting.scorer(searcher, fieldname, text)
        postings = terms._codec.postings_reader(
            terms._postfile, terminfo, searcher.schema[fieldname].format, (fieldname, text), scorer
        )
    elif (fieldname, text) in reader:
        postings = searcher.postings(fieldname, text, weighting=weighting)
        scorer = getattr(postings, "scorer", None)
    else:
        return [], []
    if isinstance(postings, W3LeafMatcher) and isinstance(scorer, BulkScorer):
        # A French word of two readings often has two terms with the very same postings
        # (« expérience »: ``experienc`` and ``experient``, every form giving both): the
        # same bytes in the same field with the same idf are the same scores, read once.
        key = (fieldname, scorer.idf, _raw(postings))
        scored = seen.get(key)
        if scored is None:
            scored = seen[key] = _blocks(postings, scorer)
        return scored
    # inlined postings, another scorer: Whoosh's protocol, posting by posting
    ids: list[int] = []
    scores: list[float] = []
    while postings.is_active():
        ids.append(postings.id())
        scores.append(postings.score())
        postings.next()
    return ids, scores


def _raw(postings: W3LeafMatcher) -> bytes:
    """The bytes of a term's postings, as stored."""
    length = postings._length
    if isinstance(length, tuple):  # Whoosh's term info keeps it as ``struct`` unpacks it
        (length,) = length
    data: bytes = postings._postfile.get(postings._startoffset, length)
    return data


def _blocks(postings: W3LeafMatcher, scorer: BulkScorer) -> tuple[list[int], list[float]]:
    """Every posting of ``postings`` with its score, a block at a time (Whoosh's own
    block reader, without its per-posting calls)."""
    ids: list[int] = []
    scores: list[float] = []
    score = scorer.scores
    while postings.is_active():
        # The block's ids and weights, as Whoosh's ``id()`` and ``weight()`` read them:
        # its weights are stored as none when all are 1, one float when all are equal.
        if postings._ids is None:
            postings._read_ids()
        weights = postings._data[1]
        if isinstance(weights, float):
            weights = [weights] * len(postings._ids)
        ids.extend(postings._ids)
        scores.extend(score(postings._ids, weights))
        postings._next_block()
    return ids, scores
