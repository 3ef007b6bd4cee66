"""Plain, frozen views of annotation records for the command line and the window."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from referentiel_desktop.store.models import Author, Case, Note, Territory
from referentiel_desktop.text import name_key


def _tags(tags: Any) -> tuple[str, ...]:
    return tuple(sorted((t.name for t in tags), key=name_key))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds").replace("+00:00", "Z") if value else None


@dataclass(frozen=True)
class AuthorView:
    id: str
    name: str
    initials: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TerritoryView:
    id: str
    name: str
    code: str
    description: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class NoteView:
    id: str
    target: str
    text: str
    visibility: str
    author: str
    tags: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    rev: str
    """The stored revision: an edit that started from it passes it as ``expected_rev``."""

    def to_json(self) -> dict[str, Any]:
        return _record_json(self)


@dataclass(frozen=True)
class CaseView:
    id: str
    title: str
    territory: str
    period: str
    actors: str
    text: str
    lessons: str
    balises: tuple[str, ...]
    author: str
    tags: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    rev: str

    def to_json(self) -> dict[str, Any]:
        return _record_json(self)


def _record_json(view: Any) -> dict[str, Any]:
    """JSON of a note or case: lists for tuples, ISO UTC text for times."""
    data = asdict(view)
    for key, value in data.items():
        if isinstance(value, tuple):
            data[key] = list(value)
        elif key.endswith("_at"):
            data[key] = _iso(value)
    return data


def author_view(author: Author) -> AuthorView:
    return AuthorView(author.id, author.name, author.initials)


def territory_view(territory: Territory) -> TerritoryView:
    return TerritoryView(territory.id, territory.name, territory.code, territory.description)


def note_view(note: Note) -> NoteView:
    return NoteView(
        id=note.id,
        target=note.target_id,
        text=note.text,
        visibility=note.visibility,
        author=note.author.name,
        tags=_tags(note.tags),
        created_at=note.created_at,
        updated_at=note.updated_at,
        deleted_at=note.deleted_at,
        rev=note.rev,
    )


def case_view(case: Case) -> CaseView:
    return CaseView(
        id=case.id,
        title=case.title,
        territory=case.territory.name,
        period=case.period,
        actors=case.actors,
        text=case.text,
        lessons=case.lessons,
        balises=tuple(n.id for n in case.balises),
        author=case.author.name,
        tags=_tags(case.tags),
        created_at=case.created_at,
        updated_at=case.updated_at,
        deleted_at=case.deleted_at,
        rev=case.rev,
    )
