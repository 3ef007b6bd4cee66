"""The change log and record revisions, kept by session events so that no write forgets them.

Every flush appends one ``change_log`` row per changed record, on the flush's own
connection, so the row commits or rolls back with the write it describes. Whatever is
derived from the store (the search index, the open views, another window or process)
follows the log from the last ``seq`` it applied. A record is named by its kind
(``note``, ``case``, ``territory``, ``author``, ``tag``, ``referential``, ``setting``,
or the table's name for tables added later) and its id; a tag, balise or link row
that changes logs the note or case that owns it. ``op`` is what SQL did to the row:
``insert``, ``update`` or ``delete`` (a deletion marker is an ``update``).

Annotation records also carry a revision, CouchDB style: ``rev`` is ``"<n>-<12 hex>"``
with ``n`` counting the transactions that changed the record, and ``rev_history`` keeps
the earlier ones (the last :data:`HISTORY_LENGTH`). It advances once per transaction
that changes the record, unless the writer set ``rev`` itself (a merge from a teammate).

Bulk statements (``session.execute(update(Note)...)``) bypass the flush; they are
caught by ``do_orm_execute``, which finds the rows they touch first. Writes must go
through the ORM or SQLAlchemy statements on the session: a raw SQL string is not seen.
The one exception is :func:`insert_rows`, which writes new rows in bulk as plain SQL
and logs them itself, through the same path, in the same transaction.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, delete, event, inspect, select, text
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, UOWTransaction
from sqlalchemy.orm import sessionmaker as SessionMaker

from referentiel_desktop.store.models import (
    Author,
    Base,
    BookletPreset,
    Case,
    ChangeLogEntry,
    InventoryAnswer,
    InventoryAssessment,
    InventoryLink,
    InventoryStage,
    Note,
    Territory,
    new_uuid,
)

HISTORY_LENGTH = 100
KEEP_ENTRIES = 100_000
"""The change log keeps this many recent entries (a few megabytes); older ones are pruned
at open, and a follower left further behind reloads everything."""

_CHANGE_LOG: Table = ChangeLogEntry.__table__  # type: ignore[assignment]
_REVISED: dict[str, Any] = {
    "note": Note,
    "case_record": Case,
    "territory": Territory,
    "author": Author,
    "booklet_preset": BookletPreset,  # travels with the team exchange
    "inventory_assessment": InventoryAssessment,
    "inventory_answer": InventoryAnswer,
    "inventory_link": InventoryLink,
    "inventory_stage": InventoryStage,
}
_OWNED: dict[str, tuple[str, str]] = {
    # table: (owner table, column holding the owner's id)
    "note_tag": ("note", "note_id"),
    "case_tag": ("case_record", "case_id"),
    "case_balise": ("case_record", "case_id"),
}
_KINDS = {"case_record": "case", "node": "referential", "edition": "referential"}
_NOT_LOGGED = {"change_log"}

_LOGGED = "change_log.logged"
_REVVED = "change_log.revved"


def next_rev(rev: str) -> str:
    """The revision after ``rev``: ``"3-…"`` → ``"4-<fresh hex>"``."""
    head = rev.split("-", 1)[0]
    count = int(head) if head.isdigit() else 0
    return f"{count + 1}-{secrets.token_hex(6)}"


def kind_of(table_name: str) -> str:
    # A plain str: a table's name is SQLAlchemy's subclass, which sqlite3 adapts slowly.
    return str(_KINDS.get(table_name, table_name))


def record_tables() -> dict[str, str]:
    """Each table of revisioned records, with the kind its changes are logged under."""
    return {table: kind_of(table) for table in _REVISED}


_LATEST_SEQ = "SELECT seq FROM sqlite_sequence WHERE name = 'change_log'"


def latest_seq(reader: Session | Connection) -> int:
    """The newest sequence number handed out (0 before any write), in ``reader``'s
    snapshot: a reader that reads it first sees exactly the writes up to it."""
    found = reader.execute(text(_LATEST_SEQ)).scalar()
    return int(found or 0)


def forgotten_seq(reader: Session | Connection) -> int:
    """Entries up to this number are no longer in the log (pruned): a follower whose last
    applied seq is below it must reload everything rather than catch up."""
    oldest = reader.execute(text("SELECT min(seq) FROM change_log")).scalar()
    return latest_seq(reader) if oldest is None else int(oldest) - 1


def needs_pruning(reader: Session | Connection) -> bool:
    """True once the log holds well over ``KEEP_ENTRIES`` (so pruning runs in batches).
    Asked at every opening, on a plain connection: no ORM statement to build."""
    return latest_seq(reader) - forgotten_seq(reader) > KEEP_ENTRIES + KEEP_ENTRIES // 5


def prune(session: Session) -> int:
    """Drop all but the newest ``KEEP_ENTRIES``; return how many went.

    Seqs are never reused (AUTOINCREMENT), so followers still compare correctly."""
    keep = KEEP_ENTRIES
    newest = latest_seq(session)
    statement = delete(_CHANGE_LOG).where(_CHANGE_LOG.c.seq <= newest - keep)
    return int(session.connection().execute(statement).rowcount or 0)


def install(sessions: SessionMaker[Session]) -> None:
    """Keep the change log and revisions for every session ``sessions`` makes."""
    event.listen(sessions, "before_flush", _before_flush)
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "do_orm_execute", _on_execute)
    event.listen(sessions, "after_transaction_end", _forget)


# -- per-transaction bookkeeping ----------------------------------------------------------
def _logged(session: Session) -> set[tuple[str, str, str]]:
    """(kind, id, op) already logged in this transaction."""
    return session.info.setdefault(_LOGGED, set())  # type: ignore[no-any-return]


def _revved(session: Session) -> set[tuple[str, str]]:
    """(table, id) whose revision this transaction has already advanced."""
    return session.info.setdefault(_REVVED, set())  # type: ignore[no-any-return]


def _forget(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_LOGGED, None)
        session.info.pop(_REVVED, None)


def _record_id(obj: Any) -> str:
    mapper = obj.__mapper__
    values = mapper.primary_key_from_instance(obj)
    return "/".join(str(v) for v in values)


def _table_of(obj: Any) -> Table:
    return obj.__table__  # type: ignore[no-any-return]


# -- revisions ----------------------------------------------------------------------------
def _advance(session: Session, obj: Any) -> None:
    revved = _revved(session)
    key = (_table_of(obj).name, obj.id)
    if key in revved:
        return
    revved.add(key)
    if obj.rev:
        obj.rev_history = [*obj.rev_history, obj.rev][-HISTORY_LENGTH:]
        obj.rev = next_rev(obj.rev)
    else:
        obj.rev, obj.rev_history = next_rev("0"), []


def _advance_ids(session: Session, table_name: str, ids: Iterable[str]) -> None:
    """Advance the revisions of records not loaded in this session (bulk writes)."""
    model = _REVISED.get(table_name)
    wanted = sorted(set(ids))
    if model is None or not wanted:
        return
    for start in range(0, len(wanted), 900):  # SQLite caps bound parameters
        chunk = wanted[start : start + 900]
        for obj in session.scalars(select(model).where(model.id.in_(chunk))):
            _advance(session, obj)


def _before_flush(session: Session, _context: UOWTransaction, _instances: Any) -> None:
    revved = _revved(session)
    for obj in list(session.new):
        name = _table_of(obj).name
        if name in _REVISED:
            if obj.id is None:
                obj.id = new_uuid()
            if not obj.rev:
                obj.rev = next_rev("0")
            if obj.rev_history is None:
                obj.rev_history = []
            revved.add((name, obj.id))
    for obj in list(session.dirty):
        name = _table_of(obj).name
        if name not in _REVISED or not session.is_modified(obj):
            continue
        if inspect(obj).attrs.rev.history.added:  # the writer chose the rev (a merge)
            revved.add((name, obj.id))
        else:
            _advance(session, obj)
    owners: dict[str, set[str]] = {}
    for obj in [*session.new, *session.deleted]:
        owned = _OWNED.get(_table_of(obj).name)
        if owned is not None:
            owners.setdefault(owned[0], set()).add(getattr(obj, owned[1]))
    for table_name, ids in owners.items():
        _advance_ids(session, table_name, (i for i in ids if (table_name, i) not in revved))


# -- the log ------------------------------------------------------------------------------
def _entry(table_name: str, record_id: str, op: str) -> tuple[str, str, str] | None:
    if table_name in _NOT_LOGGED:
        return None
    owned = _OWNED.get(table_name)
    if owned is not None:
        return kind_of(owned[0]), record_id, "update"
    return kind_of(table_name), record_id, op


def _write(session: Session, entries: Iterable[tuple[str, str, str] | None]) -> None:
    logged = _logged(session)
    rows: list[tuple[str, str, str]] = []
    for entry in entries:
        if entry is None or entry in logged:
            continue
        kind, record_id, op = entry
        if op == "update" and (kind, record_id, "insert") in logged:
            continue  # created in this transaction: its insert says it all
        logged.add(entry)
        rows.append((kind, record_id, op))
    if rows:
        # On the flush's own connection: the entry commits or rolls back with the write.
        session.connection().exec_driver_sql(_LOG_INSERT, rows)


_LOG_INSERT = "INSERT INTO change_log (kind, record_id, op) VALUES (?, ?, ?)"
#: types whose equal values are indistinguishable (not floats: -0.0 == 0.0; not times:
#: one instant in two time zones)
_PLAIN = (str, int, bool, type(None))


def _converted(process: Callable[[Any], Any], values: list[Any]) -> list[Any]:
    """``process`` applied to each value, a value equal to an earlier one converted once
    (a bind processor is a function of the value alone): no deletion marker, an empty
    revision history, is the common value of its column."""
    done: dict[Any, Any] = {}
    out: list[Any] = []
    for value in values:
        kind = type(value)
        if kind in _PLAIN:
            key: Any = (kind, value)
        elif kind is list and all(type(item) is str for item in value):
            key = (list, *value)
        else:
            out.append(process(value))
            continue
        if key not in done:
            done[key] = process(value)
        out.append(done[key])
    return out


def insert_rows(
    session: Session, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert new rows (``rows``: values in the order of ``columns``, which name every
    column but an autoincremented key) into ``table`` in one ``executemany``, and log
    them as the ORM's bulk insert would, in the same transaction. Values are converted
    by the columns' own bind processors (a datetime or a list stored as the ORM stores
    it); Python-side defaults are not applied, hence every column named. For inserts
    only: an update must go through the ORM, which advances revisions."""
    missing = [
        c.name
        for c in table.columns
        if c.name not in columns and not (c.primary_key and c.autoincrement is True)
    ]
    if missing:
        raise ValueError(f"insert_rows into {table.name} lacks {', '.join(missing)}")
    session.flush()  # what the ORM holds pending is written first, as before a statement
    connection = session.connection()
    dialect = connection.dialect
    by_column = [list(values) for values in zip(*rows, strict=True)]
    if not by_column:
        return
    key = _key_column(table)
    ids = ["*"] if key is None else [str(i) for i in by_column[list(columns).index(key.name)]]
    for position, name in enumerate(columns):  # column by column: one processor a column
        process = table.c[name].type.bind_processor(dialect)
        if process is not None:
            by_column[position] = _converted(process, by_column[position])
    quoted = ", ".join(dialect.identifier_preparer.quote(name) for name in columns)
    marks = ", ".join("?" * len(columns))
    target = dialect.identifier_preparer.quote(table.name)
    statement = f"INSERT INTO {target} ({quoted}) VALUES ({marks})"
    connection.exec_driver_sql(statement, list(zip(*by_column, strict=True)))
    _write(session, (_entry(table.name, i, "insert") for i in ids))


