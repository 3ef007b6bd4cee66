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

_lengths: dict[tuple[str, str], list[int]] = {}
_guard = threading.Lock()


def _segment_lengths(searcher: Any, fieldname: str) -> list[int] | None:
    """The lengths of ``fieldname`` for each document of the searcher's one segment, as
    Whoosh's scorer reads them (1 where none is stored); ``None`` if not one segment."""
    reader = searcher.reader()
    segment = getattr(reader, "segment", None)
    if not callable(segment) or not reader.is_atomic():
        return None
    key = (f"{getattr(reader.storage, 'folder', '')}/{segment().segment_id()}", fieldname)
    found = _lengths.get(key)
    if found is None:
        field_length = reader.doc_field_length
        found = [field_length(d, fieldname, 1) for d in range(reader.doc_count_all())]
        with _guard:
            if len(_lengths) >= MAX_SEGMENTS * 4:
                _lengths.clear()
            _lengths[key] = found
    return found


class BulkScorer(BM25FScorer):  # type: ignore[misc]  # Whoosh is untyped
    def __init__(self, lengths: list[int], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lengths = lengths

    def score(self, matcher: Any) -> float:
        # Whoosh's ``bm25(idf, tf, fl, avgfl, B, K1)``, operation by operation.
        tf = matcher.weight()
        fl = self.lengths[matcher.id()]
        return float(
            self.idf
            * ((tf * (self.K1 + 1)) / (tf + self.K1 * ((1 - self.B) + self.B * fl / self.avgfl)))
        )

    def scores(self, ids: Sequence[int], weights: Sequence[float]) -> list[float]:
        """``score`` of each posting of a block (``bulk.py``), the same operations."""
        idf, k1, b, avgfl, lengths = self.idf, self.K1, self.B, self.avgfl, self.lengths
        k1_plus, one_minus_b = k1 + 1, 1 - b
        return [
            idf * ((tf * k1_plus) / (tf + k1 * (one_minus_b + b * lengths[doc] / avgfl)))
            for doc, tf in zip(ids, weights, strict=True)
        ]


class SegmentLengthsBM25F(BM25F):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's ``BM25F`` whose scorer reads a document's field length from a list."""

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: int = 1) -> Any:
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        B = self._field_B.get(fieldname, self.B)
        lengths = _segment_lengths(searcher, fieldname)
        if lengths is None:
            return BM25FScorer(searcher, fieldname, text, B, self.K1, qf=qf)
        return BulkScorer(lengths, searcher, fieldname, text, B, self.K1, qf=qf)
