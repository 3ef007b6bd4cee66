"""The typed ORM over SQLite.

Referential nodes keep their stable slug ids (``engagement.b3``) across editions; a
node that a newer edition drops is marked ``retired`` rather than deleted, so what
users attached to it survives. Annotations carry UUIDs, UTC timestamps, an author and
a ``deleted_at`` marker instead of a hard delete (undo and the team exchange need it).
The classes are mapped imperatively onto the Core tables of
:mod:`referentiel_desktop.store.tables` (cheaper to import than declarative classes,
which every command paid); their ``Mapped[...]`` annotations are for the type checker.
The DDL that creates these tables lives in :mod:`referentiel_desktop.store.migrations`;
a test holds the two together, and another holds tables and mappings to a frozen text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import MetaData, Table
from sqlalchemy.orm import Mapped, Mapper, registry, relationship, validates

from referentiel_desktop.store import tables
from referentiel_desktop.store.tables import JSONList, UTCDateTime, first_rev, new_uuid, utcnow
from referentiel_desktop.text import fold

__all__ = ["JSONList", "UTCDateTime", "first_rev", "new_uuid", "utcnow"]

GROUPS = ("referential", "people", "notes", "cases", "exchange", "booklet", "inventory")
REGISTRIES = {group: registry(metadata=tables.metadata) for group in GROUPS}
"""One registry per group of classes that are used together. SQLAlchemy configures the
mappers of a registry all at once, at the first query on any of them (about 15 ms for
all our classes): a command reading notes configures the notes' and people's mappers
(a relationship makes its target's registry a dependency), not the inventory's."""


class Base:
    """What every mapped class has: its table and mapper, and a constructor that sets
    the attributes it is given (the declarative one, which refuses an unknown name)."""

    metadata: ClassVar[MetaData] = tables.metadata
    registry: ClassVar[registry]
    __table__: ClassVar[Table]
    __mapper__: ClassVar[Mapper[Any]]

    def __init__(self, **kwargs: Any) -> None:
        cls = type(self)
        for key, value in kwargs.items():
            if not hasattr(cls, key):
                raise TypeError(f"{key!r} is an invalid keyword argument for {cls.__name__}")
            setattr(self, key, value)


class Setting(Base):
    key: Mapped[str]
    value: Mapped[str]


class Edition(Base):
    """The referential edition currently loaded (one row)."""

    id: Mapped[str]
    version: Mapped[int]
    date: Mapped[str]
    provenance_json: Mapped[str]
    loaded_at: Mapped[datetime]


class Node(Base):
    id: Mapped[str]
    kind: Mapped[str]
    parent_id: Mapped[str | None]
    position: Mapped[int]
    number: Mapped[str]
    title_fr: Mapped[str]
    title_en: Mapped[str]
    body_fr: Mapped[str]
    body_en: Mapped[str]
    keywords_fr: Mapped[list[str]]
    keywords_en: Mapped[list[str]]
    translated: Mapped[list[str]]
    retired: Mapped[int]
    # The source text's form where the shown text departs from it (see the loader).
    source_json: Mapped[str]
    # Other nodes this one sends the reader to (scenario 2 → the inventory's questions).
    see: Mapped[list[str]]

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

    id: Mapped[str]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None]
    rev: Mapped[str]
    rev_history: Mapped[list[str]]


class ChangeLogEntry(Base):
    """One changed record, written in the same transaction as the change itself."""

    seq: Mapped[int]
    kind: Mapped[str]
    record_id: Mapped[str]
    op: Mapped[str]


class Author(_Record, Base):
    name: Mapped[str]
    initials: Mapped[str]


class Territory(_Record, Base):
    name: Mapped[str]
    code: Mapped[str]
    description: Mapped[str]


class Tag(Base):
    """``name`` is shown as first written; ``key`` (``text.fold`` of it) is what makes
    « Énergie », « énergie » and « energie » one tag."""

    id: Mapped[int]
    name: Mapped[str]
    key: Mapped[str]

    @validates("name")
    def _keep_key(self, _attribute: str, name: str) -> str:
        self.key = fold(name)  # whoever sets the name, the key follows
        return name


class NoteTag(Base):
    note_id: Mapped[str]
    tag_id: Mapped[int]


class CaseTag(Base):
    case_id: Mapped[str]
    tag_id: Mapped[int]


class CaseBalise(Base):
    case_id: Mapped[str]
    node_id: Mapped[str]


class Note(_Record, Base):
    target_id: Mapped[str]
    text: Mapped[str]
    visibility: Mapped[str]
    author_id: Mapped[str]
    author: Mapped[Author]
    tags: Mapped[list[Tag]]


class Case(_Record, Base):
    title: Mapped[str]
    territory_id: Mapped[str]
    period: Mapped[str]
    actors: Mapped[str]
    text: Mapped[str]
    lessons: Mapped[str]
    author_id: Mapped[str]
    author: Mapped[Author]
    territory: Mapped[Territory]
    tags: Mapped[list[Tag]]
    balises: Mapped[list[Node]]


class ExchangeConflict(Base):
    """A teammate's version of a record changed on both sides, awaiting the user's choice
    (see :mod:`referentiel_desktop.exchange.conflicts`)."""

    id: Mapped[str]
    kind: Mapped[str]
    record_id: Mapped[str]
    theirs_rev: Mapped[str]
    theirs_json: Mapped[str]
    bundle: Mapped[str]
    created_at: Mapped[datetime]


class BookletPreset(_Record, Base):
    """A booklet's definition (options as JSON, without the meeting's date) under a name."""

    name: Mapped[str]
    definition_json: Mapped[str]


class InventoryAssessment(_Record, Base):
    """A territory's inventory on one day (``date``: ISO ``YYYY-MM-DD``)."""

    territory_id: Mapped[str]
    date: Mapped[str]
    author_id: Mapped[str]
    territory: Mapped[Territory]
    author: Mapped[Author]


