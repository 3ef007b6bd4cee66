"""Reading a territory's inventory over time: two assessments compared question by
question, and the overview (a grid, counts per position, what moved) that the window
charts with Qt and the booklet with ReportLab."""

from __future__ import annotations

from datetime import date

from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.inventory.answers import assessments, get_assessment, questions
from referentiel_desktop.inventory.path import support_path
from referentiel_desktop.inventory.scale import POSITIONS, movement, parse_day
from referentiel_desktop.inventory.views import (
    Assessment,
    Comparison,
    Overview,
    OverviewRow,
    QuestionChange,
    Stage,
)
from referentiel_desktop.workspace import Workspace

UNANSWERED = "unanswered"
"""The key that counts questions not answered, beside the position ids."""


def compare_assessments(before: Assessment, after: Assessment) -> Comparison:
    changes = tuple(
        QuestionChange(old.question, old, new, movement(old.position, new.position))
        for old, new in zip(before.answers, after.answers, strict=True)
    )
    return Comparison(before.territory, before.date, after.date, changes)


def compare(
    workspace: Workspace, territory: str, first: str | date, second: str | date
) -> Comparison:
    """``territory`` on day ``first`` against day ``second`` (given in either order: the
    earlier is "before"). Both days must have been assessed, and differ."""
    days = sorted({parse_day(first), parse_day(second)})
    if len(days) != 2:
        raise UserError(_("Compare two different dates."))
    before = get_assessment(workspace, territory, days[0])
    after = get_assessment(workspace, territory, days[1])
    assert before is not None and after is not None  # unknown days were refused
    return compare_assessments(before, after)


def count_positions(assessment: Assessment) -> dict[str, int]:
    counts = dict.fromkeys((*POSITIONS, UNANSWERED), 0)
    for answer in assessment.answers:
        counts[answer.position or UNANSWERED] += 1
    return counts


def overview(workspace: Workspace, territory: str) -> Overview:
    """Every assessment of ``territory`` side by side, oldest first."""
    found = assessments(workspace, territory)
    path = support_path(workspace, territory)
    if not found:
        rows = tuple(OverviewRow(q, ()) for q in questions(workspace))
        return Overview(path.territory, (), rows, (), (), path.current)
    return summarise(found, path.current)


def summarise(found: list[Assessment], stage: Stage | None) -> Overview:
    """The overview of assessments already read (at least one, oldest first)."""
    rows = tuple(
        OverviewRow(answer.question, tuple(a.answers[i].position for a in found))
        for i, answer in enumerate(found[0].answers)
    )
    moved: tuple[str, ...] = ()
    if len(found) > 1:
        moved = compare_assessments(found[-2], found[-1]).moved
    return Overview(
        found[-1].territory,
        tuple(a.date for a in found),
        rows,
        tuple(count_positions(a) for a in found),
        moved,
        stage,
    )
