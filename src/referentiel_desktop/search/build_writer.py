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

from whoosh.formats import Positions
from whoosh.writing import SegmentWriter

from referentiel_desktop.search.analyzers import WordTokenizer, term_positions

Items = tuple[tuple[bytes, int, float, bytes], ...]
"""What Whoosh's ``FieldType.index`` yields: (term, frequency, weight, encoded value)."""
VALUES_CACHED = 50_000
"""Distinct short values whose terms are kept, all fields together."""
SHORT_VALUE = 200
"""Longer values (a referential item's text) are seldom repeated: not kept."""
SINGLE_POSITIONS_CACHED = 4096


class BuildWriter(SegmentWriter):  # type: ignore[misc]  # Whoosh is untyped
    """``SegmentWriter`` whose ``add_document`` finds each field's terms by the shorter
    paths of the module's doc; everything else is Whoosh's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._values: dict[tuple[str, str], Items] = {}
        self._single: dict[int, bytes] = {}  # one position's encoding, by position

    def _items(self, fieldname: str, field: Any, value: Any) -> Any:
        """The terms of ``value`` as ``field.index(value)`` yields them."""
        if not isinstance(value, str):
            return field.index(value)
        analyzer, format_ = field.analyzer, field.format
        if type(analyzer) is WordTokenizer and type(format_) is Positions:
            return self._positions(analyzer.language, format_, value)
        if field.unique or len(value) > SHORT_VALUE:
            return field.index(value)
        key = (fieldname, value)
        items = self._values.get(key)
        if items is None:
            items = tuple(field.index(value))
            if len(self._values) < VALUES_CACHED:
                self._values[key] = items
        return items

    def _positions(self, language: str, format_: Positions, value: str) -> Items:
        """``Positions.word_values`` over ``WordTokenizer``'s tokens: a term's weight is
        its count of 1.0 boosts times the field's, its value the pickled position
        deltas (``Positions.encode``)."""
        boost = format_.field_boost
        encode = format_.encode
        single = self._single
        items = []
        for term, positions in term_positions(language, value).items():
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
            items.append((term, count, float(count) * boost, encoded))
        return tuple(items)

    def add_document(self, **fields: Any) -> None:
        """Whoosh's ``SegmentWriter.add_document``, ``field.index`` aside (``_items``);
        a document with a field of spelling words or term vectors (none in our schema)
        goes Whoosh's own way."""
        schema = self.schema
        fieldnames = sorted([name for name in fields if not name.startswith("_")])
        self._check_fields(schema, fieldnames)
        if any(schema[n].separate_spelling() or schema[n].vector for n in fieldnames):
            super().add_document(**fields)
            return
        self._check_state()
        perdocwriter = self.perdocwriter
        docnum = self.docnum
        add_post = self.pool.add
        docboost = self._doc_boost(fields)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    scorable = field.scorable
                    for tbytes, freq, weight, vbytes in self._items(fieldname, field, value):
                        if scorable:
                            length += freq
                        add_post((fieldname, tbytes, docnum, weight * fieldboost, vbytes))
                customval = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(
                    fieldname, field, customval if field.stored else None, length
                )
                column = field.column_type
                if column and customval is not None:
                    perdocwriter.add_column_value(
                        fieldname, column, field.to_column_value(customval)
                    )
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
