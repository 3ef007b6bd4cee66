"""The kinds of record a bundle carries, as a table: adding a kind (inventory answers,
booklet presets) is one more :class:`Kind` here, in the order references need.

Every record travels with its id (a UUID), its revision and the earlier ones
(``rev`` / ``rev_history``, CouchDB style), its UTC times and its deletion marker,
plus the fields listed here. A field's ``type`` says how it is checked on import:

- ``text``: a string (NFC on entry; no NUL);
- ``name``: a text that names the record, trimmed and not empty, as the app keeps names;
- ``choice``: one of ``choices``;
- ``ref``: the UUID of a record of kind ``ref`` (in the bundle or already here);
- ``node``: a referential id (kept even when this edition does not know it);
- ``names``: a list of tag names; ``nodes``: a list of referential ids;
- ``date``: a day, ``YYYY-MM-DD``;
- ``preset``: a booklet preset's definition (JSON as text, of bounded size), checked as
  saving a preset checks it.

A record's times lie between :data:`EARLIEST` and :data:`LATEST` (UTC): then every time
zone can show them. Only the kinds the app itself deletes (``deletable``) may carry a
deletion marker: a territory marked deleted would be out of every list, yet hold its name.

A kind with a ``natural_key`` has a unique index on those columns: two laptops that each
start an assessment of one territory on one day made two ids for one thing, so a record
arriving under an unknown id is first looked for by its key and, when found, merged
with the local one (by revision, or as a conflict).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from referentiel_desktop.inventory.scale import POSITIONS
from referentiel_desktop.store.models import (
    Author,
    BookletPreset,
    Case,
    CaseBalise,
    CaseTag,
    InventoryAnswer,
    InventoryAssessment,
    InventoryLink,
    InventoryStage,
    Note,
    NoteTag,
    Territory,
)

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)


def in_reach(moment: datetime) -> datetime | None:
    """``moment`` (aware) in UTC if it lies between :data:`EARLIEST` and :data:`LATEST`,
    else ``None`` (year 1 at +14:00 is before the first day Python knows)."""
    try:
        utc = moment.astimezone(UTC)
    except OverflowError:
        return None
    return utc if EARLIEST <= utc <= LATEST else None


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "text"
    ref: str = ""
    choices: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Link:
    """A list field stored in a link table: ``tags`` (by name) or ``balises`` (node ids)."""

    name: str
    table: Any
    owner_column: str
    value_column: str


@dataclass(frozen=True)
class Kind:
    name: str
    model: Any
    fields: tuple[Field, ...]
    links: tuple[Link, ...] = field(default=())
    #: a record of this kind with the same name as a local one is that one (two laptops
    #: that each added « Marie Dupont » mean the same person)
    unique_name: bool = False
    #: the column that marks a record private, and the value that does
    private: tuple[str, str] | None = None
    #: the columns of its unique index besides the id (see the module's note)
    natural_key: tuple[str, ...] = ()
    #: whether the app deletes records of this kind (a note, a case, an answer…)
    deletable: bool = False

    def field(self, name: str) -> Field:
        return self.by_field[name]

    @property
    def by_field(self) -> dict[str, Field]:
        return _FIELDS[self.name]


KINDS: tuple[Kind, ...] = (
    Kind(
        "author",
        Author,
        (Field("name", "name"), Field("initials")),
        unique_name=True,
    ),
    Kind(
        "territory",
        Territory,
        (Field("name", "name"), Field("code"), Field("description")),
        unique_name=True,
    ),
    Kind(
        "note",
        Note,
        (
            Field("target_id", "node"),
            Field("text", required=True),
            Field("visibility", "choice", choices=("team", "private")),
            Field("author_id", "ref", ref="author"),
            Field("tags", "names"),
        ),
        links=(Link("tags", NoteTag, "note_id", "tag_id"),),
        private=("visibility", "private"),
        deletable=True,
    ),
    Kind(
        "case",
        Case,
        (
            Field("title", required=True),
            Field("territory_id", "ref", ref="territory"),
            Field("period"),
            Field("actors"),
            Field("text"),
            Field("lessons"),
            Field("author_id", "ref", ref="author"),
            Field("tags", "names"),
            Field("balises", "nodes"),
        ),
        links=(
            Link("tags", CaseTag, "case_id", "tag_id"),
            Link("balises", CaseBalise, "case_id", "node_id"),
        ),
        deletable=True,
    ),
    Kind(
        "inventory_assessment",
        InventoryAssessment,
        (
            Field("territory_id", "ref", ref="territory"),
            Field("date", "date"),
            Field("author_id", "ref", ref="author"),
        ),
        natural_key=("territory_id", "date"),
        deletable=True,
    ),
    Kind(
        "inventory_answer",
        InventoryAnswer,
        (
            Field("assessment_id", "ref", ref="inventory_assessment"),
            Field("question_id", "node"),
            Field("position", "choice", choices=POSITIONS),
            Field("text"),
            Field("evidence"),
            Field("author_id", "ref", ref="author"),
        ),
        natural_key=("assessment_id", "question_id"),
        deletable=True,
    ),
    Kind(
        "inventory_link",
        InventoryLink,
        (
            Field("question_id", "node"),
            Field("balise_id", "node"),
            Field("author_id", "ref", ref="author"),
        ),
        natural_key=("question_id", "balise_id"),
        deletable=True,
    ),
    Kind(
        "inventory_stage",
        InventoryStage,
        (
            Field("territory_id", "ref", ref="territory"),
            Field("scenario_id", "node"),
            Field("since", "date"),
            Field("author_id", "ref", ref="author"),
        ),
        natural_key=("territory_id", "since"),
    ),
    Kind(
        "booklet_preset",
        BookletPreset,
        (Field("name", "name"), Field("definition_json", "preset")),
        natural_key=("name",),
    ),
)
"""In dependency order: a record's references point to kinds listed before it."""

BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
ORDER: dict[str, int] = {kind.name: position for position, kind in enumerate(KINDS)}
_FIELDS: dict[str, dict[str, Field]] = {k.name: {f.name: f for f in k.fields} for k in KINDS}
