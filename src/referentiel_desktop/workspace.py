"""The Workspace: one object that holds the open database and is handed to every use case.

Opening it creates the data directory, migrates the database (a backup first), and
installs or upgrades the bundled referential. It holds no Qt, and nothing here is a
module global: tests open as many workspaces as they like, each on its own folder.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import sqlalchemy.exc
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from referentiel_desktop import paths
from referentiel_desktop.changes import Change, ChangeFeed, ChangeRecord, group
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.referential import repository
from referentiel_desktop.referential.edition_head import read_edition
from referentiel_desktop.store import backups, change_log, health, restore
from referentiel_desktop.store.engine import (
    DATABASE_NAME,
    DEFAULT_BUSY_TIMEOUT_MS,
    make_engine,
    make_session_factory,
    writing,
)
from referentiel_desktop.store.file_watch import DataFileWatch
from referentiel_desktop.store.health import RunningMarker
from referentiel_desktop.store.migrations import SCHEMA_VERSION, migrate
from referentiel_desktop.store.models import ChangeLogEntry
from referentiel_desktop.store.synced_folder import sync_client_of

if TYPE_CHECKING:
    from referentiel_desktop.referential.loader import ReferentialFile


class StoreBusyError(UserError):
    """Another window or process held the database longer than this one would wait."""


def _unreadable(db_path: Path, error: Exception) -> UserError:
    reason = getattr(error, "orig", None) or error
    folder = backups.backup_dir(db_path.parent)
    if backups.list_backups(db_path.parent):
        message = _(
            "The data file {path} cannot be read ({reason}). Nothing was changed: "
            "`doctor` tells more, and the backups in {backups} can be put back with "
            "`restore`."
        )
        return UserError(message.format(path=db_path, reason=reason, backups=folder))
    message = _(
        "The data file {path} cannot be read ({reason}). Nothing was changed, and "
        "there is no backup yet: `doctor` tells more."
    )
    return UserError(message.format(path=db_path, reason=reason))


def _daily_backup(folder: Path, db_path: Path) -> list[str]:
    """The day's backup when one is due; a failure is told, and does not stop the
    opening. A clock that went back is told too (thinning waits for it)."""
    told = [problem for problem in [backups.clock_problem(folder)] if problem]
    if not backups.daily_backup_due(folder, db_path):
        return told
    try:
        backups.backup_database(folder, db_path, "daily")
    except UserError as error:
        return [*told, _("Today's backup could not be made: {reason}").format(reason=error)]
    return told


def _synced_folder_notice(folder: Path) -> list[str]:
    client = sync_client_of(folder.absolute())
    if not client:
        return []
    message = _(
        "The data folder {path} is inside a folder that {client} synchronises. Sync "
        "clients rename and delete files under running programs, which can cost notes: "
        "move the data folder out of it, and share with the team through exchange files "
        "instead."
    )
    return [message.format(path=folder, client=client)]


class Workspace:
    def __init__(
        self,
        data_dir: Path,
        engine: Engine,
        sessions: sessionmaker[Session],
        *,
        read_only: bool = False,
    ) -> None:
        self.data_dir = data_dir
        self.engine = engine
        self.sessions = sessions
        self.writer_sessions = make_session_factory(writing(engine))
        self.changes = ChangeFeed(self.records_since, self.latest_seq, self.data_version)
        """The one road for change: the log, read after our commits and others'."""
        self.last_backup: Path | None = None
        self.read_only = read_only
        self.notices: list[str] = []
        """What the user must be told about this opening (a recovery, read-only)."""
        self._marker: RunningMarker | None = None
        self._probe: sqlite3.Connection | None = None
        self._probe_lock = threading.Lock()
        self.watch = DataFileWatch(self.db_path)
        """What the data file was when opened: a sync client may move it under us."""

    @classmethod
    def open(
        cls,
        data_dir: str | Path | None = None,
        *,
        referential: Path | None = None,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    ) -> Workspace:
        """Open (creating if needed) the workspace in ``data_dir``.

        ``referential`` is the edition file to install at first start or upgrade
        from; the bundled one by default. Before anything is written the database is
        checked (see :mod:`referentiel_desktop.store.health`); a damaged one is
        recovered from the newest good backup and :attr:`notices` says so.
        ``busy_timeout_ms``: how long a write waits for another process's write to
        finish before failing with :class:`StoreBusyError` (the window waits briefly,
        so that it never freezes).
        """
        folder = paths.data_dir(data_dir)
        db_path = folder / DATABASE_NAME
        edition = referential or paths.bundled_referential()
        if not health.folder_writable(folder):
            return cls._open_read_only(folder, db_path)
        marker = RunningMarker(folder)
        unclean = marker.previous_stop_was_unclean()
        engine: Engine | None = None
        try:
            recovery = health.check_at_open(folder, db_path, thorough=unclean)
            marker.enter()
            notices = [recovery.message] if recovery else []
            notices += _daily_backup(folder, db_path)
            notices += _synced_folder_notice(folder)
            backup = migrate(db_path)
            engine = make_engine(db_path, busy_timeout_ms)
            workspace = cls(folder, engine, make_session_factory(engine))
            workspace._marker = marker
            workspace.notices = notices
            workspace.last_backup = backup
            workspace._ensure_referential(edition)
            workspace._prune_change_log()
            workspace.watch.remember()
        except (sqlite3.DatabaseError, sqlalchemy.exc.DatabaseError) as error:
            marker.leave()
            if engine is not None:
                engine.dispose()
            raise _unreadable(db_path, error) from error
        except BaseException:
            marker.leave()
            raise
        return workspace

    @classmethod
    def _open_read_only(cls, folder: Path, db_path: Path) -> Workspace:
        if not db_path.exists():
            message = _(
                "The data folder {path} is read-only and holds no data file yet: choose "
                "a folder where files can be written."
            )
            raise UserError(message.format(path=folder))
        engine = make_engine(db_path, read_only=True)
        workspace = cls(folder, engine, make_session_factory(engine), read_only=True)
        try:
            with engine.connect() as conn:
                found = conn.exec_driver_sql("PRAGMA user_version").scalar_one()
            if found != SCHEMA_VERSION:
                message = _(
                    "The data folder {path} is read-only and its data file needs an "
                    "update that cannot be written there. Nothing was changed."
                )
                raise UserError(message.format(path=folder))
        except (sqlite3.DatabaseError, sqlalchemy.exc.DatabaseError) as error:
            engine.dispose()
            raise _unreadable(db_path, error) from error
        except BaseException:
            engine.dispose()
            raise
        message = _(
            "The data folder {path} is read-only: you can read and search, but nothing "
            "can be saved there."
        )
        workspace.notices.append(message.format(path=folder))
        return workspace

    @property
    def db_path(self) -> Path:
        return self.data_dir / DATABASE_NAME

    @property
    def index_dir(self) -> Path:
        """Where the search index (a rebuildable cache) lives: the user's cache folder."""
        return paths.index_dir(self.data_dir)

    def probe_connection(self) -> sqlite3.Connection:
        """A plain ``sqlite3`` connection for cheap checks (``PRAGMA data_version``),
        read-only when the folder is."""
        if not self.read_only:
            return sqlite3.connect(self.db_path, check_same_thread=False)
        wal = Path(f"{self.db_path}-wal").exists()
        flags = "mode=ro" if wal else "mode=ro&immutable=1"
        uri = f"{self.db_path.absolute().as_uri()}?{flags}"
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write: begun ``IMMEDIATE`` (its reads see what it will write over),
        committed on success, rolled back on any error. The change log and the records'
        revisions are written in it by the session's events."""
        if self.read_only:
            message = _("The data folder {path} is read-only: nothing can be saved there.")
            raise UserError(message.format(path=self.data_dir))
        self._look_at_the_file()
        try:
            with self.writer_sessions.begin() as session:
                yield session
        except sqlalchemy.exc.OperationalError as error:
            if "locked" not in str(error.orig) and "busy" not in str(error.orig):
                raise
            message = _(
                "The data is being written by another window or the command line. "
                "Nothing was saved: try again in a moment."
            )
            raise StoreBusyError(message) from error
        self.watch.remember()
        self.changes.pull()  # committed: whoever follows hears it, from the log

    def _look_at_the_file(self) -> None:
        """Before a write: is the data file still the one we opened? (see
        :mod:`~referentiel_desktop.store.file_watch`)."""
        found = self.watch.check()
        if found == "database":
            raise self.watch.stop()
        if found == "journal":
            # Our pooled connections still hold the removed journal: a checkpoint through
            # them puts every acknowledged write into the database file.
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            self._close_connections()
            self.watch.remember()
            raise self.watch.journal_removed()

    def _close_connections(self) -> None:
        with self._probe_lock:
            if self._probe is not None:
                self._probe.close()
                self._probe = None
        self.engine.dispose()

    # -- following what others wrote -------------------------------------------------------
    def latest_seq(self) -> int:
        """The newest change-log sequence number (0 before any write)."""
        with self.reading() as session:
            return change_log.latest_seq(session)

    def forgotten_seq(self) -> int:
        """The log no longer holds entries up to this seq: a follower whose last seq is
        below it reloads everything instead of catching up."""
        with self.reading() as session:
            return change_log.forgotten_seq(session)

    def changes_since(self, seq: int) -> tuple[int, list[Change]]:
        """What every process committed after ``seq``: the new high-water sequence and
        the changed ids grouped by kind (in the order kinds first changed).

        SQLite lets one writer at a time commit, so sequence numbers commit in order: an
        entry below the returned one never appears later. A follower whose ``seq`` is
        below :meth:`forgotten_seq` (the log was pruned) reloads everything instead."""
        newest, records = self.records_since(seq)
        return newest, group(records)

    def records_since(self, seq: int) -> tuple[int, list[ChangeRecord]]:
        """The change-log rows after ``seq``, in order, and the newest sequence."""
        query = (
            select(
                ChangeLogEntry.seq, ChangeLogEntry.kind, ChangeLogEntry.record_id, ChangeLogEntry.op
            )
            .where(ChangeLogEntry.seq > seq)
            .order_by(ChangeLogEntry.seq)
        )
        with self.reading() as session:
            records = [ChangeRecord(*row) for row in session.execute(query)]
        if not records:  # the log may have moved back: another database put in place
            return min(seq, self.latest_seq()), []
        return records[-1].seq, records

    def data_version(self) -> int:
        """SQLite's ``data_version`` on one long-lived connection: it moves when any
        other connection commits. A cheap "did anyone else write?" for a poll timer."""
        with self._probe_lock:
            if self._probe is None:
                self._probe = self.probe_connection()
            return int(self._probe.execute("PRAGMA data_version").fetchone()[0])

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def backup(self, reason: str) -> backups.Backup:
        """Back up the database now (see :func:`backups.make_backup`)."""
        if self.watch.check() == "database":
            raise self.watch.stop()
        return backups.make_backup(self, reason)

    def restore(self, source: Path) -> backups.Backup | None:
        """Put the backup ``source`` back, after backing up the current state (returned)."""
        if self.read_only:
            message = _("The data folder {path} is read-only: nothing can be saved there.")
            raise UserError(message.format(path=self.data_dir))
        self._look_at_the_file()
        safety = restore.restore_database(self.data_dir, self.db_path, source)
        self._close_connections()  # pooled connections may hold pages of the old data
        self.watch.remember()
        # The search index is a cache of the old data: the next search rebuilds it.
        shutil.rmtree(self.index_dir, ignore_errors=True)
        self.changes.reset()  # another database: whoever follows reloads everything
        return safety

    def _prune_change_log(self) -> None:
        with self.engine.connect() as conn:
            if not change_log.needs_pruning(conn):
                return
        try:
            with self.transaction() as session:
                change_log.prune(session)
        except StoreBusyError:
            pass  # another process is writing: prune at the next start

    def _ensure_referential(self, source: Path) -> None:
        # Looked at in a read first: opening must not wait on another process's write.
        # The file is read whole (and validated) only when it is to be installed.
        header = read_edition(source)
        if header is not None:
            with self.engine.connect() as conn:
                if not repository.install_needed(repository.loaded_edition(conn), *header):
                    return
        from referentiel_desktop.referential.loader import parse_file  # to install only

        bundled = parse_file(source)
        with self.transaction() as session:
            if not repository.needs_install(session, bundled.edition_id, bundled.version):
                return  # another process installed it meanwhile
            repository.install(session, bundled)

    def load_referential(self, ref: ReferentialFile) -> repository.InstallReport:
        """Back up, then install another (already validated) edition in one transaction."""
        if not self.read_only:
            self.backup("referential-load")
        with self.transaction() as session:
            report = repository.install(session, ref)
        return report

    def close(self) -> None:
        with self._probe_lock:
            if self._probe is not None:
                self._probe.close()
                self._probe = None
        self.engine.dispose()
        if self._marker is not None:
            self._marker.leave()
            self._marker = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
