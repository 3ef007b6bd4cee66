"""Whoosh's postings format with each block's positions kept apart from what scoring reads.

A block of Whoosh's postings is one compressed pickle of its document numbers, weights
and values, the values being each posting's positions (a ``bytes`` per posting). Scoring
a word reads only the numbers and weights (``bulk.py``), yet every block it read was
decompressed and unpickled whole: on a frequent word nine tenths of that work was making
the positions' objects, half of the cost of a query. Here the positions of a block are
pickled and compressed into one ``bytes`` of their own, inside an otherwise uncompressed
block: scoring unpickles the numbers, the weights and that one string; a phrase, which
needs the positions, opens them when it asks. Everything else is Whoosh's ``W3Codec``
(its segments name this codec, so an index built with it reads with it).
"""

from __future__ import annotations

import zlib
from itertools import accumulate
from pickle import dumps, loads
from typing import Any

from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3LeafMatcher,
    W3PerDocReader,
    W3PostingsWriter,
    _lenfield,
)
from whoosh.matching import ListMatcher
from whoosh.util.numeric import byte_to_length, length_to_byte

VALUES_COMPRESSION = 3
"""zlib's level for a block's positions (Whoosh compresses its whole blocks at 3)."""


class PositionsApartCodec(W3Codec):  # type: ignore[misc]  # Whoosh is untyped
    """``W3Codec`` writing and reading blocks whose values are one compressed pickle."""

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        if byteids:  # a term vector: Whoosh reads those with its own matcher, in its format
            return super().postings_writer(dbfile, byteids=True)
        return _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def field_writer(self, storage: Any, segment: Any) -> Any:
        return PositionsApartFieldWriter(self, storage, segment)

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        if terminfo.is_inlined():  # as Whoosh's: inlined postings hold their values as such
            ids, weights, values = terminfo.inlined_postings()
            return ListMatcher(
                ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo
            )
        offset, length = terminfo.extent()
        return _LeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class PositionsApartFieldWriter(W3FieldWriter):  # type: ignore[misc]
    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        """Whoosh's, with each posting's field length read from a table of the field's
        lengths (``_SegmentLengths``) instead of a lookup through the segment's files
        per posting (a fifth of the time it took to write a segment)."""
        if type(lengths) is W3PerDocReader:
            lengths = _SegmentLengths(lengths)
        super().add_postings(schema, lengths, items)

    def add_terms(self, schema: Any, lengths: W3PerDocReader, terms: Any) -> None:
        """``add_postings`` for postings gathered by term, in term order: (field, term,
        its postings in document order). Each term's postings go to the postings writer
        a block at a time (``_PostingsWriter.add_postings``), not a call per posting."""
        tables = _SegmentLengths(lengths)
        current = None
        for fieldname, tbytes, postings in terms:
            if fieldname != current:
                if current is not None:
                    self.finish_field()
                current = fieldname
                self.start_field(fieldname, schema[fieldname])
                table = tables.table(fieldname)
            self.start_term(tbytes)
            self._postwriter.add_postings(postings, table)
            self.finish_term()
        if current is not None:
            self.finish_field()


class _SegmentLengths:
    """``W3PerDocReader.doc_field_length`` of the segment being written, its answers the
    same (none for a length stored as 0 or a document past the column's end, the default
    for a field without lengths), each field's column read whole once: Whoosh writes a
    segment's postings field by field."""

    def __init__(self, reader: W3PerDocReader) -> None:
        self._reader = reader
        self._field: str | None = None
        self._table: list[int | None] | None = None

    def table(self, fieldname: str) -> list[int | None] | None:
        """The field's length of every document of the segment, none where Whoosh's
        lookup gives none; no table for a field without lengths."""
        column = self._reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return None
        stored = column._dbfile.get(column._basepos, column._count)  # a byte per document
        table: list[int | None] = [byte_to_length(b) if b else None for b in stored]
        table.extend([None] * (self._reader._doccount + 1 - len(table)))
        return table

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        if fieldname != self._field:
            self._field, self._table = fieldname, self.table(fieldname)
        table = self._table
        return default if table is None else table[docnum]


class _PostingsWriter(W3PostingsWriter):  # type: ignore[misc]
    # The current block's statistics, as Whoosh's ``_new_block`` starts them.
    _maxweight: float
    _minlength: int | None
    _maxlength: int

    def add_postings(self, postings: list[Any], lengths: list[int | None] | None) -> None:
        """``add_posting`` for each of a term's (document, weight, value) in document
        order, with the field's lengths by document: the same blocks and statistics
        (a full block is written when the next posting comes), gathered by slices."""
        start, count, limit = 0, len(postings), self._blocklimit
        while start < count:
            if len(self._ids) >= limit:
                self._write_block()
            chunk = postings[start : start + limit - len(self._ids)]
            start += len(chunk)
            docnums = [p[0] for p in chunk]
            weights = [p[1] for p in chunk]
            self._ids.extend(docnums)
            self._weights.extend(weights)
            self._maxweight = max(self._maxweight, max(weights))  # ties keep the first
            self._values.extend([p[2] for p in chunk if p[2]])
            if lengths is not None:
                found = [n for n in [lengths[d] for d in docnums] if n]
                if found:
                    least, most = min(found), max(found)
                    if self._minlength is None or least < self._minlength:
                        self._minlength = least
                    if most > self._maxlength:
                        self._maxlength = most

    def _write_block(self, last: bool = False) -> None:
        """Whoosh's ``_write_block`` (the same header, block info and statistics), with
        the values compressed apart and the block itself left uncompressed."""
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        values = self._mini_values()
        packed = None if values is None else zlib.compress(dumps(values, 4), VALUES_COMPRESSION)
        # Pickle's protocol 4, not Whoosh's 2: protocol 2 has no opcode for ``bytes`` and
        # writes each as a call to ``codecs.encode`` on a string, which costs more to read
        # than a block's numbers.
        databytes = dumps((self._mini_ids(), self._mini_weights(), packed), 4)
        ids = self._ids
        infobytes = dumps(
            (
                len(ids),
                ids[-1],
                self._maxweight,
                0,  # the block is not compressed: its reader does not decompress it
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            ),
            2,
        )
        blocklength = len(infobytes) + len(databytes)
        self._postfile.write_int(-blocklength if last else blocklength)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


class _LeafMatcher(W3LeafMatcher):  # type: ignore[misc]
    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        ids = self._data[0]
        # Whoosh's ``delta_decode`` is a Python generator: ``accumulate`` is the same sums.
        self._ids = ids if self._byteids else tuple(accumulate(ids))

    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        packed = self._data[2]
        values: Any = None if packed is None else loads(zlib.decompress(packed))
        fixedsize = self._fixedsize  # what Whoosh's ``_read_values`` makes of them
        if fixedsize is None or fixedsize < 0:
            self._values = values
        elif fixedsize == 0:
            self._values = (None,) * self._blocklength
        else:
            self._values = tuple(
                values[i : i + fixedsize] for i in range(0, len(values), fixedsize)
            )
