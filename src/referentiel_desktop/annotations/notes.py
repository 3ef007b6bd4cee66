"""Notes: free text attached to one referential item, team or private."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from referentiel_desktop.annotations.conflicts import EditConflict
from referentiel_desktop.annotations.people import ensure_author, ids_named
from referentiel_desktop.annotations.tags import ensure_tags, tags_by_record
from referentiel_desktop.annotations.views import NoteView, note_view
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.referential.repository import known_node, require_node
from referentiel_desktop.safe_text import clean
from referentiel_desktop.store.models import Author, Note, NoteTag, Tag, utcnow
from referentiel_desktop.text import fold
from referentiel_desktop.workspace import Workspace

VISIBILITIES = ("team", "private")


def _require_text(text: str | None) -> str:
    value = clean(text)
    if not value:
        raise UserError(_("A note cannot be empty."))
    return value


def _require_note(session: Session, note_id: str, *, deleted: bool = False) -> Note:
    note = session.get(Note, note_id)
    if note is None or (note.deleted_at is not None and not deleted):
        raise UserError(_("No note has the id {id}.").format(id=note_id))
    return note


def _published(workspace: Workspace, view: NoteView) -> NoteView:
    return view


def add_note(
    workspace: Workspace,
    target: str,
    text: str,
    *,
    tags: Sequence[str] = (),
    author: str | None = None,
    private: bool = False,
) -> NoteView:
    body = _require_text(text)
    with workspace.transaction() as session:
        require_node(session, clean(target))
        note = Note(
            target_id=clean(target),
            text=body,
            visibility="private" if private else "team",
            author_id=ensure_author(session, author).id,
        )
        note.tags = ensure_tags(session, tags)
        session.add(note)
        session.flush()
        view = note_view(note)
    return _published(workspace, view)


def edit_note(
    workspace: Workspace,
    note_id: str,
    *,
    text: str | None = None,
    tags: Sequence[str] | None = None,
    visibility: str | None = None,
    expected_rev: str | None = None,
) -> NoteView:
    """Change what is given; ``tags`` replaces the note's tags when not ``None``.

    ``expected_rev``: the revision the edit started from. When the stored note has
    moved on (another window, the command line), nothing is written and
    :class:`EditConflict` carries the stored note, so that neither text is lost."""
    if visibility is not None and visibility not in VISIBILITIES:
        raise UserError(_("Visibility is team or private."))
    with workspace.transaction() as session:
        note = _require_note(session, note_id)
        if expected_rev is not None and note.rev != expected_rev:
            raise EditConflict("note", note_id, note_view(note))
        if text is not None:
            note.text = _require_text(text)
        if tags is not None:
            note.tags = ensure_tags(session, tags)
        if visibility is not None:
            note.visibility = visibility
        note.updated_at = utcnow()
        session.flush()
        view = note_view(note)
    return _published(workspace, view)


def delete_note(workspace: Workspace, note_id: str) -> NoteView:
    """Mark the note deleted (kept for undo and the team exchange)."""
    with workspace.transaction() as session:
        note = _require_note(session, note_id)
        note.deleted_at = note.updated_at = utcnow()
        session.flush()  # the view shows the revision this write gets
        view = note_view(note)
    return _published(workspace, view)


def restore_note(workspace: Workspace, note_id: str) -> NoteView:
    with workspace.transaction() as session:
        note = _require_note(session, note_id, deleted=True)
        note.deleted_at = None
        note.updated_at = utcnow()
        session.flush()
        view = note_view(note)
    return _published(workspace, view)


def get_note(workspace: Workspace, note_id: str) -> NoteView:
    with workspace.reading() as session:
        return note_view(_require_note(session, note_id, deleted=True))


def list_notes(
    workspace: Workspace,
    *,
    target: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    include_private: bool = True,
) -> list[NoteView]:
    """Live notes, newest first, filtered by target, tag and author when given (tag
    and author whatever their case and accents; an unknown target is an error).

    Plain column selects rather than ORM objects: a balise page lists hundreds."""
    query = (
        select(
            Note.id,
            Note.target_id,
            Note.text,
            Note.visibility,
            Author.name,
            Note.created_at,
            Note.updated_at,
            Note.deleted_at,
            Note.rev,
        )
        .join(Author, Author.id == Note.author_id)
        .where(Note.deleted_at.is_(None))
        .order_by(Note.created_at.desc())
    )
    if tag:
        query = query.where(
            Note.id.in_(
                select(NoteTag.note_id)
                .join(Tag, Tag.id == NoteTag.tag_id)
                .where(Tag.key == fold(clean(tag)))
            )
        )
    if not include_private:
        query = query.where(Note.visibility == "team")
    with workspace.reading() as session:
        if target:
            query = query.where(Note.target_id == known_node(session, clean(target)).id)
        if author:
            query = query.where(Author.id.in_(ids_named(session, Author, author)))
        rows = session.execute(query).all()
        tags = tags_by_record(session, NoteTag, NoteTag.note_id, [r[0] for r in rows])
    return [
        NoteView(row[0], row[1], row[2], row[3], row[4], tags.get(row[0], ()), *row[5:])
        for row in rows
    ]
