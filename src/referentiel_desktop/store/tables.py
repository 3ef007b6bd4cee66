"""The store's tables, as SQLAlchemy Core ``Table`` objects.

:mod:`referentiel_desktop.store.models` maps its classes onto these imperatively: a
declarative class costs its import several times what a ``Table`` and a mapper do (its
annotations are read and resolved, its columns copied), and every command pays that
import. The DDL and the mappings are the declarative ones to the letter:
``tests/core/test_schema_frozen.py`` holds them to a frozen text. The DDL that creates
these tables in a user's file lives in :mod:`referentiel_desktop.store.migrations`.
"""

from __future__ import annotations

import json
import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, ForeignKey, Index, Integer, MetaData, String, Table, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_uuid() -> str:
    return str(uuid.uuid4())


def first_rev() -> str:
    """A record's first revision, CouchDB style: ``"1-<12 hex>"``."""
    return f"1-{secrets.token_hex(6)}"


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes stored as ISO-8601 text, which sorts and diffs well."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store UTC-aware values only")
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        return None if value is None else datetime.fromisoformat(value)


class JSONList(TypeDecorator[list[Any]]):
    impl = Text
    cache_ok = True

    def process_bind_param(self, value: list[Any] | None, dialect: Dialect) -> str:
        return json.dumps(value or [], ensure_ascii=False)

    def process_result_value(self, value: str | None, dialect: Dialect) -> list[Any]:
        # A value that cannot be decoded reads as empty rather than failing every view
        # that shows the row: `doctor` reports it, and `doctor --repair` resets it.
        if value == "[]":  # most rows' (no history, no keywords): the decoder is slower
            return []
        try:
            decoded = json.loads(value) if value else []
        except ValueError:
            return []
        return decoded if isinstance(decoded, list) else []


metadata = MetaData()


def _required(name: str, kind: Any, *args: Any, **kwargs: Any) -> Column[Any]:
    """A NOT NULL column (what ``Mapped[T]`` without ``None`` made)."""
    return Column(name, kind, *args, nullable=False, **kwargs)


def _optional(name: str, kind: Any, *args: Any, **kwargs: Any) -> Column[Any]:
    return Column(name, kind, *args, nullable=True, **kwargs)


def _record_columns() -> list[Column[Any]]:
    """Columns every annotation shares: identity, times, deletion marker, and a revision
    (``rev``, with the earlier ones in ``rev_history``) that the store's session events
    advance on every write (see :mod:`referentiel_desktop.store.change_log`). Last, as
    the declarative mixin placed them."""
    return [
        Column("id", String, primary_key=True, default=new_uuid),
        _required("created_at", UTCDateTime, default=utcnow),
        _required("updated_at", UTCDateTime, default=utcnow),
        _optional("deleted_at", UTCDateTime, default=None),
        _required("rev", String, default=first_rev),
        _required("rev_history", JSONList, default=list),
    ]


def _key(name: str, kind: Any, target: str, **kwargs: Any) -> Column[Any]:
    """A NOT NULL foreign key, part of the primary key (an association table's)."""
    return Column(name, kind, ForeignKey(target, **kwargs), primary_key=True)


setting = Table(
    "setting",
    metadata,
    Column("key", String, primary_key=True),
    _required("value", Text),
)

edition = Table(
    "edition",
    metadata,
    Column("id", String, primary_key=True),
    _required("version", Integer),
    _required("date", String, default=""),
    _required("provenance_json", Text),
    _required("loaded_at", UTCDateTime),
)

node = Table(
    "node",
    metadata,
    Column("id", String, primary_key=True),
    _required("kind", String, index=True),
    _optional("parent_id", String, index=True),
    _required("position", Integer),
    _required("number", String, default=""),
    _required("title_fr", Text),
    _required("title_en", Text),
    _required("body_fr", Text, default=""),
    _required("body_en", Text, default=""),
    _required("keywords_fr", JSONList, default=list),
    _required("keywords_en", JSONList, default=list),
    _required("translated", JSONList, default=list),
    _required("retired", Integer, default=0),
    # The source text's form where the shown text departs from it (see the loader).
    _required("source_json", Text, default="{}"),
    # Other nodes this one sends the reader to (scenario 2 → the inventory's questions).
    _required("see", JSONList, default=list),
)

