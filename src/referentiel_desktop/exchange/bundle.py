"""The bundle file: a zip holding ``manifest.json`` (versioned, with the records' SHA-256)
and ``records.jsonl`` (one record a line, kinds in dependency order).

A zip because every system opens one and it compresses the text well; JSON Lines inside
so that both export and import stream record by record with flat memory. The manifest
is written last (it carries the checksum and the counts) but read first.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.output_paths import user_output

FORMAT = "referentiel-desktop-bundle"
VERSION = 1
SUFFIX = ".rdbundle"
MANIFEST = "manifest.json"
RECORDS = "records.jsonl"

MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_MANIFEST_BYTES = 256 * 1024
MAX_RECORDS_BYTES = 2 * 1024 * 1024 * 1024
MAX_LINE_BYTES = 4 * 1024 * 1024
BLOCK_BYTES = 256 * 1024
#: JSON text deflates about 3–8×; far beyond that is a zip bomb
MAX_RATIO = 100


#: what zipfile and zlib raise on a damaged archive (a header, a stream, a CRC)
_DAMAGE = (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError)


class BundleError(UserError):
    """The file is not a bundle this version can import; nothing was changed."""


def refuse(reason: str, path: str | os.PathLike[str]) -> BundleError:
    message = _("{path} cannot be imported: {reason} Nothing was changed.")
    return BundleError(message.format(path=Path(path).name, reason=reason))


class BundleWriter:
    """Write a bundle record by record; the file appears whole at ``target`` on close."""

    def __init__(
        self,
        target: str | os.PathLike[str],
        manifest: dict[str, Any],
        data_folder: str | os.PathLike[str] | None = None,
    ) -> None:
        self.manifest = dict(manifest)
        self.counts: dict[str, int] = {}
        self._sha = hashlib.sha256()
        self._bytes = 0
        self._output = user_output(target, data_folder)
        self._zip: zipfile.ZipFile | None = None
        self._stream: IO[bytes] | None = None
        self._buffer = bytearray()

    def __enter__(self) -> BundleWriter:
        temporary = self._output.__enter__()
        self._zip = zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED)
        self._stream = self._zip.open(RECORDS, "w", force_zip64=True)
        return self

    def write(self, record: dict[str, Any]) -> None:
        assert self._stream is not None
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        self._sha.update(line)
        self._bytes += len(line)
        self._buffer += line
        if len(self._buffer) >= BLOCK_BYTES:  # deflate in blocks, not line by line
            self._stream.write(self._buffer)
            self._buffer.clear()
        self.counts[record["kind"]] = self.counts.get(record["kind"], 0) + 1

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._zip is not None and self._stream is not None
        try:
            self._stream.write(self._buffer)
            self._stream.close()
            if exc is None:
                self.manifest["records"] = {
                    "file": RECORDS,
                    "sha256": self._sha.hexdigest(),
                    "bytes": self._bytes,
                    "count": self.counts,
                }
                text = json.dumps(self.manifest, ensure_ascii=False, indent=1)
                self._zip.writestr(MANIFEST, text.encode())
            self._zip.close()
        except BaseException as error:
            self._output.__exit__(type(error), error, error.__traceback__)
            raise
        self._output.__exit__(exc_type, exc, tb)


class BundleReader:
    """Open a bundle defensively: only the two expected members, sizes and ratios within
    bounds, and a records stream whose bytes are counted and hashed as they are read."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._file = _open_regular(self.path)
        try:
            self._zip = zipfile.ZipFile(self._file)
            members = self._zip.infolist()
        except _DAMAGE as error:
            self._file.close()
            raise refuse(
                _("it is not a Référentiel Desktop bundle (not a zip file)."), path
            ) from error
        names = [m.filename for m in members]
        if sorted(names) != sorted({MANIFEST, RECORDS}) or len(set(names)) != len(names):
            self.close()
            raise refuse(
                _(
                    "it does not hold exactly a manifest and a records file (found: {names})."
                ).format(names=", ".join(repr(n)[:60] for n in names[:5]) or "—"),
                path,
            )
        for member in members:
            limit = MAX_MANIFEST_BYTES if member.filename == MANIFEST else MAX_RECORDS_BYTES
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > limit or (member.file_size > 65536 and ratio > MAX_RATIO):
                self.close()
                raise refuse(_("a member is oversized or too compressed (a zip bomb?)."), path)
            if member.flag_bits & 0x1:
                self.close()
                raise refuse(_("it is encrypted."), path)
        self.manifest_bytes = self._read_member(MANIFEST, MAX_MANIFEST_BYTES)

    def _read_member(self, name: str, limit: int) -> bytes:
        try:
            with self._zip.open(name) as stream:
                data = stream.read(limit + 1)
        except _DAMAGE as error:
            raise refuse(
                _("the file is damaged ({reason}).").format(reason=error), self.path
            ) from error
        if len(data) > limit:
            raise refuse(_("a member is oversized or too compressed (a zip bomb?)."), self.path)
        return data

    def line_blocks(self, digest: Any) -> Iterator[tuple[list[bytes], int]]:
        """The records file's lines a block at a time, without their ``\n``, each block
        with the bytes its lines' ends take (1 a line; 0 for the file's last line when
        unterminated); the bytes go to ``digest`` as read (one update a block)."""
        try:
            with self._zip.open(RECORDS) as stream:
                yield from _bounded_blocks(stream, self.path, digest)
        except _DAMAGE as error:
            raise refuse(
                _("the file is damaged ({reason}).").format(reason=error), self.path
            ) from error

    def close(self) -> None:
        self._zip.close()
        self._file.close()

    def __enter__(self) -> BundleReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _open_regular(path: Path) -> IO[bytes]:
    """``path`` opened for reading if it is a regular file within the size bound.

    Opened without blocking and judged by the open file itself (``fstat``), so that a
    FIFO, ``/dev/zero`` or a file swapped for one after a check is refused at once
    instead of hanging or reading forever."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise refuse(
            _("the file cannot be read ({reason}).").format(reason=error.strerror or error), path
        ) from error
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode):
        os.close(fd)
        raise refuse(_("it is not a regular file (a folder, a device or a pipe)."), path)
    if status.st_size > MAX_FILE_BYTES:
        os.close(fd)
        raise refuse(_("the file is too large for a bundle."), path)
    return os.fdopen(fd, "rb")


def _bounded_blocks(
    stream: IO[bytes], path: Path, digest: Any
) -> Iterator[tuple[list[bytes], int]]:
    """Lines read in large blocks (zipfile's ``readline`` costs a call per line)."""
    pending = b""
    while True:
        block = stream.read(BLOCK_BYTES)
        if not block:
            break
        digest.update(block)
        lines = (pending + block).split(b"\n")
        pending = lines.pop()
        yield lines, 1
        if len(pending) > MAX_LINE_BYTES:
            raise refuse(_("a record is larger than a bundle allows."), path)
    if pending:
        yield [pending], 0


def hashed_lines(reader: BundleReader, sha256: str, size: int) -> Iterator[tuple[int, bytes]]:
    """The records' lines (without their ``\n``), numbered from 1; refuse as soon as
    they hold more bytes than the manifest says and, after the last one, if their bytes
    or hash differ from the manifest's (a truncated or altered file)."""
    digest = hashlib.sha256()
    total = 0
    number = 0
    for lines, end in reader.line_blocks(digest):
        for line in lines:
            number += 1
            length = len(line)
            if length >= MAX_LINE_BYTES and end:  # the last, unterminated: checked as read
                raise refuse(_("a record is larger than a bundle allows."), reader.path)
            total += length + end
            if total > size:
                raise refuse(_("the records do not match the manifest's checksum."), reader.path)
            yield number, line
    if total != size or digest.hexdigest() != sha256:
        raise refuse(_("the records do not match the manifest's checksum."), reader.path)
