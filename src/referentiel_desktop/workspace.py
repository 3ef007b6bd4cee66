"""The Workspace: one object that holds the open database and is handed to every use case.

Opening it creates the data directory, migrates the database (a backup first), and
installs or upgrades the bundled referential. It holds no Qt, and nothing here is a
module global: tests open as many workspaces as they like, each on its own folder.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

import sqlalchemy.exc
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from referentiel_desktop import paths
from referentiel_desktop.changes import Change, ChangeBus
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.referential import repository
from referentiel_desktop.referential.loader import ReferentialFile, parse_file
from referentiel_desktop.store.engine import DATABASE_NAME, make_engine, make_session_factory
from referentiel_desktop.store.migrations import migrate


class Workspace:
    def __init__(self, data_dir: Path, engine: Engine, sessions: sessionmaker[Session]) -> None:
        self.data_dir = data_dir
        self.engine = engine
        self.sessions = sessions
        self.changes = ChangeBus()
        self.last_backup: Path | None = None

    @classmethod
    def open(
        cls,
        data_dir: str | Path | None = None,
        *,
        referential: Path | None = None,
    ) -> Workspace:
        """Open (creating if needed) the workspace in ``data_dir``.

        ``referential`` is the edition file to install at first start or upgrade
        from; the bundled one by default.
        """
        folder = paths.data_dir(data_dir)
        db_path = folder / DATABASE_NAME
        edition = parse_file(referential or paths.bundled_referential())
        engine: Engine | None = None
        try:
            backup = migrate(db_path)
            engine = make_engine(db_path)
            workspace = cls(folder, engine, make_session_factory(engine))
            workspace.last_backup = backup
            workspace._ensure_referential(edition)
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
        """Where the search index (a rebuildable cache) lives."""
        return self.data_dir / "index"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write: commit on success, roll back on any error."""
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def _ensure_referential(self, bundled: ReferentialFile) -> None:
        with self.transaction() as session:
            if not repository.needs_install(session, bundled):
                return
            repository.install(session, bundled)
        self.changes.publish(Change("referential", frozenset()))

    def load_referential(self, ref: ReferentialFile) -> repository.InstallReport:
        """Install another (already validated) edition in one transaction."""
        with self.transaction() as session:
            report = repository.install(session, ref)
        self.changes.publish(Change("referential", frozenset()))
        return report

    def close(self) -> None:
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
