"""Every failure put in plain words, for one line on the command line or a message box.

What the user can act on is said as such (the disk is full, the folder is read-only,
the data is busy, the file is damaged); anything else is named briefly, with where to
look for more, and never as a traceback.
"""

from __future__ import annotations

import errno
import sqlite3

from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _


def _sqlite_error(error: BaseException) -> BaseException:
    # SQLAlchemy wraps the driver's error in .orig.
    return getattr(error, "orig", None) or error


def describe(error: BaseException) -> str:
    """One or a few lines telling what went wrong, and what to do if anything."""
    if isinstance(error, UserError):
        return str(error)
    cause = _sqlite_error(error)
    text = str(cause)
    if isinstance(cause, OSError) and cause.errno == errno.ENOSPC or "disk is full" in text:
        return _("The disk is full: nothing was saved. Free some space, then try again.")
    if isinstance(cause, OSError) and cause.errno == errno.EROFS or "readonly database" in text:
        return _("The data folder is read-only: nothing was saved.")
    if "database is locked" in text:
        return _("The data is busy in another window or command: try again in a moment.")
    if isinstance(cause, sqlite3.DatabaseError) and (
        "malformed" in text or "not a database" in text
    ):
        return _(
            "The data file is damaged ({reason}). Run `doctor`; `backup list` shows the "
            "backups that `restore` can put back."
        ).format(reason=text)
    if isinstance(cause, OSError):
        where = f"{cause.filename}: " if cause.filename else ""
        return f"{where}{cause.strerror or cause}"
    return _("Unexpected error ({kind}: {reason}).").format(kind=type(error).__name__, reason=text)
