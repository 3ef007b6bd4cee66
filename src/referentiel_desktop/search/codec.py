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
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3LeafMatcher,
    W3PostingsWriter,
)
from whoosh.matching import ListMatcher
from whoosh.util.numeric import length_to_byte

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
