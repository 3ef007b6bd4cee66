"""Backups of the database: made with SQLite's backup API, verified, thinned.

A backup is a whole, self-contained SQLite file in ``DATA/backups``, named
``referentiel-<UTC time>-<reason>.sqlite3``. It is copied with the backup API (a file
copy of a live database can come out malformed), written through
:func:`~referentiel_desktop.files.atomic_output`, and counts only once
``PRAGMA quick_check`` says ``ok`` on the copy.

One is made at most once a day when the data changed, and always before something
that rewrites much at once: a migration, an import, a ``referential load``, a restore.
Old ones are thinned: the newest few are kept, then one a day for 7 days, one a week
for 4 weeks and one a month for 6 months.

:func:`make_backup` is the plain entry point every feature that imports data calls
first.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from referentiel_desktop.errors import UserError
from referentiel_desktop.files import atomic_output, remove_stale_parts
from referentiel_desktop.i18n import _

BACKUP_FOLDER = "backups"
REASONS = ("daily", "migration", "import", "referential-load", "restore", "repair", "manual")
KEEP_NEWEST = 5
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 6
_NAME = re.compile(r"^referentiel-(\d{8}T\d{6}\d{6}Z)-([a-z-]+)\.sqlite3$")
_STAMP = "%Y%m%dT%H%M%S%fZ"


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: datetime
    reason: str

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


@contextlib.contextmanager
def _connect(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    uri = f"{path.absolute().as_uri()}?mode=ro" if read_only else str(path)
    conn = sqlite3.connect(uri, uri=read_only, isolation_level=None)
    try:
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


def copy_database(source: Path, target: Path) -> Path:
    """Copy the database at ``source`` into ``target`` (written atomically) and verify it.

    Raises :class:`UserError` when the copy cannot be written or does not pass
    ``quick_check``; ``target`` is then left as it was.
    """
    with atomic_output(target) as temporary:
        with _connect(source, read_only=True) as live, _connect(temporary) as copy:
            live.backup(copy)
            # One self-contained file: no -wal beside it to lose on the way.
            copy.execute("PRAGMA journal_mode=DELETE")
        verdict = quick_check(temporary)
        if verdict != "ok":
            message = _("The backup of {source} failed its check ({verdict}); it was not kept.")
            raise UserError(message.format(source=source, verdict=verdict))
    return target


def list_backups(data_dir: Path) -> list[Backup]:
    """The backups in ``DATA/backups``, newest first."""
    folder = backup_dir(data_dir)
    found: list[Backup] = []
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match is None:
            continue
        made_at = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
        found.append(Backup(path, made_at, match.group(2)))
    found.sort(key=lambda b: b.made_at, reverse=True)
    return found


class HasDatabase(Protocol):
    """What a backup needs of a workspace (a :class:`~referentiel_desktop.workspace.Workspace`)."""

    @property
    def data_dir(self) -> Path: ...

    @property
    def db_path(self) -> Path: ...


def make_backup(workspace: HasDatabase, reason: str) -> Backup:
    """Back up the workspace's database now (before an import, for instance).

    ``reason`` is one of :data:`REASONS`. Raises :class:`UserError` when the backup
    cannot be made or fails its check: callers then stop before touching anything.
    """
    return backup_database(workspace.data_dir, workspace.db_path, reason)


def backup_database(
    data_dir: Path, db_path: Path, reason: str, *, now: datetime | None = None
) -> Backup:
    """Back up ``db_path`` into ``DATA/backups`` now, verify it, then thin the folder."""
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
    target = folder / f"referentiel-{moment.strftime(_STAMP)}-{reason}.sqlite3"
    copy_database(db_path, target)
    made = Backup(target, moment, reason)
    thin(data_dir)
    return made


def _changed_since(db_path: Path, moment: datetime) -> bool:
    # A write touches the -wal file (WAL mode) or the file itself (after a checkpoint).
    times = [p.stat().st_mtime for p in (db_path, Path(f"{db_path}-wal")) if p.exists()]
    return bool(times) and max(times) > moment.timestamp()


def daily_backup_due(data_dir: Path, db_path: Path, *, now: datetime | None = None) -> bool:
    """True when no backup was made today (UTC) and the data changed since the last one."""
    moment = now or datetime.now(UTC)
    existing = list_backups(data_dir)
    if not existing:
        return db_path.exists()
    newest = existing[0]
    return newest.made_at.date() < moment.date() and _changed_since(db_path, newest.made_at)


def to_keep(backups: list[Backup]) -> set[Path]:
    """Which backups the thinning keeps: the newest few, then one per day, week, month."""
    ordered = sorted(backups, key=lambda b: b.made_at, reverse=True)
    keep = {b.path for b in ordered[:KEEP_NEWEST]}
    for count, bucket in (
        (KEEP_DAILY, lambda d: d.date()),
        (KEEP_WEEKLY, lambda d: d.isocalendar()[:2]),
        (KEEP_MONTHLY, lambda d: (d.year, d.month)),
    ):
        seen: list[object] = []
        for item in ordered:
            key = bucket(item.made_at)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.append(key)
            keep.add(item.path)
    return keep


def thin(data_dir: Path) -> list[Path]:
    """Delete the backups :func:`to_keep` does not keep; return what was deleted."""
    existing = list_backups(data_dir)
    kept = to_keep(existing)
    removed: list[Path] = []
    for item in existing:
        if item.path not in kept:
            with contextlib.suppress(OSError):
                item.path.unlink()
                removed.append(item.path)
    return removed


def newest_good(data_dir: Path) -> Backup | None:
    """The newest backup that passes ``quick_check``."""
    for item in list_backups(data_dir):
        if quick_check(item.path) == "ok":
            return item
    return None


def _describe(source: Path) -> tuple[int, bool]:
    """The schema version of ``source`` and whether it holds this application's tables."""
    with _connect(source, read_only=True) as conn:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    return version, {"node", "note", "case_record"} <= names


