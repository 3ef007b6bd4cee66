"""Whether a file is a backup this application can put back: judged by what it holds.

A name proves nothing: a sync client, a user or an attacker can put anything in
``DATA/backups`` under a backup's name (an empty file, a link to ``/dev/zero``, a FIFO, a
crafted database whose triggers rewrite notes). A file counts only if it is a regular
file, opens read-only with ``trusted_schema`` off, passes ``quick_check``, and has exactly
the schema our migrations build at a version we know: the same tables with the same
columns, the same indexes, and no trigger or view (ours have none). Its *position* is
the change log's last sequence number inside it: how much of the team's work it holds,
whatever its name or the clock said when it was made.

Verdicts are kept per file identity (inode, size, modification time), so a folder of
backups is read once per process, not at every look.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from referentiel_desktop.i18n import _
from referentiel_desktop.store import migrations
from referentiel_desktop.store.backup_files import position

_SMALLEST_DATABASE = 512  # SQLite's smallest page: anything shorter holds no database


@dataclass(frozen=True)
class Verdict:
    """What a file is worth as a backup: ``problem`` is empty when it can be put back."""

    problem: str
    version: int = 0
    position: int = 0

    @property
    def ok(self) -> bool:
        return not self.problem


Shape = frozenset[tuple[str, ...]]
"""A schema as comparable facts: (``table``, name, column, type, notnull, pk) for each
column, (``index``, name, table, unique, columns…) for each index, (type, name) for
anything else (a trigger, a view)."""


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """``path`` opened read-only, with the schema untrusted: nothing it declares
    (a trigger, a view's function) runs on our behalf."""
    uri = f"{path.absolute().as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        yield conn
    finally:
        conn.close()


def shape(conn: sqlite3.Connection) -> Shape:
    facts: set[tuple[str, ...]] = set()
    rows = conn.execute(
        "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ).fetchall()
    for kind, name, table in rows:
        if kind == "table":
            for column in conn.execute("SELECT * FROM pragma_table_info(?)", (name,)):
                _cid, column_name, column_type, notnull, _default, pk = column
                facts.add(("table", name, column_name, column_type, str(notnull), str(pk)))
        elif kind == "index":
            unique = conn.execute(
                'SELECT "unique" FROM pragma_index_list(?) WHERE name = ?', (table, name)
            ).fetchone()
            columns = [
                str(c[2]) for c in conn.execute("SELECT * FROM pragma_index_info(?)", (name,))
            ]
            facts.add(("index", name, table, str(unique[0] if unique else 0), *columns))
        else:
            facts.add((kind, name))
    return frozenset(facts)


def reference_shape(version: int) -> Shape:
    """The schema our migrations build at ``version``."""
    return _reference(tuple(migrations.MIGRATIONS[:version]))


@lru_cache(maxsize=16)
def _reference(steps: tuple[migrations.Migration, ...]) -> Shape:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("BEGIN")
        for step in steps:
            step(conn)
        conn.execute("COMMIT")
        return shape(conn)
    finally:
        conn.close()


def regular_file_problem(path: Path) -> str:
    """Why ``path`` cannot be read as a file of ours ("" when it can), without opening
    it: a FIFO would block the reader, a device would never end."""
    try:
        found = os.stat(path)  # a link is judged by what it points to
    except OSError as error:
        return _("it cannot be read ({reason})").format(reason=error.strerror or error)
    if not stat.S_ISREG(found.st_mode):
        return _("it is not a regular file")
    if found.st_size < _SMALLEST_DATABASE:
        return _("it is empty or too short to hold a database")
    return ""


def judge(path: Path) -> Verdict:
    """Whether ``path`` can be put back as a backup, and what it holds."""
    problem = regular_file_problem(path)
    if problem:
        return Verdict(problem)
    found = os.stat(path)
    return _judge(str(path.absolute()), found.st_ino, found.st_size, found.st_mtime_ns)


@lru_cache(maxsize=256)
def _judge(path: str, _inode: int, _size: int, _mtime_ns: int) -> Verdict:
    try:
        with read_only(Path(path)) as conn:
            rows = conn.execute("PRAGMA quick_check").fetchall()
            verdict = "; ".join(str(row[0]) for row in rows) or "empty answer"
            if verdict != "ok":
                return Verdict(_("it is not a sound database ({reason})").format(reason=verdict))
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version == 0:
                return Verdict(_("it is not a Référentiel Desktop backup"))
            if version > migrations.SCHEMA_VERSION:
                return Verdict(
                    _("its schema version {version} is not one this version knows").format(
                        version=version
                    ),
                    version,
                )
            differences = shape(conn) ^ reference_shape(version)
            if differences:
                return Verdict(_describe(differences), version)
            return Verdict("", version, position(conn))
    except sqlite3.DatabaseError as error:
        return Verdict(_("it is not a sound database ({reason})").format(reason=error))


def _describe(differences: frozenset[tuple[str, ...]]) -> str:
    names = sorted({f"{fact[0]} {fact[1]}" for fact in differences})
    shown = ", ".join(names[:4]) + (", …" if len(names) > 4 else "")
    return _("its schema is not ours ({differences})").format(differences=shown)
