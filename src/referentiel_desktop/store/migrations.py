"""Schema versions and the ordered migrations that reach them.

A small runner rather than Alembic: the migrations ship inside the application and run
on the user's machine at start-up, with no ``env.py``, no extra dependency and nothing
to configure. The schema version is SQLite's ``PRAGMA user_version``. Before migrating
a database that already holds data, a verified backup is made first (see
:mod:`referentiel_desktop.store.backup_files`; the next backup thins the folder).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.store import backup_files
from referentiel_desktop.store.schema_version import SCHEMA_VERSION as SCHEMA_VERSION
from referentiel_desktop.text import fold

Migration = Callable[[sqlite3.Connection], None]

_RECORD_COLUMNS = """
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
"""

_REVISION_COLUMNS = "rev TEXT NOT NULL DEFAULT '', rev_history TEXT NOT NULL DEFAULT '[]'"


def _run(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT first and escape the migration's transaction.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1_initial(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        f"""
        CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE edition (
            id TEXT PRIMARY KEY, version INTEGER NOT NULL, date TEXT NOT NULL,
            provenance_json TEXT NOT NULL, loaded_at TEXT NOT NULL
        );
        CREATE TABLE node (
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, parent_id TEXT, position INTEGER NOT NULL,
            number TEXT NOT NULL, title_fr TEXT NOT NULL, title_en TEXT NOT NULL,
            body_fr TEXT NOT NULL, body_en TEXT NOT NULL,
            keywords_fr TEXT NOT NULL, keywords_en TEXT NOT NULL, translated TEXT NOT NULL,
            retired INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX ix_node_kind ON node (kind);
        CREATE INDEX ix_node_parent_id ON node (parent_id);
        CREATE TABLE author ({_RECORD_COLUMNS},
            name TEXT NOT NULL UNIQUE, initials TEXT NOT NULL);
        CREATE TABLE territory ({_RECORD_COLUMNS},
            name TEXT NOT NULL UNIQUE, code TEXT NOT NULL, description TEXT NOT NULL);
        CREATE TABLE tag (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE);
        CREATE TABLE note ({_RECORD_COLUMNS},
            target_id TEXT NOT NULL REFERENCES node (id), text TEXT NOT NULL,
            visibility TEXT NOT NULL, author_id TEXT NOT NULL REFERENCES author (id));
        CREATE INDEX ix_note_target_id ON note (target_id);
        CREATE TABLE case_record ({_RECORD_COLUMNS},
            title TEXT NOT NULL, territory_id TEXT NOT NULL REFERENCES territory (id),
            period TEXT NOT NULL, actors TEXT NOT NULL, text TEXT NOT NULL,
            lessons TEXT NOT NULL, author_id TEXT NOT NULL REFERENCES author (id));
        CREATE TABLE note_tag (
            note_id TEXT NOT NULL REFERENCES note (id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
            PRIMARY KEY (note_id, tag_id));
        CREATE TABLE case_tag (
            case_id TEXT NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
            PRIMARY KEY (case_id, tag_id));
        CREATE TABLE case_balise (
            case_id TEXT NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
            node_id TEXT NOT NULL REFERENCES node (id),
            PRIMARY KEY (case_id, node_id));
        CREATE INDEX ix_case_balise_node ON case_balise (node_id);
        """,
    )


def _v2_change_indexes(conn: sqlite3.Connection) -> None:
    # Once the search index's watermark (it follows the change log since schema 3).
    _run(
        conn,
        """
        CREATE INDEX ix_note_updated_at ON note (updated_at);
        CREATE INDEX ix_case_record_updated_at ON case_record (updated_at)
        """,
    )


def _change_log_and_revisions(conn: sqlite3.Connection) -> None:
    # Everything derived (the search index, open views, other processes) follows this log
    # from the last seq it applied; AUTOINCREMENT so that a seq is never handed out twice.
    _run(
        conn,
        """
        CREATE TABLE change_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,
            record_id TEXT NOT NULL, op TEXT NOT NULL)
        """,
    )
    for table in ("note", "case_record", "territory", "author"):
        conn.execute(f"ALTER TABLE {table} ADD COLUMN rev TEXT NOT NULL DEFAULT ''")
        conn.execute(f"ALTER TABLE {table} ADD COLUMN rev_history TEXT NOT NULL DEFAULT '[]'")
        # Each existing record starts its history here, with a revision of its own.
        conn.execute(f"UPDATE {table} SET rev = '1-' || lower(hex(randomblob(6)))")


def _tag_keys(conn: sqlite3.Connection) -> None:
    """Tags fold case, accents and ligatures: tags that fold alike become the first
    written, which takes over every note's and case's links to the others."""
    conn.execute("ALTER TABLE tag ADD COLUMN key TEXT NOT NULL DEFAULT ''")
    keepers: dict[str, int] = {}
    for tag_id, name in conn.execute("SELECT id, name FROM tag ORDER BY id").fetchall():
        key = fold(name)
        keeper = keepers.setdefault(key, tag_id)
        if keeper == tag_id:
            conn.execute("UPDATE tag SET key = ? WHERE id = ?", (key, tag_id))
            continue
        for link, record in (("note_tag", "note_id"), ("case_tag", "case_id")):
            conn.execute(
                f"INSERT OR IGNORE INTO {link} ({record}, tag_id) "
                f"SELECT {record}, ? FROM {link} WHERE tag_id = ?",
                (keeper, tag_id),
            )
            conn.execute(f"DELETE FROM {link} WHERE tag_id = ?", (tag_id,))
        conn.execute("DELETE FROM tag WHERE id = ?", (tag_id,))
    conn.execute("CREATE UNIQUE INDEX ix_tag_key ON tag (key)")


def _exchange_conflicts(conn: sqlite3.Connection) -> None:
    # A teammate's version of a record that both sides changed, kept until the user
    # chooses: the local record stays as it is meanwhile.
    _run(
        conn,
        """
        CREATE TABLE exchange_conflict (
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, record_id TEXT NOT NULL,
            theirs_rev TEXT NOT NULL, theirs_json TEXT NOT NULL, bundle TEXT NOT NULL,
            created_at TEXT NOT NULL);
        CREATE UNIQUE INDEX ix_exchange_conflict_version
            ON exchange_conflict (kind, record_id, theirs_rev)
        """,
    )


def _node_seed_forms_and_links(conn: sqlite3.Connection) -> None:
    # Each edit of the source text is recorded beside the shown text; a node can send
    # the reader to others (one text kept once, linked from where the seed repeats it).
    _run(
        conn,
        """
        ALTER TABLE node ADD COLUMN source_json TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE node ADD COLUMN see TEXT NOT NULL DEFAULT '[]'
        """,
    )


def _booklet_presets(conn: sqlite3.Connection) -> None:
    # A booklet's definition saved under a name, reused next month with a new date. A
    # record (UUID, times, deletion marker) so the team exchange can carry it later.
    _run(
        conn,
        f"""
        CREATE TABLE booklet_preset ({_RECORD_COLUMNS},
            rev TEXT NOT NULL DEFAULT '', rev_history TEXT NOT NULL DEFAULT '[]',
            name TEXT NOT NULL UNIQUE, definition_json TEXT NOT NULL)
        """,
    )


def _inventory(conn: sqlite3.Connection) -> None:
    # The twenty-question inventory: dated assessments per territory, one answer per
    # question in each, the team's question → balise links, and the territory's steps
    # on the support path. Each row is an annotation record (UUID, times, marker, and
    # a revision that the change log's session events advance, as notes have).
    _run(
        conn,
        f"""
        CREATE TABLE inventory_assessment ({_RECORD_COLUMNS}, {_REVISION_COLUMNS},
            territory_id TEXT NOT NULL REFERENCES territory (id),
            date TEXT NOT NULL, author_id TEXT NOT NULL REFERENCES author (id));
        CREATE UNIQUE INDEX ix_inventory_assessment_day
            ON inventory_assessment (territory_id, date);
        CREATE TABLE inventory_answer ({_RECORD_COLUMNS}, {_REVISION_COLUMNS},
            assessment_id TEXT NOT NULL REFERENCES inventory_assessment (id),
            question_id TEXT NOT NULL REFERENCES node (id),
            position TEXT NOT NULL, text TEXT NOT NULL, evidence TEXT NOT NULL,
            author_id TEXT NOT NULL REFERENCES author (id));
        CREATE UNIQUE INDEX ix_inventory_answer_question
            ON inventory_answer (assessment_id, question_id);
        CREATE TABLE inventory_link ({_RECORD_COLUMNS}, {_REVISION_COLUMNS},
            question_id TEXT NOT NULL REFERENCES node (id),
            balise_id TEXT NOT NULL REFERENCES node (id),
            author_id TEXT NOT NULL REFERENCES author (id));
        CREATE UNIQUE INDEX ix_inventory_link_pair ON inventory_link (question_id, balise_id);
        CREATE INDEX ix_inventory_link_balise ON inventory_link (balise_id);
        CREATE TABLE inventory_stage ({_RECORD_COLUMNS}, {_REVISION_COLUMNS},
            territory_id TEXT NOT NULL REFERENCES territory (id),
            scenario_id TEXT NOT NULL REFERENCES node (id),
            since TEXT NOT NULL, author_id TEXT NOT NULL REFERENCES author (id));
        CREATE UNIQUE INDEX ix_inventory_stage_day ON inventory_stage (territory_id, since)
        """,
    )


MIGRATIONS: list[Migration] = [
    _v1_initial,
    _v2_change_indexes,
    _change_log_and_revisions,
    _tag_keys,
    _exchange_conflicts,
    _node_seed_forms_and_links,
    _booklet_presets,
    _inventory,
]
"""Migration ``i`` takes a database from version ``i`` to ``i + 1``. Append only."""

if len(MIGRATIONS) != SCHEMA_VERSION:
    raise RuntimeError("store/schema_version.py must name the version of the last migration")


class SchemaTooNewError(UserError):
    """The database was written by a newer version of the application."""


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(db_path: Path, *, backup_first: bool = True) -> Path | None:
    """Bring the database at ``db_path`` to :data:`SCHEMA_VERSION`.

    Returns the path of the backup made before migrating, or ``None`` when nothing
    needed migrating or the database was new (or ``backup_first`` is false: a copy
    that is not the user's data yet, such as a restore's staged file). Each migration
    runs in its own transaction with its version bump, so a failure leaves the last
    good version.
    """
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        current = schema_version(conn)
        if current > SCHEMA_VERSION:
            message = _(
                "The data file was written by a newer Référentiel Desktop (schema "
                "{found}; this one reads up to {known}). Nothing was changed: please "
                "update the application."
            )
            raise SchemaTooNewError(message.format(found=current, known=SCHEMA_VERSION))
        if current == SCHEMA_VERSION:
            return None
        saved: Path | None = None
        if current > 0 and backup_first:
            made = backup_files.write_database_backup(db_path.parent, db_path, "migration")
            saved = made.path
        for version in range(current, SCHEMA_VERSION):
            conn.execute("BEGIN IMMEDIATE")
            try:
                MIGRATIONS[version](conn)
                conn.execute(f"PRAGMA user_version = {version + 1}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return saved
    finally:
        conn.close()
