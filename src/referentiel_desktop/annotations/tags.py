"""Free tags, shared by notes and cases; renaming one renames it everywhere."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.safe_text import clean
from referentiel_desktop.store.models import Case, CaseTag, Note, NoteTag, Tag, utcnow
from referentiel_desktop.text import fold, name_key
from referentiel_desktop.workspace import Workspace


def find_tag(session: Session, name: str) -> Tag | None:
    """The tag that ``name`` names, whatever its case, accents and ligatures."""
    return session.scalar(select(Tag).where(Tag.key == fold(clean(name))))


def ensure_tags(session: Session, names: Iterable[str]) -> list[Tag]:
    """The tags called ``names`` (created when new, as written), without duplicates or
    blanks: « Énergie » after « énergie » is the same tag."""
    tags: list[Tag] = []
    seen: set[str] = set()
    for raw in names:
        name = clean(raw)
        key = fold(name)
        if not name or key in seen:
            continue
        seen.add(key)
        tag = session.scalar(select(Tag).where(Tag.key == key))
        if tag is None:
            tag = Tag(name=name)
            session.add(tag)
            session.flush()
        tags.append(tag)
    return tags


def tags_by_record(
    session: Session, link: Any, key: Any, ids: list[str]
) -> dict[str, tuple[str, ...]]:
    """The tag names of each record in ``ids``, sorted as a reader expects."""
    found: dict[str, list[str]] = {}
    for start in range(0, len(ids), 900):  # SQLite caps the number of bound parameters
        chunk = ids[start : start + 900]
        query = select(key, Tag.name).join(Tag, Tag.id == link.tag_id).where(key.in_(chunk))
        for record_id, name in session.execute(query):
            found.setdefault(record_id, []).append(name)
    return {k: tuple(sorted(v, key=name_key)) for k, v in found.items()}


def list_tags(workspace: Workspace) -> list[tuple[str, int]]:
    """Every tag in use with the number of live notes and cases that carry it (a tag
    that no live note or case carries is not listed)."""
    with workspace.reading() as session:
        notes = dict(
            session.execute(
                select(NoteTag.tag_id, func.count())
                .join(Note, Note.id == NoteTag.note_id)
                .where(Note.deleted_at.is_(None))
                .group_by(NoteTag.tag_id)
            ).all()
        )
        cases = dict(
            session.execute(
                select(CaseTag.tag_id, func.count())
                .join(Case, Case.id == CaseTag.case_id)
                .where(Case.deleted_at.is_(None))
                .group_by(CaseTag.tag_id)
            ).all()
        )
        counted = [
            (tag.name, notes.get(tag.id, 0) + cases.get(tag.id, 0))
            for tag in session.scalars(select(Tag))
        ]
    return sorted(
        ((name, count) for name, count in counted if count), key=lambda item: name_key(item[0])
    )


TagSnapshot = tuple[dict[str, list[str]], dict[str, list[str]]]
"""The tags of some notes and of some cases, by record id."""


def rename_merges(workspace: Workspace, old: str, new: str) -> bool:
    """Whether renaming ``old`` to ``new`` merges it into another existing tag (rather
    than renaming it, as « energie » → « Énergie » does)."""
    with workspace.reading() as session:
        source, target = find_tag(session, old), find_tag(session, new)
        return target is not None and (source is None or source.id != target.id)


def tagged_with(workspace: Workspace, names: Iterable[str]) -> TagSnapshot:
    """Every note and case carrying one of ``names`` (deleted ones too), with all its
    tags: what ``set_tags`` puts back to undo a rename that merged two tags."""
    wanted = [fold(clean(n)) for n in names]
    with workspace.reading() as session:
        tag_ids = select(Tag.id).where(Tag.key.in_(wanted))
        note_ids = list(
            session.scalars(select(NoteTag.note_id).where(NoteTag.tag_id.in_(tag_ids)).distinct())
        )
        case_ids = list(
            session.scalars(select(CaseTag.case_id).where(CaseTag.tag_id.in_(tag_ids)).distinct())
        )
        notes = tags_by_record(session, NoteTag, NoteTag.note_id, note_ids)
        cases = tags_by_record(session, CaseTag, CaseTag.case_id, case_ids)
    return {k: list(v) for k, v in notes.items()}, {k: list(v) for k, v in cases.items()}


def set_tags(workspace: Workspace, snapshot: TagSnapshot) -> None:
    """Give each note and case of ``snapshot`` exactly those tags, in one transaction."""
    note_tags, case_tags = snapshot
    now = utcnow()
    with workspace.transaction() as session:
        for link, key, model, mapping in (
            (NoteTag, NoteTag.note_id, Note, note_tags),
            (CaseTag, CaseTag.case_id, Case, case_tags),
        ):
            for record_id, names in mapping.items():
                session.execute(delete(link).where(key == record_id))
                session.add_all(
                    link(**{key.key: record_id, "tag_id": tag.id})
                    for tag in ensure_tags(session, names)
                )
            if mapping:
                ids = list(mapping)
                session.execute(update(model).where(model.id.in_(ids)).values(updated_at=now))


def rename_tag(workspace: Workspace, old: str, new: str) -> int:
    """Rename ``old`` to ``new`` everywhere (merging into ``new`` if it exists).

    Returns how many notes and cases were touched; their ``updated_at`` moves so that
    the search index and the team exchange see the change."""
    old, new = clean(old), clean(new)
    if not new:
        raise UserError(_("A tag needs a name."))
    with workspace.transaction() as session:
        tag = find_tag(session, old)
        if tag is None:
            raise UserError(_("No tag is called {name}.").format(name=old))
        note_ids = list(session.scalars(select(NoteTag.note_id).where(NoteTag.tag_id == tag.id)))
        case_ids = list(session.scalars(select(CaseTag.case_id).where(CaseTag.tag_id == tag.id)))
        target = find_tag(session, new)
        if target is None or target.id == tag.id:
            tag.name = new
        else:
            for link, key, ids in (
                (NoteTag, NoteTag.note_id, note_ids),
                (CaseTag, CaseTag.case_id, case_ids),
            ):
                already = set(
                    session.scalars(select(key).where(link.tag_id == target.id, key.in_(ids)))
                )
                session.execute(delete(link).where(link.tag_id == tag.id))
                session.add_all(
                    link(**{key.key: record_id, "tag_id": target.id})
                    for record_id in ids
                    if record_id not in already
                )
            session.flush()
            session.delete(tag)
        now = utcnow()
        if note_ids:
            session.execute(update(Note).where(Note.id.in_(note_ids)).values(updated_at=now))
        if case_ids:
            session.execute(update(Case).where(Case.id.in_(case_ids)).values(updated_at=now))
    return len(note_ids) + len(case_ids)
