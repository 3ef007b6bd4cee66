"""``doctor``: check the data through and through, and make the repairs that are safe.

Each check reports what it found, and never crashes on what it finds: a row that cannot
be decoded is a finding. Repairs touch only what can be rebuilt or what points to
nothing (the search index, links to records that do not exist, referential lists that
cannot be decoded and that a ``referential load`` gives back); they are safe to repeat.
Nothing a user wrote is ever deleted by a repair.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from referentiel_desktop import doctor_storage
from referentiel_desktop.i18n import _, ngettext
from referentiel_desktop.workspace import Workspace

_LINKS = (
    # (link table, its column, the table it points to)
    ("note_tag", "note_id", "note"),
    ("note_tag", "tag_id", "tag"),
    ("case_tag", "case_id", "case_record"),
    ("case_tag", "tag_id", "tag"),
    ("case_balise", "case_id", "case_record"),
    ("case_balise", "node_id", "node"),
)
_NODE_LISTS = ("keywords_fr", "keywords_en", "translated")
_RECORDS = ("author", "territory", "note", "case_record")
_TIMES = ("created_at", "updated_at", "deleted_at")
MAX_SHOWN = 50
_LIVE_IDS = """
    SELECT id FROM node WHERE retired = 0
    UNION ALL SELECT id FROM note WHERE deleted_at IS NULL
    UNION ALL SELECT id FROM case_record WHERE deleted_at IS NULL
