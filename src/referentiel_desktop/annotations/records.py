"""What notes and cases share in the core: revisioned records with tags, an author and
a deletion marker. Looking one up, the revision check of an edit, deleting (a marker,
kept for undo and the team exchange) and restoring are written here once; each kind
says its model, its view and how a missing one is named."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from referentiel_desktop.annotations.conflicts import EditConflict
from referentiel_desktop.annotations.views import CaseView, NoteView, case_view, note_view
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.store.models import Case, Note, utcnow
from referentiel_desktop.workspace import Workspace

Record = TypeVar("Record", Note, Case)
View = TypeVar("View", NoteView, CaseView)


@dataclass(frozen=True)
class Kind(Generic[Record, View]):
    name: str  # as the change log and EditConflict name it
    model: type[Record]
    view: Callable[[Record], View]
    missing: Callable[[], str]  # "No note has the id {id}.", in the interface language


def require(session: Session, kind: Kind[Record, View], record_id: str, *,
            deleted: bool = False) -> Record:  # fmt: skip
    """The record, live (or deleted too with ``deleted``); UserError when there is none."""
    record = session.get(kind.model, record_id)
    if record is None or (record.deleted_at is not None and not deleted):
        raise UserError(kind.missing().format(id=record_id))
    return record


def check_revision(kind: Kind[Record, View], record: Record, expected_rev: str | None) -> None:
    """An edit that started from an older revision writes nothing: EditConflict carries
    the stored record, so that neither text is lost."""
    if expected_rev is not None and record.rev != expected_rev:
        raise EditConflict(kind.name, record.id, kind.view(record))


def mark_deleted(workspace: Workspace, kind: Kind[Record, View], record_id: str) -> View:
    """Mark the record deleted (kept for undo and the team exchange)."""
    with workspace.transaction() as session:
        record = require(session, kind, record_id)
        record.deleted_at = record.updated_at = utcnow()
        session.flush()  # the view shows the revision this write gets
        return kind.view(record)


def restore(workspace: Workspace, kind: Kind[Record, View], record_id: str) -> View:
    """Take the deletion marker off (an undo, a teammate's version kept)."""
    with workspace.transaction() as session:
        record = require(session, kind, record_id, deleted=True)
        record.deleted_at = None
        record.updated_at = utcnow()
        session.flush()
        return kind.view(record)


def get(workspace: Workspace, kind: Kind[Record, View], record_id: str) -> View:
    with workspace.reading() as session:
        return kind.view(require(session, kind, record_id, deleted=True))


def _no_note() -> str:
    return _("No note has the id {id}.")


def _no_case() -> str:
    return _("No case has the id {id}.")


NOTE: Kind[Note, NoteView] = Kind("note", Note, note_view, _no_note)
CASE: Kind[Case, CaseView] = Kind("case", Case, case_view, _no_case)
