"""BM25F exactly as Whoosh scores it, with each segment's field lengths read once.

Whoosh's scorer looks a document's field length up through five calls (searcher, reader,
codec, column, byte decoding) for every posting it scores: on a frequent word, over a
thousand postings per field, that lookup cost as much as the rest of the scoring. Here
the lengths of a segment's field are read once into a list, kept while the segment
lives (a segment never changes once written; deletions leave lengths alone), and the
score is Whoosh's own formula on the same numbers: the same scores, the same order.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from whoosh.scoring import BM25F, BM25FScorer, WeightScorer

MAX_SEGMENTS = 64
"""Segments whose lengths are kept (a search opens each segment of the index once)."""

_Key = tuple[str, str]  # (segment, field)
_lengths: dict[_Key, tuple[list[Any], frozenset[int]]] = {}
_tables: dict[tuple[_Key, float, float, float], tuple[dict[int, float], dict[int, float]]] = {}
_guard = threading.Lock()


def _segment_lengths(
    searcher: Any, fieldname: str
) -> tuple[_Key, list[Any], frozenset[int]] | None:
    """The lengths of ``fieldname`` for each document of the searcher's one segment, as
    Whoosh's scorer reads them (1 where none is stored; none without the field), with
    the segment's key and the lengths it holds; ``None`` if not one segment."""
    reader = searcher.reader()
    segment = getattr(reader, "segment", None)
    if not callable(segment) or not reader.is_atomic():
        return None
    key = (f"{getattr(reader.storage, 'folder', '')}/{segment().segment_id()}", fieldname)
    found = _lengths.get(key)
    if found is None:
        field_length = reader.doc_field_length
        lengths = [field_length(d, fieldname, 1) for d in range(reader.doc_count_all())]
        found = (lengths, frozenset(fl for fl in lengths if fl is not None))
        with _guard:
            if len(_lengths) >= MAX_SEGMENTS * 4:
                _lengths.clear()
                _tables.clear()
            _lengths[key] = found
    return key, *found


class BulkScorer(BM25FScorer):  # type: ignore[misc]  # Whoosh is untyped
    def __init__(
        self, segment: tuple[_Key, list[Any], frozenset[int]], *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.key, self.lengths, self.distinct = segment

    def setup(self, searcher: Any, fieldname: str, text: Any) -> None:
        """Whoosh's ``setup`` looks the term up for its best possible score, which only
        Whoosh's own matchers ask for (``max_quality``): looked up when they ask."""
        self.dfl = lambda docid: searcher.doc_field_length(docid, fieldname, 1)
        self._quality_of = (searcher, fieldname, text)
        self._best: float | None = None

    def max_quality(self) -> float:
        if self._best is None:
            searcher, fieldname, text = self._quality_of
            info = searcher.term_info(fieldname, text)
            self._best = float(self._score(info.max_weight(), info.min_length()))
        return self._best

    def score(self, matcher: Any) -> float:
        # Whoosh's ``bm25(idf, tf, fl, avgfl, B, K1)``, operation by operation.
        tf = matcher.weight()
        fl = self.lengths[matcher.id()]
        return float(
            self.idf
            * ((tf * (self.K1 + 1)) / (tf + self.K1 * ((1 - self.B) + self.B * fl / self.avgfl)))
        )

    def scores(self, ids: Sequence[int], weights: Sequence[float] | None) -> list[float]:
        """``score`` of each posting of a block (``bulk.py``), the same operations on
        the same numbers; ``weights`` is ``None`` when each is 1 (Whoosh's block then
        stores none)."""
        idf, lengths = self.idf, self.lengths
        norms, ones = self._tables()
        if weights is None:
            return [idf * ones[lengths[doc]] for doc in ids]
        k1_plus = self.K1 + 1
        return [
            idf * ones[lengths[doc]]
            if tf == 1.0
            else idf * ((tf * k1_plus) / (tf + norms[lengths[doc]]))
            for doc, tf in zip(ids, weights, strict=True)
        ]

    def _tables(self) -> tuple[dict[int, float], dict[int, float]]:
        """For each field length of the segment, bm25's ``K1 * ((1 - B) + B * fl /
        avgfl)`` and ``(tf * (K1 + 1)) / (tf + that)`` at tf = 1: the same floats
        whatever the term, worked out once per segment, field and state of the index
        (``avgfl`` is the whole index's)."""
        k1, b, avgfl = self.K1, self.B, self.avgfl
        key = (self.key, avgfl, b, k1)
        found = _tables.get(key)
        if found is None:
            k1_plus, one_minus_b = k1 + 1, 1 - b
            norms = {fl: k1 * (one_minus_b + b * fl / avgfl) for fl in self.distinct}
            ones = {fl: (1.0 * k1_plus) / (1.0 + norm) for fl, norm in norms.items()}
            found = (norms, ones)
            with _guard:
                if len(_tables) >= MAX_SEGMENTS * 16:
                    _tables.clear()
                _tables[key] = found
        return found


class SegmentLengthsBM25F(BM25F):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's ``BM25F`` whose scorer reads a document's field length from a list."""

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: int = 1) -> Any:
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        B = self._field_B.get(fieldname, self.B)
        segment = _segment_lengths(searcher, fieldname)
        if segment is None:
            return BM25FScorer(searcher, fieldname, text, B, self.K1, qf=qf)
        return BulkScorer(segment, searcher, fieldname, text, B, self.K1, qf=qf)
