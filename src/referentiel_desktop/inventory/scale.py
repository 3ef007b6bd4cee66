"""The positions a question can take, how they read, and how dates are written.

The scale is short on purpose: a team states whether what a question asks about is
not there yet, emerging or established, or says it does not know (``unknown`` is an
answer, distinct from a question not answered at all, whose position is ``None``).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from referentiel_desktop import i18n
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import N_, _, current_language, translate

POSITIONS: tuple[str, ...] = ("not-yet", "emerging", "established", "unknown")
"""Position ids, in the order a reader goes through them."""

ORDERED: tuple[str, ...] = ("not-yet", "emerging", "established")
"""The positions that rank: moving along them is progress (or a step back)."""

_LABELS = {
    "not-yet": N_("Not yet"),
    "emerging": N_("Emerging"),
    "established": N_("Established"),
    "unknown": N_("Don't know"),
}
_DESCRIPTIONS = {
    "not-yet": N_("Nothing of the kind exists in the territory yet."),
    "emerging": N_("First signs: initiatives, people or places begin it."),
    "established": N_("It is there and it lasts: a habit, an institution, a policy."),
    "unknown": N_("The team does not know yet: something to find out."),
}
UNANSWERED_LABEL = N_("Not answered")

COLORS = {
    "not-yet": "#c8553d",
    "emerging": "#e9b44c",
    "established": "#4c956c",
    "unknown": "#8d99ae",
    None: "#e5e5e5",
}
"""One colour per position (``None``: not answered), shared by the window's chart and
the booklet's, so that a reader recognises them from one to the other."""

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def position_label(position: str | None, language: str | None = None) -> str:
    """« Pas encore », "Emerging"…; ``None`` reads « Sans réponse » / "Not answered"."""
    label = _LABELS.get(position, UNANSWERED_LABEL) if position else UNANSWERED_LABEL
    return translate(label, language) if language else _(label)


def position_description(position: str, language: str | None = None) -> str:
    text = _DESCRIPTIONS[position]
    return translate(text, language) if language else _(text)


def require_position(value: str | None) -> str:
    position = (value or "").strip().lower()
    if position not in POSITIONS:
        message = _("Unknown position: {value}. Positions: {known}.")
        raise UserError(message.format(value=value, known=", ".join(POSITIONS)))
    return position


def movement(before: str | None, after: str | None) -> str:
    """``same``, ``forward`` or ``back`` along the ordered positions, else ``changed``
    (to or from ``unknown``, or answered for the first time)."""
    if before == after:
        return "same"
    if before in ORDERED and after in ORDERED:
        return "forward" if ORDERED.index(after) > ORDERED.index(before) else "back"
    return "changed"


def parse_day(value: str | date | None) -> date:
    """A day written ``YYYY-MM-DD``; today (local) when ``None``."""
    if value is None:
        return date.today()
    if isinstance(value, date):
        return value
    text = value.strip()
    if not _DAY.fullmatch(text):
        message = _("Dates are written YYYY-MM-DD, such as 2026-03-14 (got {value}).")
        raise UserError(message.format(value=value))
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(_("There is no such day: {value}.").format(value=text)) from None


def format_day(day: date, language: str | None = None) -> str:
    """« 14 mars 2026 », "Mar 14, 2026" (Babel's CLDR data)."""
    return _formatted_day(day, language or current_language())


@lru_cache(maxsize=1024)
def _formatted_day(day: date, language: str) -> str:
    # Babel takes about half a millisecond a date: a grid of ten years asks often.
    return i18n.format_day(day, language)
