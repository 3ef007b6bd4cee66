"""Write a file so that a failure never replaces a good one.

Every file the application writes for the user (PDFs, bundles, backups, exports) goes
through :func:`atomic_output`: the content is written to a temporary name beside the
target, flushed and fsynced, its length checked, and only then renamed over the target.
A full disk or an exception leaves the old file as it was and no stray temporary file
behind; a writer killed outright (kill -9, a power cut) may leave its temporary file,
which names its process id so that :func:`remove_stale_parts` can clear it later.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
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


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs (on Windows, assumed: ``os.kill`` would end it)."""
    if sys.platform == "win32":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (killed, not yet reaped by its parent) is gone too
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[:1] != ["Z"]


_PART = re.compile(r"^\..+\.(\d+)\.[^.]+\.part(?:-journal|-wal|-shm)?$")
"""A temporary file, or the journal SQLite kept beside one (a copy killed mid-write)."""


def remove_stale_parts(folder: Path) -> list[Path]:
    """Remove temporary files left in ``folder`` by writers that died (kill -9, power cut).

    Each temporary name carries its writer's process id; a live writer's file is kept."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for path in folder.iterdir():
        match = _PART.match(path.name)
        if match and not process_alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def _unwritable(target: Path, error: OSError) -> UserError:
    message = _("Cannot write {path}: {reason}.")
    return UserError(message.format(path=target, reason=error.strerror or error))


@contextlib.contextmanager
def atomic_output(target: str | os.PathLike[str], *, mode: int | None = None) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target`` atomically.

    The caller writes the whole file at the yielded path (with any library that takes
    a path). If the block raises, the temporary file is removed and ``target`` is left
    untouched. Raises :class:`UserError` when the folder cannot be written. The file
    is private to the user (0600) unless ``mode`` says otherwise. Temporary files that
    dead writers left in the folder are removed first, whoever left them.
    """
    final = Path(target).absolute()
    folder = final.parent
    if not folder.is_dir():
        message = _("Cannot write {path}: the folder {folder} does not exist.")
        raise UserError(message.format(path=final, folder=folder))
    remove_stale_parts(folder)
    try:
        prefix = f".{final.name}.{os.getpid()}."
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=folder)
    except OSError as error:
        raise _unwritable(final, error) from error
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        if mode is not None:
            os.chmod(temporary, mode)
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
