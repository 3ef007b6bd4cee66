"""The typed ORM over SQLite.

Referential nodes keep their stable slug ids (``engagement.b3``) across editions; a
node that a newer edition drops is marked ``retired`` rather than deleted, so what
users attached to it survives. Annotations carry UUIDs, UTC timestamps, an author and
a ``deleted_at`` marker instead of a hard delete (undo and the team exchange need it).
The DDL that creates these tables lives in :mod:`referentiel_desktop.store.migrations`;
a test holds the two together.
"""

from __future__ import annotations

import json
import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates
from sqlalchemy.types import TypeDecorator

from referentiel_desktop.text import fold


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


class Base(DeclarativeBase):
    pass


class Setting(Base):
    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Edition(Base):
    """The referential edition currently loaded (one row)."""

    __tablename__ = "edition"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    date: Mapped[str] = mapped_column(String, default="")
    provenance_json: Mapped[str] = mapped_column(Text)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Node(Base):
    __tablename__ = "node"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    kind: Mapped[str] = mapped_column(String, index=True)
    parent_id: Mapped[str | None] = mapped_column(String, index=True)
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String, default="")
    title_fr: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    body_fr: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    keywords_fr: Mapped[list[str]] = mapped_column(JSONList, default=list)
    keywords_en: Mapped[list[str]] = mapped_column(JSONList, default=list)
    translated: Mapped[list[str]] = mapped_column(JSONList, default=list)
    retired: Mapped[int] = mapped_column(Integer, default=0)
    # The source text's form where the shown text departs from it (see the loader).
    source_json: Mapped[str] = mapped_column(Text, default="{}")
    # Other nodes this one sends the reader to (scenario 2 → the inventory's questions).
    see: Mapped[list[str]] = mapped_column(JSONList, default=list)

    def title(self, lang: str) -> str:
        return self.title_fr if lang == "fr" else self.title_en

    def body(self, lang: str) -> str:
        return self.body_fr if lang == "fr" else self.body_en

    def keywords(self, lang: str) -> list[str]:
        return self.keywords_fr if lang == "fr" else self.keywords_en


class _Record:
    """Columns every annotation shares: identity, times, deletion marker, and a
    revision (``rev``, with the earlier ones in ``rev_history``) that the store's
    session events advance on every write (see :mod:`referentiel_desktop.store.change_log`)."""

    id: Mapped[str] = mapped_column(String, primary_key=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    rev: Mapped[str] = mapped_column(String, default=first_rev)
    rev_history: Mapped[list[str]] = mapped_column(JSONList, default=list)


class ChangeLogEntry(Base):
    """One changed record, written in the same transaction as the change itself."""

    __tablename__ = "change_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String)
    record_id: Mapped[str] = mapped_column(String)
    op: Mapped[str] = mapped_column(String)


class Author(_Record, Base):
    __tablename__ = "author"
    name: Mapped[str] = mapped_column(Text, unique=True)
    initials: Mapped[str] = mapped_column(String, default="")


class Territory(_Record, Base):
    __tablename__ = "territory"
    name: Mapped[str] = mapped_column(Text, unique=True)
    code: Mapped[str] = mapped_column(String, default="")
    description: Mapped[str] = mapped_column(Text, default="")


class Tag(Base):
    """``name`` is shown as first written; ``key`` (``text.fold`` of it) is what makes
    « Énergie », « énergie » and « energie » one tag."""

    __tablename__ = "tag"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    key: Mapped[str] = mapped_column(Text, unique=True)

    @validates("name")
    def _keep_key(self, _attribute: str, name: str) -> str:
        self.key = fold(name)  # whoever sets the name, the key follows
        return name


class NoteTag(Base):
    __tablename__ = "note_tag"
    note_id: Mapped[str] = mapped_column(
        ForeignKey("note.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True)


class CaseTag(Base):
    __tablename__ = "case_tag"
    case_id: Mapped[str] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True)


class CaseBalise(Base):
    __tablename__ = "case_balise"
    case_id: Mapped[str] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), primary_key=True
    )
    node_id: Mapped[str] = mapped_column(ForeignKey("node.id"), primary_key=True)


