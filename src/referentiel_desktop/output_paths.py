"""Where a file meant for the user may be written, and how: the one check every writer
of user files (bundles, booklets, maps; the command line and the window's save dialogs)
goes through.

An export once replaced the live database with a zip (``export --out
DATA/referentiel.sqlite3``), and ``--out /dev/null`` run as root replaced the system's
``/dev/null`` with a regular file. So a path is refused, with one line saying why, when
it lies inside a data folder (the database, its ``-wal``/``-shm``, the backups: the
application's own files), or when it names something that is not a regular file (a
folder, a device, a FIFO, a socket). A symlink is followed to the regular file it names
and that file is replaced, the link kept; a link to anything else is refused.

Files for teammates get the permissions the user's umask gives, as any program's do
(0644 under umask 022); backups and the database stay private (see :mod:`files`).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from referentiel_desktop.errors import UserError
from referentiel_desktop.files import atomic_output
from referentiel_desktop.i18n import _
from referentiel_desktop.paths import DATABASE_NAME


class OutputRefused(UserError):
    """This path must not be written; nothing was written."""


def _refuse(path: Path, reason: str) -> OutputRefused:
    message = _("{path} cannot be written: {reason} Nothing was written.")
    return OutputRefused(message.format(path=path, reason=reason))


def _data_folder_holding(path: Path) -> Path | None:
    """The data folder ``path`` lies in (a folder, or a parent of one, that holds our
    database), if any."""
    for folder in (path.parent, *path.parent.parents):
        if (folder / DATABASE_NAME).exists():
            return folder
    return None


def checked_output_path(
    target: str | os.PathLike[str], data_folder: str | os.PathLike[str] | None = None
) -> Path:
    """The real path to write for ``target`` (a symlink followed), or :class:`OutputRefused`.

    ``data_folder`` names the data folder in use; any other data folder on the way up
    (one holding our database) is refused as well."""
    given = Path(target).absolute()
    real = Path(os.path.realpath(given))
    if given.is_symlink() and not real.exists():
        raise _refuse(given, _("it is a link to nothing."))
    try:
        status = os.stat(real)
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise _refuse(given, f"{error.strerror or error}.") from error
    if status is not None and not stat.S_ISREG(status.st_mode):
        if stat.S_ISDIR(status.st_mode):
            raise _refuse(given, _("it is a folder."))
        raise _refuse(given, _("it is not a regular file (a device, a pipe or a socket)."))
    owned = _data_folder_holding(real)
    if owned is None and data_folder is not None:
        folder = Path(os.path.realpath(data_folder))
        if real == folder or folder in real.parents:
            owned = folder
    if owned is not None:
        message = _(
            "it is inside the data folder {folder}, which holds the application’s own files;"
            " choose another folder."
        )
        raise _refuse(given, message.format(folder=owned))
    return real


def _umask() -> int:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, ValueError):
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    current = os.umask(0o022)  # the only portable way to read it is to set it
    os.umask(current)
    return current


def shared_mode(existing: Path) -> int:
    """The mode a file for teammates gets: the one it has, or what the umask gives."""
    with contextlib.suppress(OSError):
        return stat.S_IMODE(os.stat(existing).st_mode)
    return 0o666 & ~_umask()


@contextlib.contextmanager
def user_output(
    target: str | os.PathLike[str], data_folder: str | os.PathLike[str] | None = None
) -> Iterator[Path]:
    """:func:`~referentiel_desktop.files.atomic_output` for a file meant for the user:
    the path checked first (:func:`checked_output_path`), the file shared as the umask says."""
    real = checked_output_path(target, data_folder)
    with atomic_output(real, mode=shared_mode(real)) as temporary:
        yield temporary


def write_user_bytes(
    target: str | os.PathLike[str], data: bytes, data_folder: str | os.PathLike[str] | None = None
) -> None:
    """Write ``data`` to a user's file (checked as :func:`user_output` checks it)."""
    with user_output(target, data_folder) as temporary, open(temporary, "wb") as out:
        written = out.write(data)
        out.flush()
        if written != len(data):
            raise OSError(28, os.strerror(28))
