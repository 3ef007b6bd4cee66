"""Assessments and their answers: a territory's inventory on given days."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from referentiel_desktop.annotations.people import ensure_author
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.inventory.places import require_territory
from referentiel_desktop.inventory.scale import parse_day, require_position
from referentiel_desktop.inventory.views import Answer, Assessment, Question
from referentiel_desktop.safe_text import clean
from referentiel_desktop.store.models import (
    Author,
    InventoryAnswer,
    InventoryAssessment,
    Node,
    Territory,
    utcnow,
)
from referentiel_desktop.workspace import Workspace


def _number(node: Node) -> int:
    return int(node.number) if node.number.isdigit() else node.position


def question_list(session: Session) -> list[Question]:
    """The inventory's questions in the referential's order."""
    query = (
        select(Node)
        .where(Node.kind == "question", Node.retired == 0)
        .order_by(Node.position, Node.id)
    )
    return [Question(n.id, _number(n), n.title_fr, n.title_en) for n in session.scalars(query)]


def questions(workspace: Workspace) -> list[Question]:
    with workspace.reading() as session:
        return question_list(session)


def require_question(session: Session, question_id: str) -> Node:
    wanted = clean(question_id)
    node = session.get(Node, wanted)
    if node is None or node.kind != "question" or node.retired:
        message = _("Unknown question: {id}. Questions are inventory.q1 to inventory.q{last}.")
        raise UserError(message.format(id=wanted, last=len(question_list(session))))
    return node


def _find(session: Session, territory: Territory, day: date) -> InventoryAssessment | None:
    return session.scalar(
        select(InventoryAssessment).where(
            InventoryAssessment.territory_id == territory.id,
            InventoryAssessment.date == day.isoformat(),
        )
    )


def _live_dates(session: Session, territory: Territory) -> list[str]:
    query = (
        select(InventoryAssessment.date)
        .where(
            InventoryAssessment.territory_id == territory.id,
            InventoryAssessment.deleted_at.is_(None),
        )
        .order_by(InventoryAssessment.date)
    )
    return list(session.scalars(query))


def _no_such_day(session: Session, territory: Territory, day: date) -> UserError:
    known = _live_dates(session, territory)
    message = _("{territory} has no assessment dated {date}.").format(
        territory=territory.name, date=day.isoformat()
    )
    if known:
        message += " " + _("Its assessments: {dates}.").format(dates=", ".join(known))
    return UserError(message)


def _require(session: Session, territory: Territory, day: date) -> InventoryAssessment:
    found = _find(session, territory, day)
    if found is None or found.deleted_at is not None:
        raise _no_such_day(session, territory, day)
    return found


def _open(
    session: Session, territory: Territory, day: date, author: str | None
) -> tuple[InventoryAssessment, bool]:
    """The assessment of that day, created (or brought back) if needed; True if new."""
    found = _find(session, territory, day)
    if found is None:
        found = InventoryAssessment(
            territory_id=territory.id,
            date=day.isoformat(),
            author_id=ensure_author(session, author).id,
        )
        session.add(found)
        session.flush()
        return found, True
    if found.deleted_at is not None:
        found.deleted_at = None
        found.updated_at = utcnow()
        return found, True
    return found, False


def _answers(session: Session, assessment: InventoryAssessment) -> dict[str, InventoryAnswer]:
    query = select(InventoryAnswer).where(
        InventoryAnswer.assessment_id == assessment.id, InventoryAnswer.deleted_at.is_(None)
    )
    return {a.question_id: a for a in session.scalars(query)}


def _views(session: Session, rows: list[InventoryAssessment]) -> list[Assessment]:
    """Views of ``rows`` with every question in order: one query for all their answers
    (a territory assessed for ten years opens at once)."""
    questions = question_list(session)
    stored: dict[str, dict[str, Answer]] = {row.id: {} for row in rows}
    by_id = {q.id: q for q in questions}
    query = (
        select(
            InventoryAnswer.assessment_id,
            InventoryAnswer.question_id,
            InventoryAnswer.position,
            InventoryAnswer.text,
            InventoryAnswer.evidence,
            Author.name,
            InventoryAnswer.updated_at,
            InventoryAnswer.id,
            InventoryAnswer.rev,
        )
        .join(Author, Author.id == InventoryAnswer.author_id)
        .where(
            InventoryAnswer.assessment_id.in_(list(stored)),
            InventoryAnswer.deleted_at.is_(None),
        )
    )
    for row in session.execute(query):
        question = by_id.get(row.question_id)
        if question is not None:  # a question a newer edition retired is not shown
            stored[row.assessment_id][row.question_id] = Answer(
                question, row.position, row.text, row.evidence, row.name, row.updated_at,
                row.id, row.rev,
            )  # fmt: skip
    return [
        Assessment(
            row.id,
            row.territory.name,
            date.fromisoformat(row.date),
            row.author.name,
            tuple(stored[row.id].get(q.id) or Answer(q, None) for q in questions),
        )
        for row in rows
    ]


def _assessment(session: Session, assessment: InventoryAssessment) -> Assessment:
    return _views(session, [assessment])[0]


def start_assessment(
    workspace: Workspace,
    territory: str,
    day: str | date | None = None,
    *,
    copy_previous: bool = False,
    author: str | None = None,
) -> Assessment:
    """A new assessment of ``territory`` on ``day`` (today by default).

    With ``copy_previous``, it starts from the latest earlier assessment's answers, so
    that the team only moves what changed. A day already assessed is refused."""
    when = parse_day(day)
    with workspace.transaction() as session:
        place = require_territory(session, territory)
        existing = _find(session, place, when)
        if existing is not None and existing.deleted_at is None:
            message = _("{territory} already has an assessment dated {date}.")
            raise UserError(message.format(territory=place.name, date=when.isoformat()))
        assessment, _new = _open(session, place, when, author)
        if copy_previous:
            earlier = [d for d in _live_dates(session, place) if d < when.isoformat()]
            if earlier:
                source = _require(session, place, date.fromisoformat(earlier[-1]))
                mine = _answers(session, assessment)
                signer = ensure_author(session, author).id
                for question_id, old in _answers(session, source).items():
                    _write(session, assessment, mine.get(question_id), question_id,
                           old.position, old.text, old.evidence, signer)  # fmt: skip
        session.flush()
        view = _assessment(session, assessment)
    return view


def _write(
    session: Session,
    assessment: InventoryAssessment,
    row: InventoryAnswer | None,
    question_id: str,
    position: str,
    text: str,
    evidence: str,
    author_id: str,
) -> InventoryAnswer:
    if row is None:
        row = session.scalar(
            select(InventoryAnswer).where(
                InventoryAnswer.assessment_id == assessment.id,
                InventoryAnswer.question_id == question_id,
            )
        )  # a deleted answer comes back rather than colliding with the unique index
    if row is None:
        row = InventoryAnswer(assessment_id=assessment.id, question_id=question_id)
        session.add(row)
    row.position, row.text, row.evidence = position, text, evidence
    row.author_id = author_id
    row.deleted_at = None
    row.updated_at = utcnow()
    assessment.updated_at = row.updated_at
    session.flush()
    return row


def set_answer(
    workspace: Workspace,
    territory: str,
    question: str,
    position: str | None = None,
    *,
    text: str | None = None,
    evidence: str | None = None,
    day: str | date | None = None,
    author: str | None = None,
) -> Answer:
    """Answer ``question`` in ``territory``'s assessment of ``day`` (today by default;
    created when missing). What is ``None`` keeps its stored value; a question answered
    for the first time without a position is ``unknown``."""
    when = parse_day(day)
    chosen = require_position(position) if position is not None else None
    with workspace.transaction() as session:
        place = require_territory(session, territory)
        node = require_question(session, question)
        assessment, _new = _open(session, place, when, author)
        row = _answers(session, assessment).get(node.id)
        row = _write(
            session,
            assessment,
            row,
            node.id,
            chosen or (row.position if row else "unknown"),
            clean(text) if text is not None else (row.text if row else ""),
            clean(evidence) if evidence is not None else (row.evidence if row else ""),
            ensure_author(session, author).id,
        )
        view = _assessment(session, assessment).answer(node.id)
    return view


def clear_answer(workspace: Workspace, territory: str, question: str, day: str | date) -> Answer:
    """Take back an answer (a deletion marker): the question reads unanswered again."""
    when = parse_day(day)
    with workspace.transaction() as session:
        place = require_territory(session, territory)
        node = require_question(session, question)
        assessment = _require(session, place, when)
        row = _answers(session, assessment).get(node.id)
        if row is not None:
            row.deleted_at = row.updated_at = utcnow()
        session.flush()
        view = _assessment(session, assessment).answer(node.id)
    return view


def assessment_dates(workspace: Workspace, territory: str) -> list[date]:
    """The days ``territory`` was assessed, oldest first."""
    with workspace.reading() as session:
        place = require_territory(session, territory)
        return [date.fromisoformat(d) for d in _live_dates(session, place)]


def get_assessment(
    workspace: Workspace, territory: str, day: str | date | None = None
) -> Assessment | None:
    """The assessment of ``day``, or the latest when ``day`` is ``None`` (``None`` if the
    territory was never assessed). An unknown day is refused with the known ones."""
    with workspace.reading() as session:
        place = require_territory(session, territory)
        if day is None:
            known = _live_dates(session, place)
            if not known:
                return None
            day = known[-1]
        return _assessment(session, _require(session, place, parse_day(day)))


def assessments(workspace: Workspace, territory: str) -> list[Assessment]:
    """Every assessment of ``territory``, oldest first (for the booklet and the exchange)."""
    with workspace.reading() as session:
        place = require_territory(session, territory)
        query = (
            select(InventoryAssessment)
            .where(
                InventoryAssessment.territory_id == place.id,
                InventoryAssessment.deleted_at.is_(None),
            )
            .order_by(InventoryAssessment.date)
        )
        return _views(session, list(session.scalars(query)))


def delete_assessment(workspace: Workspace, territory: str, day: str | date) -> None:
    """Mark the assessment deleted (its answers stay, for undo and the exchange)."""
    when = parse_day(day)
    with workspace.transaction() as session:
        assessment = _require(session, require_territory(session, territory), when)
        assessment.deleted_at = assessment.updated_at = utcnow()


def restore_assessment(workspace: Workspace, territory: str, day: str | date) -> Assessment:
    when = parse_day(day)
    with workspace.transaction() as session:
        place = require_territory(session, territory)
        found = _find(session, place, when)
        if found is None:
            raise _no_such_day(session, place, when)
        found.deleted_at = None
        found.updated_at = utcnow()
        session.flush()
        view = _assessment(session, found)
    return view
