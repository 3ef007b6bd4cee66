"""Backups of the database: when one is made, which ones count, which are thinned.

One is made at most once a day when the data changed, and always before something that
rewrites much at once: a migration, an import, a ``referential load``, a restore. The
files themselves are :mod:`.backup_files`' business; what a file is worth is judged from
its content by :mod:`.backup_check`.

The clock is not trusted: a laptop whose battery died may believe it is 2001, a wrong
setting may say 2099. So recovery puts back the valid backup that holds the most work
(the highest change-log position), thinning keeps the newest few by that same position
and never the just-made one's neighbours by date alone, and a backup dated in the future
is noticed and said, with thinning paused until the clock is right.

:func:`make_backup` is the plain entry point every feature that imports data calls
first.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from referentiel_desktop.i18n import _
from referentiel_desktop.paths import DATABASE_NAME
from referentiel_desktop.store import backup_files
from referentiel_desktop.store.backup_check import Verdict, judge, read_only
from referentiel_desktop.store.backup_files import (
    BACKUP_FOLDER,
    REASONS,
    Backup,
    backup_dir,
    copy_database,
    list_backups,
    position,
    quick_check,
)

__all__ = [
    "BACKUP_FOLDER",
    "REASONS",
    "Backup",
    "backup_dir",
    "copy_database",
    "list_backups",
    "quick_check",
]

KEEP_NEWEST = 5
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 6
CLOCK_TOLERANCE = timedelta(minutes=10)
"""A backup dated further than this ahead of the clock means the clock went back."""
_STAMP = backup_files._STAMP  # noqa: SLF001 - one format, shared with the tests


@dataclass(frozen=True)
class Judged:
    backup: Backup
    verdict: Verdict


def judged_backups(data_dir: Path) -> list[Judged]:
    """Every file named as a backup, with what it is worth; a name that claims another
    position than the content holds is a file renamed or tampered with."""
    return [_judged(item) for item in list_backups(data_dir)]


def _judged(item: Backup) -> Judged:
    verdict = judge(item.path)
    if verdict.ok and item.position is not None and item.position != verdict.position:
        message = _("it holds position {found}, not the {claimed} its name says")
        verdict = Verdict(message.format(found=verdict.position, claimed=item.position))
    return Judged(item, verdict)


def _by_work(item: Judged) -> tuple[int, datetime]:
    return item.verdict.position, item.backup.made_at


def valid_backups(data_dir: Path) -> list[Judged]:
    """The backups that can be put back, the one holding the most recent work first."""
    valid = [item for item in judged_backups(data_dir) if item.verdict.ok]
    valid.sort(key=_by_work, reverse=True)
    return valid


def best_backup(data_dir: Path) -> Backup | None:
    """The valid backup that holds the most recent work (highest change-log position)."""
    valid = valid_backups(data_dir)
    return valid[0].backup if valid else None


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
    made = backup_files.write_database_backup(data_dir, db_path, reason, now=now)
    thin(data_dir, made=made, now=now)
    return made


def clock_problem(data_dir: Path, *, now: datetime | None = None) -> str:
    """What says the clock is wrong ("" when nothing does): a backup, or a note or case
    saved here, dated ahead of it."""
    moment = now or datetime.now(UTC)
    ahead = [b for b in list_backups(data_dir) if b.made_at > moment + CLOCK_TOLERANCE]
    if ahead:
        message = _(
            "The computer's clock reads {now}, but a backup is dated {when}: the clock is "
            "probably wrong. Old backups are not thinned until it is right."
        )
        return message.format(now=_shown(moment), when=_shown(ahead[0].made_at))
    saved = _newest_record(data_dir / DATABASE_NAME)
    if saved is not None and saved > moment + CLOCK_TOLERANCE:
        message = _(
            "The computer's clock reads {now}, but something was saved on {when}: the "
            "clock is probably wrong. Old backups are not thinned until it is right."
        )
        return message.format(now=_shown(moment), when=_shown(saved))
    return ""


def _newest_record(db_path: Path) -> datetime | None:
    if not db_path.is_file():
        return None
    try:
        with read_only(db_path) as conn:
            rows = conn.execute(
                "SELECT max(updated_at) FROM note UNION ALL SELECT max(updated_at) FROM case_record"
            ).fetchall()
    except sqlite3.DatabaseError:  # not there yet, or damaged: the open checks tell
        return None
    found: list[datetime] = []
    for (text,) in rows:
        with contextlib.suppress(TypeError, ValueError):
            moment = datetime.fromisoformat(text)
            found.append(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    return max(found, default=None)


def _shown(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def daily_backup_due(data_dir: Path, db_path: Path, *, now: datetime | None = None) -> bool:
    """True when no valid backup was made today and the data holds work that the newest
    valid one does not. Backups dated ahead of the clock do not count as today's: a
    clock set to 2099 once must not stop daily backups for days."""
    # Every opening asks, so backups are judged (opened, checked) only until the answer
    # is known: a valid one made today says no; else one holding at least the data's
    # position does. A backup whose name claims less cannot: if valid, it holds what it
    # claims (a name that lies makes it invalid), and an invalid one never counts.
    moment = now or datetime.now(UTC)
    if not db_path.exists():
        return False
    found = list_backups(data_dir)  # newest first
    for item in found:
        today = item.made_at.date() == moment.date() and item.made_at <= moment + CLOCK_TOLERANCE
        if today and _judged(item).verdict.ok:
            return False
    reached = _data_position(db_path)
    if reached is None:  # unreadable: as if changed, and no valid backup made today
        return True
    for item in sorted(found, key=_claimed, reverse=True):
        if item.position is not None and item.position < reached:
            break  # sorted by claim: no further one can hold the data's position
        judged = _judged(item)
        if judged.verdict.ok and judged.verdict.position >= reached:
            return False
    return True


def _claimed(item: Backup) -> int:
    """The position a backup's name claims; one that claims none is judged first."""
    return item.position if item.position is not None else 1 << 62


