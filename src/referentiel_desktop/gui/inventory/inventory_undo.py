"""Undoable inventory answers: Ctrl+Z puts back the position, answer and evidence a
question had before (or leaves it unanswered again), as it does for notes."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QUndoCommand

from referentiel_desktop.i18n import _
from referentiel_desktop.inventory import answers
from referentiel_desktop.inventory.views import Answer
from referentiel_desktop.workspace import Workspace

ANSWER_TEXT_ID = 1201


class AnswerCommand(QUndoCommand):
    """A write already made (the editor makes it first, so that a refused one is never
    pushed); consecutive text edits of the same answer merge into one step."""

    def __init__(
        self, workspace: Workspace, territory: str, day: date, before: Answer, after: Answer
    ) -> None:
        super().__init__(_("Answer an inventory question"))
        self.workspace, self.territory, self.day = workspace, territory, day
        self.before, self.after = before, after
        self._done = True

    def _key(self) -> tuple[str, str, date]:
        return self.territory, self.before.question.id, self.day

    def id(self) -> int:
        return ANSWER_TEXT_ID if self.before.position == self.after.position else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, AnswerCommand) or other._key() != self._key():
            return False
        self.after = other.after
        return True

    def _put(self, answer: Answer) -> None:
        question = answer.question.id
        if answer.position is None:
            answers.clear_answer(self.workspace, self.territory, question, self.day)
        else:
            answers.set_answer(
                self.workspace, self.territory, question, answer.position,
                text=answer.text, evidence=answer.evidence, day=self.day,
            )  # fmt: skip

    def redo(self) -> None:
        if self._done:  # the first time, the editor has written it already
            self._done = False
            return
        self._put(self.after)

    def undo(self) -> None:
        self._put(self.before)
