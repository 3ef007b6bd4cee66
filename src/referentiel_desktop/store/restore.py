"""Putting a backup back, as one step that no other process's write can slip into.

The file is judged first (:mod:`.backup_check`: a regular file, sound, exactly our
schema, no trigger or view), copied aside and migrated to this version, and judged again.
Then, under one ``BEGIN IMMEDIATE`` on the live database (SQLite's writer lock, which
every window and command respects), the current state is backed up and the records are
replaced in the same transaction. A write another process had acknowledged is in that
safety backup; a write that comes after waits for the lock (or is refused with the busy
message) and then lands in the restored data. Nothing is ever between the two.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from referentiel_desktop.errors import UserError
from referentiel_desktop.files import remove_stale_parts
from referentiel_desktop.i18n import _
from referentiel_desktop.store import backups, change_log, migrations
from referentiel_desktop.store.backup_check import judge, read_only, regular_file_problem
from referentiel_desktop.store.backup_files import Backup, position, write_backup

BUSY_TIMEOUT_MS = 10_000
_KEPT_FROM_LIVE = {"change_log", "sqlite_sequence"}
"""The live change log goes on from where it reached (a seq is never handed out twice)."""


def _refusal(source: Path, reason: str) -> UserError:
    message = _("{path} cannot be put back: {reason}. Nothing was changed.")
    return UserError(message.format(path=source, reason=reason))


def _check_source(source: Path) -> None:
    if not source.exists() and not source.is_symlink():
        raise UserError(_("There is no file {path}.").format(path=source))
    problem = regular_file_problem(source)
    if problem:
        raise _refusal(source, problem)
    try:
        with read_only(source) as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as error:
        reason = _("it is not a sound database ({reason})").format(reason=error)
        raise _refusal(source, reason) from error
    if version > migrations.SCHEMA_VERSION:
        message = _(
            "{path} was written by a newer Référentiel Desktop. Nothing was changed: "
            "please update the application."
        )
        raise UserError(message.format(path=source))
    verdict = judge(source)
    if not verdict.ok:
        raise _refusal(source, verdict.problem)


@contextlib.contextmanager
def _staged_copy(data_dir: Path, source: Path) -> Iterator[Path]:
    """``source`` copied beside the live file and brought to this schema version. Its
    name carries our process id, so that a restore killed here leaves nothing for good."""
    remove_stale_parts(data_dir)
    fd, name = tempfile.mkstemp(prefix=f".restore.{os.getpid()}.", suffix=".part", dir=data_dir)
    os.close(fd)
    staged = Path(name)
    try:
        with read_only(source) as original:
            copy = sqlite3.connect(staged, isolation_level=None)
            try:
                original.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")
            finally:
                copy.close()
        migrations.migrate(staged, backup_first=False)
        verdict = judge(staged)
        if not verdict.ok:
            raise _refusal(source, verdict.problem)
        yield staged
    finally:
        staged.unlink(missing_ok=True)


def restore_database(data_dir: Path, db_path: Path, source: Path) -> Backup | None:
    """Put the backup ``source`` in place of the live database's records.

    Returns the safety backup of the state it replaced (reason ``restore``), so a
    restore can be undone by restoring that one; ``None`` when there was no data yet.
    Raises :class:`UserError`, having changed nothing, when ``source`` is not a sound
    backup of ours or another process holds the database too long."""
    source = source.absolute()
    _check_source(source)
    with _staged_copy(data_dir, source) as staged:
        if not db_path.exists():
            migrations.migrate(db_path)
        safety = _replace_under_one_lock(data_dir, db_path, staged)
    backups.thin(data_dir, made=safety)
    return safety


def _replace_under_one_lock(data_dir: Path, db_path: Path, staged: Path) -> Backup:
    live = sqlite3.connect(db_path, isolation_level=None)
    try:
        live.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        live.execute("ATTACH DATABASE ? AS restored", (str(staged),))
        try:
            live.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            message = _(
                "The data is being written by another window or the command line. "
                "Nothing was saved: try again in a moment."
            )
            raise UserError(message) from error
        try:
            safety = _safety_backup(data_dir, db_path)
            reached = position(live)
            _copy_records(live)
            _log_everything_changed(live, reached)
            live.execute("COMMIT")
        except BaseException:
            live.execute("ROLLBACK")
            raise
        live.execute("DETACH DATABASE restored")
    finally:
        live.close()
    return safety


def _safety_backup(data_dir: Path, db_path: Path) -> Backup:
    # Another connection reads the last committed state: with our writer lock held,
    # nothing can commit between this copy and the replacement.
    reader = sqlite3.connect(f"{db_path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return write_backup(data_dir, reader, "restore")
    finally:
        reader.close()


def _tables(conn: sqlite3.Connection, schema: str) -> list[str]:
    query = f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'"  # noqa: S608
    return [row[0] for row in conn.execute(query) if row[0] not in _KEPT_FROM_LIVE]


def _copy_records(conn: sqlite3.Connection) -> None:
    for table in _tables(conn, "main"):
        columns = [row[1] for row in conn.execute("SELECT * FROM pragma_table_info(?)", (table,))]
        listed = ", ".join(f'"{column}"' for column in columns)
        conn.execute(f'DELETE FROM main."{table}"')  # noqa: S608 - names from the schema
        conn.execute(
            f'INSERT INTO main."{table}" ({listed}) SELECT {listed} FROM restored."{table}"'  # noqa: S608
        )
    conn.execute("DELETE FROM main.sqlite_sequence WHERE name != 'change_log'")
    conn.execute(
        "INSERT INTO main.sqlite_sequence (name, seq) "
        "SELECT name, seq FROM restored.sqlite_sequence WHERE name != 'change_log'"
    )


def _log_everything_changed(conn: sqlite3.Connection, reached: int) -> None:
    """The change log names every record, so that whatever follows it (the index,
    another window) takes everything in again."""
    if position(conn) < reached:
        conn.execute("DELETE FROM sqlite_sequence WHERE name = 'change_log'")
        conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('change_log', ?)", (reached,))
    for table, kind in change_log.record_tables().items():
        conn.execute(
            "INSERT INTO change_log (kind, record_id, op) "  # noqa: S608 - constants
            f"SELECT '{kind}', id, 'update' FROM main.\"{table}\""
        )
    conn.execute(
        "INSERT INTO change_log (kind, record_id, op) VALUES ('referential', '', 'update')"
    )