class Note(_Record, Base):
    __tablename__ = "note"
    target_id: Mapped[str] = mapped_column(ForeignKey("node.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String, default="team")
    author_id: Mapped[str] = mapped_column(ForeignKey("author.id"))
    author: Mapped[Author] = relationship(lazy="joined")
    tags: Mapped[list[Tag]] = relationship(secondary="note_tag", order_by="Tag.name")


class Case(_Record, Base):
    __tablename__ = "case_record"
    title: Mapped[str] = mapped_column(Text)
    territory_id: Mapped[str] = mapped_column(ForeignKey("territory.id"))
    period: Mapped[str] = mapped_column(Text, default="")
    actors: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    lessons: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[str] = mapped_column(ForeignKey("author.id"))
    author: Mapped[Author] = relationship(lazy="joined")
    territory: Mapped[Territory] = relationship(lazy="joined")
    tags: Mapped[list[Tag]] = relationship(secondary="case_tag", order_by="Tag.name")
    balises: Mapped[list[Node]] = relationship(secondary="case_balise", order_by="Node.position")


class ExchangeConflict(Base):
    """A teammate's version of a record changed on both sides, awaiting the user's choice
    (see :mod:`referentiel_desktop.exchange.conflicts`)."""

    __tablename__ = "exchange_conflict"
    id: Mapped[str] = mapped_column(String, primary_key=True, default=new_uuid)
    kind: Mapped[str] = mapped_column(String)
    record_id: Mapped[str] = mapped_column(String)
    theirs_rev: Mapped[str] = mapped_column(String)
    theirs_json: Mapped[str] = mapped_column(Text)
    bundle: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BookletPreset(_Record, Base):
    """A booklet's definition (options as JSON, without the meeting's date) under a name."""

    __tablename__ = "booklet_preset"
    name: Mapped[str] = mapped_column(Text, unique=True)
    definition_json: Mapped[str] = mapped_column(Text)


class InventoryAssessment(_Record, Base):
    """A territory's inventory on one day (``date``: ISO ``YYYY-MM-DD``)."""

    __tablename__ = "inventory_assessment"
    __table_args__ = (Index("ix_inventory_assessment_day", "territory_id", "date", unique=True),)
    territory_id: Mapped[str] = mapped_column(ForeignKey("territory.id"))
    date: Mapped[str] = mapped_column(String)
    author_id: Mapped[str] = mapped_column(ForeignKey("author.id"))
    territory: Mapped[Territory] = relationship(lazy="joined")
    author: Mapped[Author] = relationship(lazy="joined")


class InventoryAnswer(_Record, Base):
    """One question answered in one assessment: a position on the scale, text, evidence."""

    __tablename__ = "inventory_answer"
    __table_args__ = (
        Index("ix_inventory_answer_question", "assessment_id", "question_id", unique=True),
    )
    assessment_id: Mapped[str] = mapped_column(ForeignKey("inventory_assessment.id"))
    question_id: Mapped[str] = mapped_column(ForeignKey("node.id"))
    position: Mapped[str] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[str] = mapped_column(ForeignKey("author.id"))
    author: Mapped[Author] = relationship(lazy="joined")


class InventoryLink(_Record, Base):
    """The team thinks question ``question_id`` bears on balise ``balise_id``."""

    __tablename__ = "inventory_link"
    __table_args__ = (
        Index("ix_inventory_link_pair", "question_id", "balise_id", unique=True),
        Index("ix_inventory_link_balise", "balise_id"),
    )
    question_id: Mapped[str] = mapped_column(ForeignKey("node.id"))
    balise_id: Mapped[str] = mapped_column(ForeignKey("node.id"))
    author_id: Mapped[str] = mapped_column(ForeignKey("author.id"))
    author: Mapped[Author] = relationship(lazy="joined")


class InventoryStage(_Record, Base):
    """From ``since`` on, the territory stands at support scenario ``scenario_id``."""

    __tablename__ = "inventory_stage"
    __table_args__ = (Index("ix_inventory_stage_day", "territory_id", "since", unique=True),)
    territory_id: Mapped[str] = mapped_column(ForeignKey("territory.id"))
    scenario_id: Mapped[str] = mapped_column(ForeignKey("node.id"))
    since: Mapped[str] = mapped_column(String)
    author_id: Mapped[str] = mapped_column(ForeignKey("author.id"))
    author: Mapped[Author] = relationship(lazy="joined")
