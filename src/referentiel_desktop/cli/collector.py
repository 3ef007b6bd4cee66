"""Python's cycle collector, paused while a command starts.

A command's start allocates the objects of every module it loads (SQLAlchemy's, our
tables and mappers, Whoosh's) and of the workspace's opening, and almost none of them
is garbage: the collector, run by allocation counts alone, scanned them again and again,
and once more at the interpreter's exit. Paused from the process's start until the
workspace is open (:func:`started`); what exists then is frozen — never scanned again,
it lives as long as the process — and the collector resumes for the command's own work,
so a long import or sync collects as usual. Only for the command-line process
(``__main__``): tests that call :func:`referentiel_desktop.cli.run` in their own process
never pause it, and :func:`started` then does nothing.
"""

from __future__ import annotations

import gc

_paused = False


def pause_for_the_start() -> None:
    """At the process's start, before the command's modules are loaded."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def started() -> None:
    """The command's modules are loaded and its workspace is open."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
