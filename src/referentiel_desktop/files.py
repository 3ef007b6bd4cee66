"""Write a file so that a failure never replaces a good one.

Every file the application writes for the user (PDFs, bundles, backups, exports) goes
through :func:`atomic_output`: the content is written to a temporary name beside the
target, flushed and fsynced, its length checked, and only then renamed over the target.
A crash, a full disk or an exception leaves the old file as it was and no stray
temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk (POSIX); Windows
    # cannot open a folder this way, and there the rename is already durable.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _unwritable(target: Path, error: OSError) -> UserError:
    message = _("Cannot write {path}: {reason}.")
    return UserError(message.format(path=target, reason=error.strerror or error))


@contextlib.contextmanager
def atomic_output(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target`` atomically.

    The caller writes the whole file at the yielded path (with any library that takes
    a path). If the block raises, the temporary file is removed and ``target`` is left
    untouched. Raises :class:`UserError` when the folder cannot be written.
    """
    final = Path(target).absolute()
    folder = final.parent
    if not folder.is_dir():
        message = _("Cannot write {path}: the folder {folder} does not exist.")
        raise UserError(message.format(path=final, folder=folder))
    try:
        fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise _unwritable(final, error) from error
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, final)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise _unwritable(final, error) from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)


def atomic_write_bytes(target: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``target`` atomically, checking that every byte was written."""
    with atomic_output(target) as temporary, open(temporary, "wb") as out:
        written = out.write(data)
        out.flush()
        if written != len(data):
            raise OSError(28, os.strerror(28))
