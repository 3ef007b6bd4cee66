"""Ranking a reader would call right, added to BM25F as bonuses on the matched items.

1. An item whose title holds every required word of the query comes before one where
   they only appear in the body: a constant bonus larger than any body score.
2. Among titles, the one holding the very words typed (folded, unstemmed: ``cooperer``
   is « Coopérer », not « coopération ») and the shorter one come first: the folded
   title words are scored by BM25, whose length normalisation favours short titles.
3. A referential item comes before a note when both match equally: its documents are
   indexed with a slightly higher weight (``REFERENTIAL_BOOST``, free at query time).

Only the matched items are re-scored (``AndMaybe``): the bonuses never find anything.
"""

from __future__ import annotations

from array import array
from typing import Any

from whoosh import matching
from whoosh import query as q

from referentiel_desktop.search.analyzers import exact_term

TITLE_ALL_BONUS = 40.0
EXACT_BOOST = 6.0
REFERENTIAL_BOOST = 1.05


class TitleBonus(q.ConstantScoreQuery):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's ``ConstantScoreQuery``, the same documents and score, with the documents of
    a union of terms read term by term: Whoosh reads them through the union's matcher, one
    call per posting, which cost a frequent word more than a millisecond a segment."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        child = self.child
        leaves = child.subqueries if type(child) is q.Or else [child]
        needs_current = context is not None and context.needs_current
        if needs_current or not all(type(leaf) is q.Term for leaf in leaves):
            return super().matcher(searcher, context)
        found: set[int] = set()
        for leaf in leaves:
            found.update(leaf.matcher(searcher, context).all_ids())
        if not found:
            return matching.NullMatcher()
        return matching.ListMatcher(array("I", sorted(found)), all_weights=self.score)


def ranked(positive: q.Query, title_all: q.Query | None, words: list[str]) -> q.Query:
    bonuses: list[q.Query] = []
    if title_all is not None:
        bonuses.append(TitleBonus(title_all, TITLE_ALL_BONUS))
    exact = sorted({t for t in (exact_term(w.lower()) for w in words) if t})
    if exact:
        terms = [q.Term("title_exact", t, boost=EXACT_BOOST) for t in exact]
        bonuses.append(q.Or(terms) if len(terms) > 1 else terms[0])
    if not bonuses:
        return positive
    return q.AndMaybe(positive, q.Or(bonuses) if len(bonuses) > 1 else bonuses[0])