def _link_owner(obj: Any) -> str:
    owned = _OWNED[_table_of(obj).name]
    return str(getattr(obj, owned[1]))


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    entries: list[tuple[str, str, str] | None] = []
    for objects, op in ((session.new, "insert"), (session.deleted, "delete")):
        for obj in objects:
            name = _table_of(obj).name
            record_id = _link_owner(obj) if name in _OWNED else _record_id(obj)
            entries.append(_entry(name, record_id, op))
    for obj in session.dirty:
        if session.is_modified(obj):
            name = _table_of(obj).name
            record_id = _link_owner(obj) if name in _OWNED else _record_id(obj)
            entries.append(_entry(name, record_id, "update"))
    _write(session, entries)


# -- bulk statements ----------------------------------------------------------------------
def _key_column(table: Table) -> Any:
    owned = _OWNED.get(table.name)
    if owned is not None:
        return table.c[owned[1]]
    keys = list(table.primary_key.columns)
    return keys[0] if len(keys) == 1 else None


def _inserted_ids(state: ORMExecuteState, column: Any) -> list[str]:
    params: Any = state.parameters
    rows: list[Mapping[str, Any]] = (
        list(params) if isinstance(params, list) else [params] if params else []
    )
    ids = [row.get(column.key) for row in rows]
    # A bulk insert that lets the database choose the keys: "*" says "some of this kind".
    return [str(i) for i in ids] if ids and None not in ids else ["*"]


def _on_execute(state: ORMExecuteState) -> Any:
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    table = getattr(state.statement, "table", None)
    if not isinstance(table, Table) or table.name in _NOT_LOGGED:
        return None
    table = Base.metadata.tables.get(table.name, table)
    column = _key_column(table)
    session = state.session
    if state.is_insert:
        ids = _inserted_ids(state, column) if column is not None else ["*"]
        result = state.invoke_statement()
        _write(session, (_entry(table.name, i, "insert") for i in ids))
        return result
    where = state.statement.whereclause  # type: ignore[attr-defined]
    if column is None:
        ids = ["*"]
    else:
        found = select(column) if where is None else select(column).where(where)
        ids = [str(i) for i in session.execute(found).scalars()]
    result = state.invoke_statement()
    op = "update" if state.is_update else "delete"
    _write(session, (_entry(table.name, i, op) for i in ids))
    if table.name in _OWNED:
        _advance_ids(session, _OWNED[table.name][0], ids)
    elif state.is_update:
        _advance_ids(session, table.name, ids)
    return result
