"""The schema: migrations reach what the ORM expects, back up first, refuse the future."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from referentiel_desktop.store.engine import DATABASE_NAME
from referentiel_desktop.store.migrations import (
    MIGRATIONS,
    SCHEMA_VERSION,
    SchemaTooNewError,
    migrate,
    schema_version,
)
from referentiel_desktop.store.models import Base
from referentiel_desktop.workspace import Workspace


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def test_migrated_schema_matches_the_orm(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    assert migrate(db) is None  # a new database needs no backup
    with sqlite3.connect(db) as conn:
        assert schema_version(conn) == SCHEMA_VERSION == len(MIGRATIONS)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table in Base.metadata.sorted_tables:
            assert table.name in tables
            assert _columns(conn, table.name) == {c.name for c in table.columns}, table.name


def test_workspace_runs_with_wal_and_foreign_keys(workspace: Workspace) -> None:
    with workspace.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_an_older_database_is_backed_up_before_migrating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "db.sqlite3"
    migrate(db)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO setting (key, value) VALUES ('marker', 'œuvre « 1 »')")
    added: list[str] = []

    def v_next(conn: sqlite3.Connection) -> None:
        added.append("ran")
        conn.execute("CREATE TABLE extra (id INTEGER PRIMARY KEY)")

    monkeypatch.setattr("referentiel_desktop.store.migrations.MIGRATIONS", [*MIGRATIONS, v_next])
    monkeypatch.setattr("referentiel_desktop.store.migrations.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    saved = migrate(db)
    assert added == ["ran"]
    assert saved is not None and saved.exists()
    with sqlite3.connect(saved) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert schema_version(copy) == SCHEMA_VERSION
        assert copy.execute("SELECT value FROM setting").fetchone()[0] == "œuvre « 1 »"
    with sqlite3.connect(db) as conn:
        assert schema_version(conn) == SCHEMA_VERSION + 1


def test_a_failing_migration_leaves_the_last_good_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "db.sqlite3"
    migrate(db)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half (id INTEGER)")
        raise RuntimeError("boom")

    monkeypatch.setattr("referentiel_desktop.store.migrations.MIGRATIONS", [*MIGRATIONS, broken])
    monkeypatch.setattr("referentiel_desktop.store.migrations.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError):
        migrate(db)
    with sqlite3.connect(db) as conn:
        assert schema_version(conn) == SCHEMA_VERSION
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "half" not in names


def test_a_database_from_a_newer_application_is_refused(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    db = data_dir / DATABASE_NAME
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    with pytest.raises(SchemaTooNewError):
        Workspace.open(data_dir)


def test_unreadable_data_files_are_set_aside_and_too_new_ones_refused(
    cli: Any, data_dir: Path
) -> None:
    data_dir.mkdir(parents=True)
    db = data_dir / DATABASE_NAME
    db.write_bytes(b"Ceci n'est pas une base \xc5\x93uvre")
    opened = cli("list")
    assert opened.code == 0 and "set aside" in opened.err and "Traceback" not in opened.err
    kept = data_dir / f"{DATABASE_NAME}.damaged"
    assert kept.read_bytes() == b"Ceci n'est pas une base \xc5\x93uvre"  # kept whole
    db.unlink()
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    newer = cli("note", "list")
    assert newer.code == 1 and "newer Référentiel Desktop" in newer.err


def test_a_data_folder_that_cannot_be_made_is_refused_clearly(cli: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "un-fichier"
    blocker.write_text("pas un dossier")
    refused = cli("--data-dir", str(blocker), "list")
    assert refused.code == 1 and "data folder" in refused.err and "Traceback" not in refused.err
    assert blocker.read_text() == "pas un dossier"
