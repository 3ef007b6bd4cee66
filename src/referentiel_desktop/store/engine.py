"""The SQLite engine: WAL, foreign keys, commits that survive a power cut, and write
transactions that take the write lock when they begin."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from referentiel_desktop.paths import DATABASE_NAME
from referentiel_desktop.store import change_log

__all__ = ["DATABASE_NAME", "make_engine", "make_session_factory", "writing"]

DEFAULT_BUSY_TIMEOUT_MS = 5000
_BEGIN = "referentiel_begin"


def _read_only_engine(path: Path, busy_timeout_ms: int) -> Engine:
    # A read-only folder cannot hold the -shm file WAL readers need: read the file as
    # immutable unless a -wal (and so a -shm) was left beside it.
    flags = "mode=ro" if Path(f"{path}-wal").exists() else "mode=ro&immutable=1"
    uri = f"{path.absolute().as_uri()}?{flags}"

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(
            uri, uri=True, check_same_thread=False, timeout=busy_timeout_ms / 1000
        )
        conn.isolation_level = None
        return conn

    # The pool named: for a "sqlite://" URL SQLAlchemy would choose the pool of an
    # in-memory database, whose dispose closes connections other threads are using
    # (a search build reading while the window closed crashed the process).
    return create_engine("sqlite://", creator=connect, poolclass=QueuePool, future=True)


def make_engine(
    path: Path, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS, *, read_only: bool = False
) -> Engine:
    """The engine over the database at ``path``; ``read_only`` for a read-only folder
    (every write then fails, and :class:`~referentiel_desktop.workspace.Workspace`
    refuses writes before trying)."""
    if read_only:
        return _read_only_engine(path, busy_timeout_ms)
    engine = create_engine(
        f"sqlite:///{path}", future=True, connect_args={"timeout": busy_timeout_ms / 1000}
    )

    def set_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # pysqlite would send BEGIN only at the first write, leaving a read-then-write's
        # reads outside the transaction: take over (SQLAlchemy's documented recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a commit that returned is on disk even if the battery dies the next instant.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    def begin(conn: Connection) -> None:
        # IMMEDIATE for writes: the write lock is taken (or waited for) before the first
        # read, so what a write read cannot change under it. Reads stay DEFERRED.
        mode = conn.get_execution_options().get(_BEGIN, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    event.listen(engine, "connect", set_pragmas)
    event.listen(engine, "begin", begin)
    return engine


def writing(engine: Engine) -> Engine:
    """The same engine (same pool), its transactions beginning ``IMMEDIATE``."""
    return engine.execution_options(**{_BEGIN: "IMMEDIATE"})


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep the change log and record revisions (see ``change_log``)."""
    sessions = sessionmaker(engine, expire_on_commit=False)
    change_log.install(sessions)
    return sessions
