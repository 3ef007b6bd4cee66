"""Plain, frozen records of the inventory: what the command line prints, the window
shows, the booklet prints and the team exchange carries. No Qt, no ReportLab."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Question:
    id: str  # inventory.qN
    number: int
    title_fr: str
    title_en: str

    def title(self, language: str) -> str:
        return self.title_fr if language == "fr" else self.title_en


@dataclass(frozen=True)
class Answer:
    """A question in an assessment; ``position`` is ``None`` while it is not answered."""

    question: Question
    position: str | None
    text: str = ""
    evidence: str = ""
    author: str | None = None
    updated_at: datetime | None = None
    id: str | None = None
    rev: str | None = None  # the answer's revision, for the team exchange

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question.id,
            "number": self.question.number,
            "title": {"fr": self.question.title_fr, "en": self.question.title_en},
            "position": self.position,
            "text": self.text,
            "evidence": self.evidence,
            "author": self.author,
            "updated_at": _iso(self.updated_at),
            "id": self.id,
            "rev": self.rev,
        }


@dataclass(frozen=True)
class Assessment:
    """A territory's inventory on one day: every question, answered or not, in order."""

    id: str
    territory: str
    date: date
    author: str
    answers: tuple[Answer, ...]

    def answer(self, question_id: str) -> Answer:
        return next(a for a in self.answers if a.question.id == question_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "territory": self.territory,
            "date": self.date.isoformat(),
            "author": self.author,
            "answers": [a.to_json() for a in self.answers],
        }


@dataclass(frozen=True)
class QuestionChange:
    """One question between two assessments; ``movement`` is ``same``, ``forward``,
    ``back`` or ``changed`` (see :func:`.scale.movement`)."""

    question: Question
    before: Answer
    after: Answer
    movement: str

    @property
    def moved(self) -> bool:
        return self.movement != "same"

    @property
    def text_changed(self) -> bool:
        return (self.before.text, self.before.evidence) != (self.after.text, self.after.evidence)

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question.id,
            "number": self.question.number,
            "before": self.before.position,
            "after": self.after.position,
            "moved": self.moved,
            "movement": self.movement,
            "text_changed": self.text_changed,
            "before_text": self.before.text,
            "after_text": self.after.text,
            "before_evidence": self.before.evidence,
            "after_evidence": self.after.evidence,
        }


@dataclass(frozen=True)
class Comparison:
    territory: str
    before: date
    after: date
    changes: tuple[QuestionChange, ...]

    @property
    def moved(self) -> tuple[str, ...]:
        return tuple(c.question.id for c in self.changes if c.moved)

    def to_json(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for change in self.changes:
            counts[change.movement] = counts.get(change.movement, 0) + 1
        return {
            "territory": self.territory,
            "before": self.before.isoformat(),
            "after": self.after.isoformat(),
            "moved": list(self.moved),
            "movements": counts,
            "questions": [c.to_json() for c in self.changes],
        }


@dataclass(frozen=True)
class Stage:
    """From ``since`` on, the territory stands at support scenario ``scenario``."""

    id: str
    territory: str
    scenario: str  # support.sN
    number: int
    title_fr: str
    title_en: str
    since: date
    author: str

    def title(self, language: str) -> str:
        return self.title_fr if language == "fr" else self.title_en

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["since"] = self.since.isoformat()
        return data


@dataclass(frozen=True)
class SupportPath:
    territory: str
    steps: tuple[Stage, ...]  # oldest first

    @property
    def current(self) -> Stage | None:
        return self.steps[-1] if self.steps else None

    def to_json(self) -> dict[str, Any]:
        current = self.current
        return {
            "territory": self.territory,
            "current": current.to_json() if current else None,
            "steps": [s.to_json() for s in self.steps],
        }


@dataclass(frozen=True)
class Link:
    """The team thinks ``question`` bears on ``balise``."""

    id: str
    question: str
    balise: str
    author: str
    created_at: datetime

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["created_at"] = _iso(self.created_at)
        return data


@dataclass(frozen=True)
class OverviewRow:
    question: Question
    positions: tuple[str | None, ...]  # one per assessment of the overview, oldest first

    @property
    def latest(self) -> str | None:
        return self.positions[-1] if self.positions else None


@dataclass(frozen=True)
class Overview:
    """A territory's inventory at a glance, for a grid and a chart: each question's
    position in each assessment, the counts per position, what moved since the one
    before the latest, and where the territory stands on the support path."""

    territory: str
    dates: tuple[date, ...]  # oldest first
    rows: tuple[OverviewRow, ...]
    counts: tuple[dict[str, int], ...]  # per date: position id (or "unanswered") → count
    moved: tuple[str, ...]  # question ids whose position moved in the latest assessment
    stage: Stage | None

    def to_json(self) -> dict[str, Any]:
        return {
            "territory": self.territory,
            "dates": [d.isoformat() for d in self.dates],
            "questions": [
                {"question": r.question.id, "positions": list(r.positions)} for r in self.rows
            ],
            "counts": [dict(c) for c in self.counts],
            "moved": list(self.moved),
            "stage": self.stage.to_json() if self.stage else None,
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds").replace("+00:00", "Z") if value else None
