"""The writer of a build: Whoosh's ``SegmentWriter``, with each field's terms reached by a
shorter path than Whoosh's own, to the same postings.

Whoosh indexes a field by running its analyzer, one token object per word through a chain
of generators, then its format gathers the tokens' positions and pickles them: for the
words of our text fields that walk cost more than the rest of a build. Here a text field
whose analyzer is a ``WordTokenizer`` and whose format keeps positions is indexed from
``analyzers.term_positions`` (each distinct word analysed once per process), and a short
value of any other field (a kind, an author, a balise, a tag; an empty title) has its
terms worked out once and reused: the terms of a value depend on the value alone. The
postings, weights, lengths and stored fields are those Whoosh's own writer writes
(``tests/core/test_search_build_writer.py`` holds them equal).
"""

from __future__ import annotations

from typing import Any

from whoosh.analysis import IDTokenizer
from whoosh.formats import Existence, Positions
from whoosh.writing import PostingPool, SegmentWriter

from referentiel_desktop.search.analyzers import WordTokenizer, term_positions
from referentiel_desktop.search.codec import PositionsApartFieldWriter

Items = tuple[tuple[bytes, int, float, bytes], ...]
"""What Whoosh's ``FieldType.index`` yields: (term, frequency, weight, encoded value)."""
Posting = tuple[int, float, bytes | None]
"""A term's posting in a segment: document number, weight, encoded value."""
VALUES_CACHED = 50_000
"""Distinct short values whose terms are kept, all fields together."""
SHORT_VALUE = 200
"""Longer values (a referential item's text) are seldom repeated: not kept."""
SINGLE_POSITIONS_CACHED = 4096
POSTING_SIZE = 150
"""What Whoosh's pool counts for a posting beside its field's, term's and value's bytes."""


