"""Backup files: their names, their folder, and the verified copy that makes one.

A backup is a whole, self-contained SQLite file in ``DATA/backups``, named
``referentiel-<UTC time>-<reason>[-at<position>].sqlite3``. It is copied with the backup
API (a file copy of a live database can come out malformed), written through
:func:`~referentiel_desktop.files.atomic_output`, private to the user, and counts only
once ``PRAGMA quick_check`` says ``ok`` on the copy. The name is a label for people:
which backup is worth what is judged from the content (:mod:`.backup_check`).
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from referentiel_desktop.errors import UserError
from referentiel_desktop.files import atomic_output, remove_stale_parts
from referentiel_desktop.i18n import _

BACKUP_FOLDER = "backups"
REASONS = ("daily", "migration", "import", "referential-load", "restore", "repair", "manual")
_NAME = re.compile(r"^referentiel-(\d{8}T\d{12}Z)-([a-z-]+?)(?:-at(\d+))?\.sqlite3$")
_STAMP = "%Y%m%dT%H%M%S%fZ"


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: datetime
    """When the clock of the machine that made it said it was made (the clock may lie)."""
    reason: str
    position: int | None = None
    """The change log's position its name claims, when it says one."""

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "made_at": self.made_at.isoformat(timespec="seconds"),
            "reason": self.reason,
            "size": self.size,
        }


def backup_dir(data_dir: Path) -> Path:
    return data_dir / BACKUP_FOLDER


def backup_name(moment: datetime, reason: str, position: int) -> str:
    return f"referentiel-{moment.astimezone(UTC).strftime(_STAMP)}-{reason}-at{position}.sqlite3"


def parse_name(path: Path) -> Backup | None:
    """The backup a file's name describes, or ``None`` for a name that is not one
    (``referentiel-20261399T…`` included: a date that does not exist)."""
    match = _NAME.match(path.name)
    if match is None or match.group(2) not in REASONS:
        return None
    try:
        made_at = _stamp_time(match.group(1))
    except ValueError:
        return None
    claimed = int(match.group(3)) if match.group(3) else None
    return Backup(path, made_at, match.group(2), claimed)


def _stamp_time(stamp: str) -> datetime:
    """The moment a name's ``_STAMP`` (``YYYYMMDDTHHMMSSffffffZ``, which the name's pattern
    has matched) says; ``ValueError`` for one that does not exist. ``strptime`` would say
    the same, at the cost of loading its module at every opening."""
    year, month, day = int(stamp[0:4]), int(stamp[4:6]), int(stamp[6:8])
    hour, minute, second = int(stamp[9:11]), int(stamp[11:13]), int(stamp[13:15])
    return datetime(year, month, day, hour, minute, second, int(stamp[15:21]), tzinfo=UTC)


def list_backups(data_dir: Path) -> list[Backup]:
    """The files in ``DATA/backups`` named as backups, newest name first. What they are
    worth is :func:`.backups.valid_backups`' question."""
    found: list[Backup] = []
    for path in _entries(data_dir):
        item = parse_name(path)
        if item is not None:
            found.append(item)
    found.sort(key=lambda b: b.made_at, reverse=True)
    return found


def unnamed_files(data_dir: Path) -> list[Path]:
    """Files in ``DATA/backups`` that are not named as backups (temporary files aside)."""
    return sorted(
        path
        for path in _entries(data_dir)
        if parse_name(path) is None and not (path.name.startswith(".") and path.suffix == ".part")
    )


def _entries(data_dir: Path) -> list[Path]:
    folder = backup_dir(data_dir)
    try:
        return list(folder.iterdir())
    except OSError:  # no folder yet, or one that cannot be read: no backup there
        return []


@contextlib.contextmanager
def _connect(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    uri = f"{path.absolute().as_uri()}?mode=ro" if read_only else str(path)
    conn = sqlite3.connect(uri, uri=read_only, isolation_level=None)
    try:
        if read_only:
            conn.execute("PRAGMA trusted_schema=OFF")
        yield conn
    finally:
        conn.close()


def quick_check(path: Path) -> str:
    """``ok``, or what SQLite's ``quick_check`` (or opening the file) reports."""
    try:
        with _connect(path, read_only=True) as conn:
            rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        return str(error)
    found = "; ".join(str(row[0]) for row in rows)
    return found or "empty answer"


def position(conn: sqlite3.Connection) -> int:
    """The change log's last sequence number in this database (0 before any): how much
    of the team's work it holds, whatever the clock said."""
    try:
        row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'change_log'").fetchone()
    except sqlite3.OperationalError:  # no AUTOINCREMENT table yet
        return 0
    return int(row[0]) if row else 0


def copy_connection(source: sqlite3.Connection, target: Path) -> Path:
    """Copy what ``source`` sees into ``target`` (written atomically), and verify it.

    Raises :class:`UserError` when the copy cannot be written or fails ``quick_check``;
    ``target`` is then left as it was."""
    with atomic_output(target) as temporary:
        with _connect(temporary) as copy:
            source.backup(copy)
            # One self-contained file: no -wal beside it to lose on the way.
            copy.execute("PRAGMA journal_mode=DELETE")
        verdict = quick_check(temporary)
        if verdict != "ok":
            message = _("The backup to {target} failed its check ({verdict}); it was not kept.")
            raise UserError(message.format(target=target, verdict=verdict))
    return target


def copy_database(source: Path, target: Path) -> Path:
    """Copy the database at ``source`` into ``target`` (written atomically) and verify it."""
    with _connect(source, read_only=True) as live:
        return copy_connection(live, target)


def write_backup(
    data_dir: Path, source: sqlite3.Connection, reason: str, *, now: datetime | None = None
) -> Backup:
    """Back up what ``source`` sees into ``DATA/backups`` now, verified, named with its
    change-log position. Nothing is thinned here (see :func:`.backups.backup_database`)."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    moment = now or datetime.now(UTC)
    folder = backup_dir(data_dir)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        message = _("Cannot make the backup folder {path}: {reason}.")
        raise UserError(message.format(path=folder, reason=error.strerror or error)) from error
    remove_stale_parts(folder)
    # One read transaction for the position and the copy: the name tells what the
    # file holds even while another process goes on writing.
    source.execute("BEGIN")
    try:
        reached = position(source)
        target = folder / backup_name(moment, reason, reached)
        copy_connection(source, target)
    finally:
        source.execute("ROLLBACK")
    return Backup(target, moment, reason, reached)


def write_database_backup(
    data_dir: Path, db_path: Path, reason: str, *, now: datetime | None = None
) -> Backup:
    with _connect(db_path, read_only=True) as live:
        return write_backup(data_dir, live, reason, now=now)
