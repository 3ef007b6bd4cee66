"""An edit that started from a revision the store has since moved past."""

from __future__ import annotations

from referentiel_desktop.annotations.views import CaseView, NoteView
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _


class EditConflict(UserError):
    """Raised, with nothing written, when an edit's ``expected_rev`` is not the stored one.

    ``stored`` is the record as it is now (changed by another window or process): the
    caller still holds its own text, so the user can keep either or both."""

    def __init__(self, kind: str, record_id: str, stored: NoteView | CaseView) -> None:
        self.kind = kind
        self.record_id = record_id
        self.stored = stored
        if kind == "note":
            message = _(
                "This note was changed elsewhere (another window or the command line) "
                "since this edit began. Nothing was saved."
            )
        else:
            message = _(
                "This case was changed elsewhere (another window or the command line) "
                "since this edit began. Nothing was saved."
            )
        super().__init__(message)
