"""Which indexed records a run of the change log touches.

The index follows the change log (see ``store/change_log.py``): notes and cases are
re-indexed by id; a tag, territory or author that changed re-indexes the notes and cases
that show it; a change to the referential itself asks for a rebuild.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from referentiel_desktop.changes import Change
from referentiel_desktop.store.models import Case, CaseTag, Note, NoteTag

ANY = "*"
"""A record id the log uses when a bulk write did not name its records."""
_FOLLOWED = {"note", "case", "tag", "territory", "author"}


@dataclass
class Reindex:
    notes: set[str] = field(default_factory=set)
    cases: set[str] = field(default_factory=set)
    rebuild: bool = False


def _chunks(ids: Iterable[str], size: int = 900) -> Iterable[list[str]]:
    wanted = sorted(ids)
    for start in range(0, len(wanted), size):  # SQLite caps bound parameters
        yield wanted[start : start + size]


def records_to_reindex(session: Session, changes: list[Change]) -> Reindex:
    todo = Reindex()
    for change in changes:
        ids = set(change.ids)
        if change.kind == "referential" or (change.kind in _FOLLOWED and ANY in ids):
            todo.rebuild = True
        elif change.kind == "note":
            todo.notes |= ids
        elif change.kind == "case":
            todo.cases |= ids
        elif change.kind == "tag":
            for chunk in _chunks(ids):
                tag_ids = [int(i) for i in chunk if i.isdigit()]
                notes = select(NoteTag.note_id).where(NoteTag.tag_id.in_(tag_ids))
                cases = select(CaseTag.case_id).where(CaseTag.tag_id.in_(tag_ids))
                todo.notes.update(session.scalars(notes))
                todo.cases.update(session.scalars(cases))
        elif change.kind == "territory":
            for chunk in _chunks(ids):
                todo.cases.update(
                    session.scalars(select(Case.id).where(Case.territory_id.in_(chunk)))
                )
        elif change.kind == "author":
            for chunk in _chunks(ids):
                todo.notes.update(session.scalars(select(Note.id).where(Note.author_id.in_(chunk))))
                todo.cases.update(session.scalars(select(Case.id).where(Case.author_id.in_(chunk))))
    return todo
