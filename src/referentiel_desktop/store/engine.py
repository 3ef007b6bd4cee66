"""The SQLite engine: WAL, foreign keys, and commits that survive a power cut."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from referentiel_desktop.paths import DATABASE_NAME

__all__ = ["DATABASE_NAME", "make_engine", "make_session_factory"]


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: a commit that returned is on disk even if the battery dies the next instant.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _set_read_only_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA busy_timeout=5000")


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    if not read_only:
        engine = create_engine(f"sqlite:///{path}", future=True)
        event.listen(engine, "connect", _set_pragmas)
        return engine
    # A read-only folder cannot hold the -shm file WAL readers need: read the file as
    # immutable unless a -wal (and so a -shm) was left beside it.
    flags = "mode=ro" if Path(f"{path}-wal").exists() else "mode=ro&immutable=1"
    uri = f"{path.absolute().as_uri()}?{flags}"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    engine = create_engine("sqlite://", creator=connect, future=True)
    event.listen(engine, "connect", _set_read_only_pragmas)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