"""


@dataclass
class Check:
    name: str
    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "ok": self.ok,
            "problems": self.problems[:MAX_SHOWN],
            "problem_count": len(self.problems),
            "repaired": self.repaired,
        }


@dataclass
class Report:
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "checks": [c.to_json() for c in self.checks]}


def _connect(workspace: Workspace) -> sqlite3.Connection:
    conn = workspace.probe_connection()
    conn.isolation_level = None
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


def _integrity(conn: sqlite3.Connection, check: Check, repair: bool) -> None:
    rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    if rows != ["ok"]:
        check.problems += rows


def _foreign_keys(conn: sqlite3.Connection, check: Check, repair: bool) -> None:
    link_tables = {table for table, _col, _parent in _LINKS}
    for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
        if table not in link_tables:  # links are the next check's, and repairable
            check.problems.append(f"{table} row {rowid}: points to a missing {parent}")


def _orphaned_links(conn: sqlite3.Connection, check: Check, repair: bool) -> None:
    for table, column, parent in _LINKS:
        key = "id"
        query = (
            f"SELECT rowid, {column} FROM {table} "  # noqa: S608 - names are constants
            f"WHERE {column} NOT IN (SELECT {key} FROM {parent})"
        )
        found = conn.execute(query).fetchall()
        for _rowid, value in found:
            check.problems.append(f"{table}: {column} {value} does not exist")
        if found and repair:
            _log_changes(conn, table, column, parent)
            conn.execute(
                f"DELETE FROM {table} WHERE {column} NOT IN (SELECT {key} FROM {parent})"  # noqa: S608
            )
            check.repaired.append(
                ngettext(
                    "{count} orphaned link removed from {table}",
                    "{count} orphaned links removed from {table}",
                    len(found),
                ).format(count=len(found), table=table)
            )
    if repair and check.repaired:
        check.problems = []


_KIND_OF = {"note": "note", "case_record": "case"}


def _has_change_log(conn: sqlite3.Connection) -> bool:
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'change_log'").fetchone()
    return found is not None


def _log_changes(conn: sqlite3.Connection, table: str, column: str, parent: str) -> None:
    """A repair is a write like any other: the change log names what it touched, so the
    index and the other windows follow (raw SQL is not seen by the session's events)."""
    if not _has_change_log(conn):
        return
    owner = "note_id" if table == "note_tag" else "case_id"
    kind = _KIND_OF["note" if table == "note_tag" else "case_record"]
    conn.execute(
        "INSERT INTO change_log (kind, record_id, op) "  # noqa: S608 - names are constants
        f"SELECT DISTINCT '{kind}', {owner}, 'update' FROM {table} "
        f"WHERE {column} NOT IN (SELECT id FROM {parent})"
    )


def _is_word_list(text: object) -> bool:
    try:
        value = json.loads(str(text))
    except ValueError:
        return False
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _is_utc_time(text: object) -> bool:
    try:
        return datetime.fromisoformat(str(text)).tzinfo is not None
    except ValueError:
        return False


def _stored_values(conn: sqlite3.Connection, check: Check, repair: bool) -> None:
    fixed = 0
    for column in _NODE_LISTS:
        rows = conn.execute(f"SELECT id, {column} FROM node").fetchall()  # noqa: S608
        for node_id, value in rows:
            if value is not None and _is_word_list(value):
                continue
            if repair:
                conn.execute(f"UPDATE node SET {column} = '[]' WHERE id = ?", (node_id,))  # noqa: S608
                fixed += 1
            else:
                check.problems.append(f"node {node_id}: {column} cannot be decoded")
    for table in _RECORDS:
        for column in _TIMES:
            query = f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL"  # noqa: S608
            for record_id, value in conn.execute(query):
                if not _is_utc_time(value):
                    check.problems.append(f"{table} {record_id}: {column} is not a UTC time")
    for note_id, visibility in conn.execute("SELECT id, visibility FROM note"):
        if visibility not in ("team", "private"):
            check.problems.append(f"note {note_id}: unknown visibility {visibility!r}")
    if fixed and _has_change_log(conn):
        conn.execute(
            "INSERT INTO change_log (kind, record_id, op) VALUES ('referential', '', 'update')"
        )
    if fixed:
        check.repaired.append(
            ngettext(
                "{count} referential list emptied (`referential load` gives it back)",
                "{count} referential lists emptied (`referential load` gives them back)",
                fixed,
            ).format(count=fixed)
        )


def _follow_change_log(workspace: Workspace) -> None:
    # An index behind the change log is not damaged: the next search catches up. Only
    # what the log cannot explain (raw writes, damage) counts as a problem.
    from referentiel_desktop.search.index import SearchIndex

    # ``usable`` opens the build in use and applies the log to it; a bare ``catch_up`` on
    # an index not yet opened did nothing, and one note added after a search was then
    # reported missing. It never rebuilds: damage stays for the check below to report.
    search = SearchIndex(workspace)
    try:
        search.usable()
    except Exception:  # noqa: BLE001 - damage is what the check below reports
        pass
    finally:
        search.close()


def _index(workspace: Workspace, check: Check, repair: bool) -> None:
    from whoosh import index as whoosh_index

    from referentiel_desktop.search.location import IndexHome

    if not workspace.read_only:
        _follow_change_log(workspace)
    folder = IndexHome(workspace.index_dir).current()
    if folder is None:
        return  # not built yet: the next search builds it
    conn = _connect(workspace)
    try:
        expected = {str(row[0]) for row in conn.execute(_LIVE_IDS)}
    finally:
        conn.close()
    try:
        index = whoosh_index.open_dir(str(folder))
        try:
            with index.searcher() as searcher:
                stored = {str(f.get("id")) for f in searcher.reader().all_stored_fields()}
        finally:
            index.close()
    except Exception as error:  # noqa: BLE001 - damage shows as many kinds of error
        check.problems.append(_("the search index cannot be opened: {error}").format(error=error))
        stored = None
    if stored is not None:
        missing, extra = expected - stored, stored - expected
        if missing:
            check.problems.append(
                ngettext(
                    "{count} item is missing from the search index",
                    "{count} items are missing from the search index",
                    len(missing),
                ).format(count=len(missing))
            )
        if extra:
            check.problems.append(
                ngettext(
                    "{count} item in the search index no longer exists",
                    "{count} items in the search index no longer exist",
                    len(extra),
                ).format(count=len(extra))
            )
    if check.problems and repair and not workspace.read_only:
        from referentiel_desktop.search.index import SearchIndex

        search = SearchIndex(workspace)
        try:
            search.rebuild()
        finally:
            search.close()
        check.problems = []
        check.repaired.append(_("search index rebuilt"))


_DATABASE_CHECKS: list[tuple[str, Callable[[sqlite3.Connection, Check, bool], None]]] = [
    ("integrity", _integrity),
    ("foreign_keys", _foreign_keys),
    ("orphaned_links", _orphaned_links),
    ("stored_values", _stored_values),
    ("schema", doctor_storage.schema),
]


def run_doctor(workspace: Workspace, *, repair: bool = False) -> Report:
    """Run every check; with ``repair``, make the safe repairs (after a backup)."""
    repair = repair and not workspace.read_only
    if repair:
        workspace.backup("repair")
    checks: list[Check] = []
    conn = _connect(workspace)
    try:
        if repair:
            conn.execute("BEGIN IMMEDIATE")
        for name, run in _DATABASE_CHECKS:
            check = Check(name)
            try:
                run(conn, check, repair)
            except sqlite3.DatabaseError as error:
                check.problems.append(str(error))
            checks.append(check)
        if repair:
            conn.execute("COMMIT")
    finally:
        conn.close()
    index = Check("index")
    _index(workspace, index, repair)
    checks.append(index)
    folder = Check("backups")
    doctor_storage.backup_folder(workspace.data_dir, folder, repair)
    checks.append(folder)
    return Report(checks)