def _data_position(db_path: Path) -> int | None:
    try:
        with read_only(db_path) as conn:
            return position(conn)
    except sqlite3.DatabaseError:
        return None


def to_keep(backups: list[Judged]) -> set[Path]:
    """Which valid backups the thinning keeps: the newest few by the work they hold, then
    one per day, week and month they were made (distinct days, not a calendar window, so
    that a wrong clock cannot make every backup look old at once)."""
    ordered = sorted(backups, key=_by_work, reverse=True)
    keep = {item.backup.path for item in ordered[:KEEP_NEWEST]}
    for count, bucket in (
        (KEEP_DAILY, lambda d: d.date()),
        (KEEP_WEEKLY, lambda d: d.isocalendar()[:2]),
        (KEEP_MONTHLY, lambda d: (d.year, d.month)),
    ):
        seen: list[object] = []
        for item in sorted(ordered, key=lambda i: i.backup.made_at, reverse=True):
            key = bucket(item.backup.made_at)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.append(key)
            keep.add(item.backup.path)
    return keep


@dataclass(frozen=True)
class Thinning:
    removed: list[Path]
    paused: str = ""
    """Why nothing was thinned ("" when thinning ran)."""


def thin(data_dir: Path, *, made: Backup | None = None, now: datetime | None = None) -> Thinning:
    """Delete the valid backups :func:`to_keep` does not keep. Invalid files are never
    counted and never make a valid one go (doctor reports them); the backup just
    ``made`` always stays; a clock that went back pauses it all."""
    paused = clock_problem(data_dir, now=now)
    if paused:
        return Thinning([], paused)
    valid = valid_backups(data_dir)
    kept = to_keep(valid)
    if made is not None:
        kept.add(made.path)
    removed: list[Path] = []
    for item in valid:
        if item.backup.path not in kept:
            with contextlib.suppress(OSError):
                item.backup.path.unlink()
                removed.append(item.backup.path)
    return Thinning(removed)
