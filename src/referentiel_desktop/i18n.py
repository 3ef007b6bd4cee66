"""Interface translations over Babel's gettext catalogs.

Message ids are English; ``i18n/fr`` and ``i18n/en`` hold the catalogs. The active
language is process-wide state kept in one small object (not gettext installed into
builtins): ``set_language`` swaps it and everything that calls ``_`` afterwards speaks
the new language. Catalogs are compiled by ``scripts/i18n.py compile``; when a
compiled ``.mo`` is missing or older than its ``.po`` (a fresh checkout), the ``.po``
is compiled in memory so the source tree always runs.
"""

from __future__ import annotations

import gettext
import io
import os
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from referentiel_desktop.resources import i18n_dir

LANGUAGES: tuple[str, ...] = ("fr", "en")
DOMAIN = "messages"


class _Active:
    language: str = "en"
    translations: gettext.NullTranslations = gettext.NullTranslations()


_active = _Active()
_listeners: list[Callable[[str], None]] = []


def system_language() -> str:
    """The supported language closest to the system locale (``fr`` or ``en``)."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value and value not in ("C", "POSIX"):
            code = value.split(":")[0][:2].lower()
            return "fr" if code == "fr" else "en"
    import locale  # only when no variable says it (a window that has a language set never asks)

    try:
        code = (locale.getlocale()[0] or "")[:2].lower()
    except ValueError:
        code = ""
    return "fr" if code == "fr" else "en"


def _catalog_bytes(folder: Path) -> bytes | None:
    mo = folder / f"{DOMAIN}.mo"
    po = folder / f"{DOMAIN}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        return mo.read_bytes()
    if not po.exists():
        return None
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def load_translations(language: str) -> gettext.NullTranslations:
    """Load the catalog of ``language``; an unknown language gets the English ids."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; choose one of {', '.join(LANGUAGES)}")
    try:
        data = _catalog_bytes(i18n_dir() / language / "LC_MESSAGES")
    except FileNotFoundError:
        data = None
    if data is None:
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(data))


def set_language(language: str) -> None:
    """Make ``language`` the active one and tell the listeners."""
    _active.translations = load_translations(language)
    _active.language = language
    for listener in list(_listeners):
        listener(language)


def current_language() -> str:
    return _active.language


def on_language_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    return _active.translations.gettext(message)


_catalogs: dict[str, gettext.NullTranslations] = {}


def translate(message: str, language: str) -> str:
    """``message`` in ``language`` whatever the interface speaks: the French column of
    a side-by-side view says « Balise » even in an English window."""
    if language == _active.language:
        return _active.translations.gettext(message)
    if language not in _catalogs:
        _catalogs[language] = load_translations(language)
    return _catalogs[language].gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where shown, with ``_``."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.translations.ngettext(singular, plural, n)


def format_day(day: date, language: str | None = None) -> str:
    """A day as the language writes it, the one way every reader sees it: Babel's medium
    date, « 2 déc. 2026 », "Dec 2, 2026" (CLDR data: no hand-made formats)."""
    from babel.dates import format_date

    return str(format_date(day, format="medium", locale=language or _active.language))


def date_edit_format(language: str | None = None) -> str:
    """The same medium date as a Qt display format (``QDateEdit.setDisplayFormat``):
    ``d MMM yyyy`` in French, ``MMM d, yyyy`` in English. Qt writes the month's name
    from the widget's locale, which the window sets to the interface language."""
    from babel.dates import get_date_format

    pattern = get_date_format("medium", locale=language or _active.language).pattern
    # CLDR's lone « y » is the full year; Qt's « y » would be two digits.
    return re.sub(r"(?<!y)y(?!y)", "yyyy", pattern)


def format_when(moment: datetime, *, with_time: bool = True, language: str | None = None) -> str:
    """A moment in local time, as the language writes it: « 28 nov. 2026 05:08 »,
    "Nov 28, 2026 5:08 AM" (the day by :func:`format_day`)."""
    from babel.dates import format_time

    local = moment.astimezone()
    locale_name = language or _active.language
    day = format_day(local.date(), locale_name)
    if not with_time:
        return day
    return f"{day} {format_time(local, 'short', locale=locale_name)}"