def restore_database(data_dir: Path, db_path: Path, source: Path) -> Backup | None:
    """Put the backup ``source`` in place of the live database.

    The file is checked first (sound, one of ours, not from a newer version); the
    current state is backed up (reason ``restore``) and returned, so a restore can be
    undone by restoring that one. The copy goes through SQLite's backup API into the
    live database, so another open window sees it as one more transaction.
    """
    from referentiel_desktop.store.migrations import SCHEMA_VERSION, migrate

    source = source.absolute()
    if not source.is_file():
        raise UserError(_("There is no file {path}.").format(path=source))
    verdict = quick_check(source)
    if verdict != "ok":
        message = _("{path} is not a sound database ({verdict}). Nothing was changed.")
        raise UserError(message.format(path=source, verdict=verdict))
    version, ours = _describe(source)
    if not ours:
        message = _("{path} is not a Référentiel Desktop backup. Nothing was changed.")
        raise UserError(message.format(path=source))
    if version > SCHEMA_VERSION:
        message = _(
            "{path} was written by a newer Référentiel Desktop. Nothing was changed: "
            "please update the application."
        )
        raise UserError(message.format(path=source))
    safety = backup_database(data_dir, db_path, "restore") if db_path.exists() else None
    with _connect(source, read_only=True) as backup_file, _connect(db_path) as live:
        live.execute("PRAGMA busy_timeout=5000")
        reached = _latest_seq(live)
        backup_file.backup(live)
        live.execute("PRAGMA journal_mode=WAL")
    migrate(db_path)
    with _connect(db_path) as live:
        live.execute("PRAGMA busy_timeout=5000")
        _log_everything_changed(live, reached)
    return safety


def _latest_seq(conn: sqlite3.Connection) -> int:
    try:
        row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'change_log'").fetchone()
    except sqlite3.OperationalError:  # no change log (yet)
        return 0
    return int(row[0]) if row else 0


def _log_everything_changed(conn: sqlite3.Connection, reached: int) -> None:
    """After a restore, the change log goes on from where it had reached (a seq is never
    handed out twice) and names every record, so that whatever follows the log (the
    index, another window) takes everything in again."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if _latest_seq(conn) < reached:
            conn.execute("DELETE FROM sqlite_sequence WHERE name = 'change_log'")
            conn.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES ('change_log', ?)", (reached,)
            )
        for table, kind in _LOGGED_TABLES:
            conn.execute(
                "INSERT INTO change_log (kind, record_id, op) "  # noqa: S608 - constants
                f"SELECT '{kind}', id, 'update' FROM {table}"
            )
        conn.execute(
            "INSERT INTO change_log (kind, record_id, op) VALUES ('referential', '', 'update')"
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


_LOGGED_TABLES = (
    ("note", "note"),
    ("case_record", "case"),
    ("territory", "territory"),
    ("author", "author"),
)
