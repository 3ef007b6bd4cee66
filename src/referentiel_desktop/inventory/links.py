"""Which balises the team thinks each question bears on: the inventory leads into the
referential, and a balise's page lists the questions linked to it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from referentiel_desktop.annotations.people import ensure_author
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.inventory.answers import question_list, require_question
from referentiel_desktop.inventory.views import Link, Question
from referentiel_desktop.referential.repository import require_node
from referentiel_desktop.safe_text import clean
from referentiel_desktop.store.models import InventoryLink, Node, utcnow
from referentiel_desktop.workspace import Workspace


def _require_balise(session: Session, balise_id: str) -> Node:
    node = require_node(session, clean(balise_id))
    if node.kind != "balise":
        message = _("{id} is not a balise: questions are linked to balises (such as {example}).")
        raise UserError(message.format(id=node.id, example="engagement.b3"))
    return node


def _view(row: InventoryLink) -> Link:
    return Link(row.id, row.question_id, row.balise_id, row.author.name, row.created_at)


def _pair(session: Session, question_id: str, balise_id: str) -> InventoryLink | None:
    return session.scalar(
        select(InventoryLink).where(
            InventoryLink.question_id == question_id, InventoryLink.balise_id == balise_id
        )
    )


def link(workspace: Workspace, question: str, balise: str, *, author: str | None = None) -> Link:
    """Link ``question`` to ``balise`` (linking twice changes nothing)."""
    with workspace.transaction() as session:
        node = require_question(session, question)
        target = _require_balise(session, balise)
        row = _pair(session, node.id, target.id)
        if row is None:
            row = InventoryLink(
                question_id=node.id, balise_id=target.id,
                author_id=ensure_author(session, author).id,
            )  # fmt: skip
            session.add(row)
        elif row.deleted_at is not None:
            row.deleted_at = None
            row.updated_at = utcnow()
        session.flush()
        view = _view(row)
    return view


def unlink(workspace: Workspace, question: str, balise: str) -> None:
    with workspace.transaction() as session:
        node = require_question(session, question)
        target = _require_balise(session, balise)
        row = _pair(session, node.id, target.id)
        if row is None or row.deleted_at is not None:
            message = _("{question} is not linked to {balise}.")
            raise UserError(message.format(question=node.id, balise=target.id))
        row.deleted_at = row.updated_at = utcnow()


def links(
    workspace: Workspace, *, question: str | None = None, balise: str | None = None
) -> list[Link]:
    """Live links, in the questions' then the balises' reading order."""
    with workspace.reading() as session:
        query = select(InventoryLink).where(InventoryLink.deleted_at.is_(None))
        if question is not None:
            query = query.where(InventoryLink.question_id == require_question(session, question).id)
        if balise is not None:
            query = query.where(InventoryLink.balise_id == _require_balise(session, balise).id)
        rows = [_view(r) for r in session.scalars(query)]
        wanted = {r.question for r in rows} | {r.balise for r in rows}
        positions = select(Node.id, Node.position).where(Node.id.in_(wanted))
        order: dict[str, int] = {row.id: row.position for row in session.execute(positions)}
    return sorted(rows, key=lambda r: (order.get(r.question, 0), order.get(r.balise, 0)))


def questions_linked_to(workspace: Workspace, balise: str) -> list[Question]:
    """The inventory questions linked to ``balise``, in order: what a balise's page
    shows. An id that is not a balise (a chapter…) simply has none."""
    with workspace.reading() as session:
        linked = set(
            session.scalars(
                select(InventoryLink.question_id).where(
                    InventoryLink.balise_id == clean(balise), InventoryLink.deleted_at.is_(None)
                )
            )
        )
        return [q for q in question_list(session) if q.id in linked]