class TermPool(PostingPool):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's pool of a segment's postings, kept by field and term. Whoosh keeps one
    list of (field, term, document, weight, value) and sorts it whole when the segment
    is written, a comparison of tuples per step; here each term's postings are gathered
    as they come, and only the distinct terms are sorted. What the pool hands out, and
    when it spills a sorted run to disk (Whoosh's count of bytes), are Whoosh's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fields: dict[str, dict[bytes, list[Posting]]] = {}

    def field(self, fieldname: str) -> dict[bytes, list[Posting]]:
        """The field's terms and their postings, to add to; then ``grown``."""
        terms = self._fields.get(fieldname)
        if terms is None:
            terms = self._fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        return terms

    def grown(self, size: int) -> None:
        """``size`` more bytes of postings were added: a run is sorted to disk past the
        pool's limit."""
        self.currentsize += size
        if self.currentsize > self.limit:
            self.save()

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        terms = self.field(fieldname)
        postings = terms.get(tbytes)
        if postings is None:
            terms[tbytes] = [(docnum, weight, vbytes)]
        else:
            postings.append((docnum, weight, vbytes))
        self.grown(POSTING_SIZE + len(fieldname) + 2 * len(tbytes) + len(vbytes or b""))

    def terms(self) -> Any:
        """(field, term, its postings in document order), in term order; the pool is
        emptied."""
        fields, self._fields = self._fields, {}
        for fieldname in sorted(fields):
            terms = fields[fieldname]
            for tbytes in sorted(terms):
                postings = terms[tbytes]
                postings.sort()  # in document order as added: a pass that moves nothing
                yield fieldname, tbytes, postings

    def _sorted(self) -> Any:
        for fieldname, tbytes, postings in self.terms():
            for docnum, weight, vbytes in postings:
                yield fieldname, tbytes, docnum, weight, vbytes

    def save(self) -> None:
        self.current = list(self._sorted())
        super().save()

    def items(self, maxfiles: int = 128) -> Any:
        if not self.runs:
            return self._sorted()
        return super().items(maxfiles)  # what is left saved as a run, the runs merged


class _Field:
    """What ``add_document`` reads of a field, read once per writer."""

    def __init__(self, name: str, field: Any) -> None:
        self.name, self.field = name, field
        self.indexed, self.scorable, self.stored = field.indexed, field.scorable, field.stored
        self.column = field.column_type
        self.boost_key, self.stored_key = f"_{name}_boost", f"_stored_{name}"
        self.format = field.format
        analyzer = field.analyzer
        self.language = (
            analyzer.language
            if type(analyzer) is WordTokenizer and type(self.format) is Positions
            else None
        )
        self.whole = type(analyzer) is IDTokenizer and type(self.format) is Existence
        self.whoosh_only = bool(field.separate_spelling() or field.vector)


class BuildWriter(SegmentWriter):  # type: ignore[misc]  # Whoosh is untyped
    """``SegmentWriter`` whose ``add_document`` finds each field's terms by the shorter
    paths of the module's doc and puts them in a ``TermPool``; everything else is
    Whoosh's."""

    def __init__(self, index: Any, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(index, limitmb=limitmb, **kwargs)
        self.pool = TermPool(self._tempstorage, self.newsegment, limitmb=limitmb)
        self._fields: dict[str, _Field] = {}
        self._values: dict[tuple[str, str], Items] = {}
        self._single: dict[int, bytes] = {}  # one position's encoding, by position

    def _field(self, name: str) -> _Field:
        plan = self._fields.get(name)
        if plan is None:
            plan = self._fields[name] = _Field(name, self.schema[name])
        return plan

    def _flush_segment(self) -> None:
        """Whoosh's, the pool's postings handed to the field writer a term at a time
        (``codec.PositionsApartFieldWriter.add_terms``) unless runs were sorted on disk."""
        fieldwriter = self.fieldwriter
        if self.pool.runs or not isinstance(fieldwriter, PositionsApartFieldWriter):
            super()._flush_segment()
            return
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        fieldwriter.add_terms(self.schema, lengths, self.pool.terms())
        fieldwriter.close()
        lengths.close()

    def add_document(self, **fields: Any) -> None:
        """Whoosh's ``SegmentWriter.add_document``, a field's postings found by
        ``_positions`` or ``_items``; a document with a field of spelling words or term
        vectors (none in our schema) goes Whoosh's own way."""
        fieldnames = sorted([name for name in fields if not name.startswith("_")])
        self._check_fields(self.schema, fieldnames)
        plans = [self._field(name) for name in fieldnames]
        if any(plan.whoosh_only for plan in plans):
            super().add_document(**fields)
            return
        self._check_state()
        perdocwriter = self.perdocwriter
        docnum = self.docnum
        docboost = float(fields["_boost"]) if "_boost" in fields else 1.0
        perdocwriter.start_doc(docnum)
        try:
            for plan in plans:
                value = fields.get(plan.name)
                if value is None:
                    continue
                length = 0
                if plan.indexed:
                    key = plan.boost_key
                    boost = float(fields[key]) if key in fields else docboost
                    if plan.language is not None and isinstance(value, str):
                        length = self._positions(plan, value, docnum, boost)
                    else:
                        length = self._items(plan, value, docnum, boost)
                stored = fields.get(plan.stored_key, value)
                perdocwriter.add_field(
                    plan.name, plan.field, stored if plan.stored else None, length
                )
                if plan.column and stored is not None:
                    column_value = plan.field.to_column_value(stored)
                    perdocwriter.add_column_value(plan.name, plan.column, column_value)
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _positions(self, plan: _Field, value: str, docnum: int, boost: float) -> int:
        """``Positions.word_values`` over ``WordTokenizer``'s tokens, into the pool: a
        term's weight is its count of 1.0 boosts times the format's boost, then the
        field's; its value the pickled position deltas (``Positions.encode``). Returns
        the field's length."""
        format_boost, encode, single = plan.format.field_boost, plan.format.encode, self._single
        terms = self.pool.field(plan.name)
        size = length = 0
        for term, positions in term_positions(plan.language or "", value).items():
            count = len(positions)
            if count == 1:
                (pos,) = positions
                encoded = single.get(pos)
                if encoded is None:
                    encoded = encode(positions)
                    if pos < SINGLE_POSITIONS_CACHED:
                        single[pos] = encoded
            else:
                encoded = encode(positions)
            posting = (docnum, float(count) * format_boost * boost, encoded)
            postings = terms.get(term)
            if postings is None:
                terms[term] = [posting]
            else:
                postings.append(posting)
            size += POSTING_SIZE + len(plan.name) + 2 * len(term) + len(encoded)
            length += count
        self.pool.grown(size)
        return length if plan.scorable else 0

    def _items(self, plan: _Field, value: Any, docnum: int, boost: float) -> int:
        """The terms of ``value`` as ``field.index(value)`` yields them, into the pool
        with the field's boost; returns the field's length."""
        terms = self.pool.field(plan.name)
        size = length = 0
        for tbytes, freq, weight, vbytes in self._terms_of(plan, value):
            length += freq
            posting = (docnum, weight * boost, vbytes)
            postings = terms.get(tbytes)
            if postings is None:
                terms[tbytes] = [posting]
            else:
                postings.append(posting)
            size += POSTING_SIZE + len(plan.name) + 2 * len(tbytes) + len(vbytes or b"")
        self.pool.grown(size)
        return length if plan.scorable else 0

    def _terms_of(self, plan: _Field, value: Any) -> Any:
        field = plan.field
        if not isinstance(value, str):
            return field.index(value)
        if plan.whole:  # the whole value, one term (``Existence`` over ``IDTokenizer``)
            return ((value.encode("utf-8"), 1, plan.format.field_boost, b""),)
        if field.unique or len(value) > SHORT_VALUE:
            return field.index(value)
        key = (plan.name, value)
        items = self._values.get(key)
        if items is None:
            items = tuple(field.index(value))
            if len(self._values) < VALUES_CACHED:
                self._values[key] = items
        return items
