"""Date fields that write the day as the rest of the window does: the core's medium date
(:func:`referentiel_desktop.i18n.date_edit_format`), month names in the interface's
language."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDateEdit

from referentiel_desktop.i18n import current_language, date_edit_format


def show_medium_date(field: QDateEdit, language: str | None = None) -> None:
    """« 2 déc. 2026 » in French, "Dec 2, 2026" in English."""
    language = language or current_language()
    field.setLocale(QLocale(language))
    field.setDisplayFormat(date_edit_format(language))