change_log = Table(
    "change_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    _required("kind", String),
    _required("record_id", String),
    _required("op", String),
)

author = Table(
    "author",
    metadata,
    _required("name", Text, unique=True),
    _required("initials", String, default=""),
    *_record_columns(),
)

territory = Table(
    "territory",
    metadata,
    _required("name", Text, unique=True),
    _required("code", String, default=""),
    _required("description", Text, default=""),
    *_record_columns(),
)

tag = Table(
    "tag",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _required("name", Text, unique=True),
    _required("key", Text, unique=True),
)

note_tag = Table(
    "note_tag",
    metadata,
    _key("note_id", String, "note.id", ondelete="CASCADE"),
    _key("tag_id", Integer, "tag.id", ondelete="CASCADE"),
)

case_tag = Table(
    "case_tag",
    metadata,
    _key("case_id", String, "case_record.id", ondelete="CASCADE"),
    _key("tag_id", Integer, "tag.id", ondelete="CASCADE"),
)

case_balise = Table(
    "case_balise",
    metadata,
    _key("case_id", String, "case_record.id", ondelete="CASCADE"),
    _key("node_id", String, "node.id"),
)

note = Table(
    "note",
    metadata,
    _required("target_id", String, ForeignKey("node.id"), index=True),
    _required("text", Text),
    _required("visibility", String, default="team"),
    _required("author_id", String, ForeignKey("author.id")),
    *_record_columns(),
)

case_record = Table(
    "case_record",
    metadata,
    _required("title", Text),
    _required("territory_id", String, ForeignKey("territory.id")),
    _required("period", Text, default=""),
    _required("actors", Text, default=""),
    _required("text", Text, default=""),
    _required("lessons", Text, default=""),
    _required("author_id", String, ForeignKey("author.id")),
    *_record_columns(),
)

exchange_conflict = Table(
    "exchange_conflict",
    metadata,
    Column("id", String, primary_key=True, default=new_uuid),
    _required("kind", String),
    _required("record_id", String),
    _required("theirs_rev", String),
    _required("theirs_json", Text),
    _required("bundle", Text),
    _required("created_at", UTCDateTime, default=utcnow),
)

booklet_preset = Table(
    "booklet_preset",
    metadata,
    _required("name", Text, unique=True),
    _required("definition_json", Text),
    *_record_columns(),
)

inventory_assessment = Table(
    "inventory_assessment",
    metadata,
    _required("territory_id", String, ForeignKey("territory.id")),
    _required("date", String),
    _required("author_id", String, ForeignKey("author.id")),
    *_record_columns(),
    Index("ix_inventory_assessment_day", "territory_id", "date", unique=True),
)

inventory_answer = Table(
    "inventory_answer",
    metadata,
    _required("assessment_id", String, ForeignKey("inventory_assessment.id")),
    _required("question_id", String, ForeignKey("node.id")),
    _required("position", String),
    _required("text", Text, default=""),
    _required("evidence", Text, default=""),
    _required("author_id", String, ForeignKey("author.id")),
    *_record_columns(),
    Index("ix_inventory_answer_question", "assessment_id", "question_id", unique=True),
)

inventory_link = Table(
    "inventory_link",
    metadata,
    _required("question_id", String, ForeignKey("node.id")),
    _required("balise_id", String, ForeignKey("node.id")),
    _required("author_id", String, ForeignKey("author.id")),
    *_record_columns(),
    Index("ix_inventory_link_pair", "question_id", "balise_id", unique=True),
    Index("ix_inventory_link_balise", "balise_id"),
)

inventory_stage = Table(
    "inventory_stage",
    metadata,
    _required("territory_id", String, ForeignKey("territory.id")),
    _required("scenario_id", String, ForeignKey("node.id")),
    _required("since", String),
    _required("author_id", String, ForeignKey("author.id")),
    *_record_columns(),
    Index("ix_inventory_stage_day", "territory_id", "since", unique=True),
)
