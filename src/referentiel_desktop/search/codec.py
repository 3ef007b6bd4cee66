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
        return _FieldWriter(self, storage, segment)

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


class _FieldWriter(W3FieldWriter):  # type: ignore[misc]
    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        """Whoosh's, with each posting's field length read from a table of the field's
        lengths (``_SegmentLengths``) instead of a lookup through the segment's files
        per posting (a fifth of the time it took to write a segment)."""
        if type(lengths) is W3PerDocReader:
            lengths = _SegmentLengths(lengths)
        super().add_postings(schema, lengths, items)


class _SegmentLengths:
    """``W3PerDocReader.doc_field_length`` of the segment being written, its answers the
    same (none for a length stored as 0 or a document past the column's end, the default
    for a field without lengths), each field's column read whole once: Whoosh writes a
    segment's postings field by field."""

    def __init__(self, reader: W3PerDocReader) -> None:
        self._reader = reader
        self._field: str | None = None
        self._table: list[int | None] | None = None

    def _load(self, fieldname: str) -> list[int | None] | None:
        column = self._reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return None
        stored = column._dbfile.get(column._basepos, column._count)  # a byte per document
        return [byte_to_length(b) if b else None for b in stored]

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        if fieldname != self._field:
            self._field, self._table = fieldname, self._load(fieldname)
        table = self._table
        if table is None:
            return default
        return table[docnum] if docnum < len(table) else None


class _PostingsWriter(W3PostingsWriter):  # type: ignore[misc]
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
