"""The Workspace: one object that holds the open database and is handed to every use case.

Opening it creates the data directory, migrates the database (a backup first), and
installs or upgrades the bundled referential. It holds no Qt, and nothing here is a
module global: tests open as many workspaces as they like, each on its own folder.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

import sqlalchemy.exc
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from referentiel_desktop import paths
from referentiel_desktop.changes import Change, ChangeBus
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.referential import repository
from referentiel_desktop.referential.loader import ReferentialFile, parse_file
from referentiel_desktop.store import change_log
from referentiel_desktop.store.engine import (
    DATABASE_NAME,
    DEFAULT_BUSY_TIMEOUT_MS,
    make_engine,
    make_session_factory,
    writing,
)
from referentiel_desktop.store.migrations import migrate
from referentiel_desktop.store.models import ChangeLogEntry


class StoreBusyError(UserError):
    """Another window or process held the database longer than this one would wait."""


class Workspace:
    def __init__(self, data_dir: Path, engine: Engine, sessions: sessionmaker[Session]) -> None:
        self.data_dir = data_dir
        self.engine = engine
        self.sessions = sessions
        self.writer_sessions = make_session_factory(writing(engine))
        self.changes = ChangeBus()
        self.last_backup: Path | None = None
        self._probe: sqlite3.Connection | None = None
        self._probe_lock = threading.Lock()

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
        from; the bundled one by default. ``busy_timeout_ms``: how long a write waits
        for another process's write to finish before failing with
        :class:`StoreBusyError` (the window waits briefly, so that it never freezes).
        """
        folder = paths.data_dir(data_dir)
        db_path = folder / DATABASE_NAME
        edition = parse_file(referential or paths.bundled_referential())
        engine: Engine | None = None
        try:
            backup = migrate(db_path)
            engine = make_engine(db_path, busy_timeout_ms)
            workspace = cls(folder, engine, make_session_factory(engine))
            workspace.last_backup = backup
            workspace._ensure_referential(edition)
            workspace._prune_change_log()
        except (sqlite3.DatabaseError, sqlalchemy.exc.DatabaseError) as error:
            if engine is not None:
                engine.dispose()
            reason = getattr(error, "orig", None) or error
            message = _(
                "The data file {path} cannot be read ({reason}). Nothing was changed: "
                "move it aside to start afresh, or put back a copy from {backups}."
            )
            raise UserError(
                message.format(path=db_path, reason=reason, backups=folder / "backups")
            ) from error
        return workspace

    @property
    def db_path(self) -> Path:
        return self.data_dir / DATABASE_NAME

    @property
    def index_dir(self) -> Path:
        """Where the search index (a rebuildable cache) lives: the user's cache folder."""
        return paths.index_dir(self.data_dir)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write: begun ``IMMEDIATE`` (its reads see what it will write over),
        committed on success, rolled back on any error. The change log and the records'
        revisions are written in it by the session's events."""
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
        query = (
            select(ChangeLogEntry.seq, ChangeLogEntry.kind, ChangeLogEntry.record_id)
            .where(ChangeLogEntry.seq > seq)
            .order_by(ChangeLogEntry.seq)
        )
        grouped: dict[str, set[str]] = {}
        newest = seq
        with self.reading() as session:
            for row_seq, kind, record_id in session.execute(query):
                grouped.setdefault(kind, set()).add(record_id)
                newest = row_seq
        return newest, [Change(kind, frozenset(ids)) for kind, ids in grouped.items()]

    def data_version(self) -> int:
        """SQLite's ``data_version`` on one long-lived connection: it moves when any
        other connection commits. A cheap "did anyone else write?" for a poll timer."""
        with self._probe_lock:
            if self._probe is None:
                self._probe = sqlite3.connect(self.db_path, check_same_thread=False)
            return int(self._probe.execute("PRAGMA data_version").fetchone()[0])

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def _prune_change_log(self) -> None:
        with self.reading() as session:
            if not change_log.needs_pruning(session):
                return
        try:
            with self.transaction() as session:
                change_log.prune(session)
        except StoreBusyError:
            pass  # another process is writing: prune at the next start

    def _ensure_referential(self, bundled: ReferentialFile) -> None:
        # Looked at in a read first: opening must not wait on another process's write.
        with self.reading() as session:
            if not repository.needs_install(session, bundled):
                return
        with self.transaction() as session:
            if not repository.needs_install(session, bundled):
                return  # another process installed it meanwhile
            repository.install(session, bundled)
        self.changes.publish(Change("referential", frozenset()))

    def load_referential(self, ref: ReferentialFile) -> repository.InstallReport:
        """Install another (already validated) edition in one transaction."""
        with self.transaction() as session:
            report = repository.install(session, ref)
        self.changes.publish(Change("referential", frozenset()))
        return report

    def close(self) -> None:
        with self._probe_lock:
            if self._probe is not None:
                self._probe.close()
                self._probe = None
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
