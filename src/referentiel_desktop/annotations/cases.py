"""Cases: a team's local experiences, linked to one or more balises."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from referentiel_desktop.annotations.conflicts import EditConflict
from referentiel_desktop.annotations.people import ensure_author, ids_named, require_territory
from referentiel_desktop.annotations.tags import ensure_tags, tags_by_record
from referentiel_desktop.annotations.views import CaseView, case_view
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.referential.repository import known_node, require_node
from referentiel_desktop.safe_text import clean
from referentiel_desktop.store.models import (
    Author,
    Case,
    CaseBalise,
    CaseTag,
    Node,
    Tag,
    Territory,
    utcnow,
)
from referentiel_desktop.text import fold
from referentiel_desktop.workspace import Workspace

TEXT_FIELDS = ("period", "actors", "text", "lessons")


def _balises(session: Session, ids: Sequence[str]) -> list[Node]:
    wanted = list(dict.fromkeys(clean(i) for i in ids if clean(i)))
    if not wanted:
        raise UserError(_("A case is linked to at least one balise."))
    return [require_node(session, node_id) for node_id in wanted]


def _require_case(session: Session, case_id: str, *, deleted: bool = False) -> Case:
    case = session.get(Case, case_id)
    if case is None or (case.deleted_at is not None and not deleted):
        raise UserError(_("No case has the id {id}.").format(id=case_id))
    return case


def _title(value: str | None) -> str:
    title = clean(value)
    if not title:
        raise UserError(_("A case needs a title."))
    return title


def _published(workspace: Workspace, view: CaseView) -> CaseView:
    return view


def add_case(
    workspace: Workspace,
    title: str,
    territory: str,
    balises: Sequence[str],
    *,
    period: str = "",
    actors: str = "",
    text: str = "",
    lessons: str = "",
    tags: Sequence[str] = (),
    author: str | None = None,
) -> CaseView:
    with workspace.transaction() as session:
        case = Case(
            title=_title(title),
            territory_id=require_territory(session, territory).id,
            period=clean(period),
            actors=clean(actors),
            text=clean(text),
            lessons=clean(lessons),
            author_id=ensure_author(session, author).id,
        )
        case.balises = _balises(session, balises)
        case.tags = ensure_tags(session, tags)
        session.add(case)
        session.flush()
        view = case_view(case)
    return _published(workspace, view)


def edit_case(
    workspace: Workspace,
    case_id: str,
    *,
    title: str | None = None,
    territory: str | None = None,
    balises: Sequence[str] | None = None,
    tags: Sequence[str] | None = None,
    expected_rev: str | None = None,
    **texts: str | None,
) -> CaseView:
    """Change what is given (``period``, ``actors``, ``text``, ``lessons`` by keyword).

    ``expected_rev``: the revision the edit started from; when the stored case has
    moved on, nothing is written and :class:`EditConflict` carries the stored case."""
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown case fields: {sorted(unknown)}")
    with workspace.transaction() as session:
        case = _require_case(session, case_id)
        if expected_rev is not None and case.rev != expected_rev:
            raise EditConflict("case", case_id, case_view(case))
        if title is not None:
            case.title = _title(title)
        if territory is not None:
            case.territory = require_territory(session, territory)
        if balises is not None:
            case.balises = _balises(session, balises)
        if tags is not None:
            case.tags = ensure_tags(session, tags)
        for name, value in texts.items():
            if value is not None:
                setattr(case, name, clean(value))
        case.updated_at = utcnow()
        session.flush()
        view = case_view(case)
    return _published(workspace, view)


def delete_case(workspace: Workspace, case_id: str) -> CaseView:
    with workspace.transaction() as session:
        case = _require_case(session, case_id)
        case.deleted_at = case.updated_at = utcnow()
        session.flush()  # the view shows the revision this write gets
        view = case_view(case)
    return _published(workspace, view)


def restore_case(workspace: Workspace, case_id: str) -> CaseView:
    with workspace.transaction() as session:
        case = _require_case(session, case_id, deleted=True)
        case.deleted_at = None
        case.updated_at = utcnow()
        session.flush()
        view = case_view(case)
    return _published(workspace, view)


def get_case(workspace: Workspace, case_id: str) -> CaseView:
    with workspace.reading() as session:
        return case_view(_require_case(session, case_id, deleted=True))


def list_cases(
    workspace: Workspace,
    *,
    territory: str | None = None,
    balise: str | None = None,
    tag: str | None = None,
    author: str | None = None,
) -> list[CaseView]:
    """Live cases, newest first, filtered when asked (plain selects: the Cases view
    lists thousands). Names match whatever their case and accents; an unknown
    territory or balise is an error."""
    query = (
        select(
            Case.id,
            Case.title,
            Territory.name,
            Case.period,
            Case.actors,
            Case.text,
            Case.lessons,
            Author.name,
            Case.created_at,
            Case.updated_at,
            Case.deleted_at,
            Case.rev,
        )
        .join(Territory, Territory.id == Case.territory_id)
        .join(Author, Author.id == Case.author_id)
        .where(Case.deleted_at.is_(None))
        .order_by(Case.created_at.desc())
    )
    if tag:
        query = query.where(
            Case.id.in_(
                select(CaseTag.case_id)
                .join(Tag, Tag.id == CaseTag.tag_id)
                .where(Tag.key == fold(clean(tag)))
            )
        )
    with workspace.reading() as session:
        if territory:
            query = query.where(Case.territory_id == require_territory(session, territory).id)
        if author:
            query = query.where(Author.id.in_(ids_named(session, Author, author)))
        if balise:
            node_id = known_node(session, clean(balise)).id
            query = query.where(
                Case.id.in_(select(CaseBalise.case_id).where(CaseBalise.node_id == node_id))
            )
        rows = session.execute(query).all()
        ids = [r[0] for r in rows]
        tags = tags_by_record(session, CaseTag, CaseTag.case_id, ids)
        linked: dict[str, list[str]] = {}
        links = (
            select(CaseBalise.case_id, CaseBalise.node_id)
            .join(Node, Node.id == CaseBalise.node_id)
            .order_by(Node.position)
        )
        wanted = set(ids)
        for case_id, node_id in session.execute(links):
            if case_id in wanted:
                linked.setdefault(case_id, []).append(node_id)
    return [
        CaseView(
            *row[:7],
            balises=tuple(linked.get(row[0], ())),
            author=row[7],
            tags=tags.get(row[0], ()),
            created_at=row[8],
            updated_at=row[9],
            deleted_at=row[10],
            rev=row[11],
        )
        for row in rows
    ]
