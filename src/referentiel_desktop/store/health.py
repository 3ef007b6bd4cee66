"""Checks made when the data folder opens, before anything is written.

- Is the folder writable? If not, the workspace opens read-only and says so.
- Was the application stopped uncleanly last time (a crash, kill -9, a dead battery)?
  Each open process leaves a marker named by its process id in ``DATA/.running``;
  a marker whose process is gone means an unclean stop.
- Is the database sound? ``PRAGMA quick_check`` at each open, the full
  ``integrity_check`` after an unclean stop. A damaged file is set aside as
  ``referentiel.sqlite3.damaged`` (never deleted) and the newest good backup is put
  back in its place; the caller tells the user what happened in plain words.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from referentiel_desktop.errors import UserError
from referentiel_desktop.files import process_alive
from referentiel_desktop.i18n import _
from referentiel_desktop.store import backups

RUNNING_FOLDER = ".running"
FULL_DISK_BYTES = 1_000_000
"""Less free space than this, and SQLite's failure to open is put down to a full disk."""
_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_READ_ONLY_ERRORS = {errno.EROFS, errno.EACCES, errno.EPERM}


def folder_writable(folder: Path) -> bool:
    """Whether files can be made in ``folder`` (a read-only mount says no even to root)."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError as error:
        if error.errno in _READ_ONLY_ERRORS:
            return False
        raise UserError(
            _("The data folder {path} cannot be used: {reason}.").format(
                path=folder, reason=error.strerror or error
            )
        ) from error


class RunningMarker:
    """``DATA/.running/<pid>`` while this process has the data open."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / RUNNING_FOLDER
        self.path = self.folder / str(os.getpid())

    def previous_stop_was_unclean(self) -> bool:
        """True when a marker of a process that is gone was left; those are cleared."""
        unclean = False
        if not self.folder.is_dir():
            return False
        for marker in self.folder.iterdir():
            if not marker.name.isdigit() or int(marker.name) == os.getpid():
                continue
            if not process_alive(int(marker.name)):
                unclean = True
                with contextlib.suppress(OSError):
                    marker.unlink()
        return unclean

    def enter(self) -> None:
        with contextlib.suppress(OSError):
            self.folder.mkdir(exist_ok=True)
            self.path.touch()

    def others_alive(self) -> list[int]:
        """The ids of other live processes that have this data folder open."""
        found: list[int] = []
        with contextlib.suppress(OSError):
            for marker in self.folder.iterdir():
                pid = int(marker.name) if marker.name.isdigit() else 0
                if pid and pid != os.getpid() and process_alive(pid):
                    found.append(pid)
        return sorted(found)

    def leave(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()


def check_database(db_path: Path, *, thorough: bool) -> str:
    """``ok``, or what is wrong with the database file (damage only, never a lock)."""
    pragma = "integrity_check" if thorough else "quick_check"
    try:
        conn = sqlite3.connect(db_path, isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout=5000")
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorcode", None) in _DAMAGE_CODES or str(error) in (
            "file is not a database",
            "database disk image is malformed",
        ):
            return str(error)
        if shutil.disk_usage(db_path.parent).free < FULL_DISK_BYTES:
            message = _("The disk holding {path} is full: free some space, then try again.")
            raise UserError(message.format(path=db_path.parent)) from error
        raise UserError(
            _("The data file {path} cannot be opened: {reason}. Nothing was changed.").format(
                path=db_path, reason=error
            )
        ) from error
    found = "; ".join(" ".join(str(row[0]).split()) for row in rows[:5])
    return found or "empty answer"


def set_aside(db_path: Path) -> Path:
    """Rename the damaged database (and its -wal) to ``….damaged``; return the new name."""
    target = db_path.with_name(db_path.name + ".damaged")
    number = 1
    while target.exists():
        number += 1
        target = db_path.with_name(f"{db_path.name}.damaged-{number}")
    os.replace(db_path, target)
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{db_path}{suffix}")
        if companion.exists():
            os.replace(companion, Path(f"{target}{suffix}"))
    return target


@dataclass(frozen=True)
class Recovery:
    """What happened to a damaged database at open, told to the user as ``message``."""

    damaged: Path
    restored: backups.Backup | None
    message: str


def recover(data_dir: Path, db_path: Path, verdict: str) -> Recovery:
    """Set the damaged database aside and put back the valid backup that holds the most
    recent work.

    Never while another process of ours has the file open: what looks like damage from
    here (a sync client removed the ``-wal`` under it) may be a file that process is
    still writing, and setting it aside would leave its writes in a file nobody opens."""
    others = RunningMarker(data_dir).others_alive()
    if others:
        message = _(
            "The data file looks damaged ({verdict}), but another window or command "
            "(process {pid}) has it open: nothing was set aside. Close it, then start "
            "again."
        )
        raise UserError(message.format(verdict=verdict, pid=others[0]))
    damaged = set_aside(db_path)
    good = backups.best_backup(data_dir)
    if good is not None:
        backups.copy_database(good.path, db_path)
        when = good.made_at.astimezone().strftime("%Y-%m-%d %H:%M")
        message = _(
            "The data file was damaged ({verdict}). It was set aside as {damaged}, and the "
            "backup of {when} was put back: what was saved after that moment is not in it."
        ).format(verdict=verdict, damaged=damaged, when=when)
    else:
        message = _(
            "The data file was damaged ({verdict}) and there was no backup to put back. It "
            "was set aside as {damaged}, and a new, empty data file was started."
        ).format(verdict=verdict, damaged=damaged)
    return Recovery(damaged, good, message)


def check_at_open(data_dir: Path, db_path: Path, *, thorough: bool) -> Recovery | None:
    """Check the database before anything writes to it; recover it when damaged."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    verdict = check_database(db_path, thorough=thorough)
    if verdict == "ok":
        return None
    return recover(data_dir, db_path, verdict)