class InventoryAnswer(_Record, Base):
    """One question answered in one assessment: a position on the scale, text, evidence."""

    assessment_id: Mapped[str]
    question_id: Mapped[str]
    position: Mapped[str]
    text: Mapped[str]
    evidence: Mapped[str]
    author_id: Mapped[str]
    author: Mapped[Author]


class InventoryLink(_Record, Base):
    """The team thinks question ``question_id`` bears on balise ``balise_id``."""

    question_id: Mapped[str]
    balise_id: Mapped[str]
    author_id: Mapped[str]
    author: Mapped[Author]


class InventoryStage(_Record, Base):
    """From ``since`` on, the territory stands at support scenario ``scenario_id``."""

    territory_id: Mapped[str]
    scenario_id: Mapped[str]
    since: Mapped[str]
    author_id: Mapped[str]
    author: Mapped[Author]


def _map(group: str, cls: type[Base], table: Table, **properties: Any) -> None:
    # Relationships first, then the table's columns in order: the declarative order.
    cls.registry = REGISTRIES[group]
    cls.__table__ = table
    cls.__mapper__ = cls.registry.map_imperatively(cls, table, properties=properties)


def _joined(target: type[Base]) -> Any:
    return relationship(target, lazy="joined")


def _tags(association: Any) -> Any:
    """A record's tags through its association table, by name (notes and cases alike)."""
    return relationship(Tag, secondary=association, order_by=tables.tag.c.name)


_map("referential", Setting, tables.setting)
_map("referential", Edition, tables.edition)
_map("referential", Node, tables.node)
_map("referential", ChangeLogEntry, tables.change_log)
_map("people", Author, tables.author)
_map("people", Territory, tables.territory)
_map("people", Tag, tables.tag)
_map("notes", NoteTag, tables.note_tag)
_map("cases", CaseTag, tables.case_tag)
_map("cases", CaseBalise, tables.case_balise)
_map(
    "notes",
    Note,
    tables.note,
    author=_joined(Author),
    tags=_tags(tables.note_tag),
)
_map(
    "cases",
    Case,
    tables.case_record,
    author=_joined(Author),
    territory=_joined(Territory),
    tags=_tags(tables.case_tag),
    balises=relationship(Node, secondary=tables.case_balise, order_by=tables.node.c.position),
)
_map("exchange", ExchangeConflict, tables.exchange_conflict)
_map("booklet", BookletPreset, tables.booklet_preset)
_map(
    "inventory",
    InventoryAssessment,
    tables.inventory_assessment,
    territory=_joined(Territory),
    author=_joined(Author),
)
_map("inventory", InventoryAnswer, tables.inventory_answer, author=_joined(Author))
_map("inventory", InventoryLink, tables.inventory_link, author=_joined(Author))
_map("inventory", InventoryStage, tables.inventory_stage, author=_joined(Author))
