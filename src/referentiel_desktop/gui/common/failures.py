"""Failures the user must hear about: a write that did not happen, an exception nobody
caught. Each is said in plain words, and what is not the user's doing is also written,
with its traceback, to a log file in the user's log folder."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _

LOG_DIR_ENV = "REFERENTIEL_DESKTOP_LOG_DIR"
LOG_NAME = "referentiel-desktop.log"


def log_file() -> Path:
    import platformdirs  # only when something is logged: the window imports us at start-up

    folder = os.environ.get(LOG_DIR_ENV) or platformdirs.user_log_dir("referentiel-desktop")
    return Path(folder).expanduser().absolute() / LOG_NAME


def log_exception(error: BaseException) -> Path | None:
    """Append the error and its traceback to the log; None if the log cannot be written
    (a full disk must not turn one failure into two)."""
    path = log_file()
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Appended, not replaced: a log grows by whole lines, and losing its tail on a
        # crash loses nothing of the user's (atomic_output is for the user's files).
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {stamp}\n{''.join(lines)}")
    except OSError:
        return None
    return path


def is_locked(error: BaseException) -> bool:
    """Another process holds the database's write lock (SQLite gave up waiting)."""
    from referentiel_desktop.workspace import StoreBusyError

    text = str(error).lower()
    return isinstance(error, StoreBusyError) or "database is locked" in text or "is busy" in text


def describe_failed_write(error: BaseException) -> str:
    """What to tell the user when a save did not happen (their text stays where it is)."""
    if is_locked(error):
        return _(
            "Not saved: another window or the command line is writing to the data right "
            "now. What you typed is kept here; retry in a moment."
        )
    if isinstance(error, UserError):
        return _("Not saved: {reason}").format(reason=error)
    where = log_exception(error)
    return _("Not saved: {reason}. What you typed is kept here. Details are in {log}.").format(
        reason=error, log=where or _("no log file (it could not be written)")
    )


def describe_uncaught(error: BaseException) -> str:
    where = log_exception(error)
    return _("Something went wrong: {reason}. Details are in {log}.").format(
        reason=str(error) or type(error).__name__,
        log=where or _("no log file (it could not be written)"),
    )


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def install_excepthook(report: Callable[[str], None]) -> Callable[[], None]:
    """Report every exception that reaches the top (a slot, an event handler, a timer):
    logged and shown through ``report``, then handed on to the previous hook, which
    prints it. Returns a function that puts the previous hook back."""
    previous: ExceptHook = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if error.__traceback__ is None:
            error.__traceback__ = tb
        try:
            report(describe_uncaught(error))
        except Exception as failure:  # noqa: BLE001 - printed below, not lost
            previous(type(failure), failure, failure.__traceback__)
        previous(kind, error, tb)

    sys.excepthook = hook

    def uninstall() -> None:
        if sys.excepthook is hook:
            sys.excepthook = previous

    return uninstall
