"""Entry point: no subcommand opens the window; a subcommand runs headless."""

from __future__ import annotations

import sys
from collections.abc import Sequence

BUNDLE_SUFFIX = ".rdbundle"  # exchange/bundle.py's SUFFIX, without importing the core


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if _asks_version_only(args):
        # What argparse's version action prints, without the parser and the catalogs
        # that every other command needs (a packager's script asks this often).
        from referentiel_desktop import PROG, __version__

        print(f"{PROG} {__version__}")
        return 0
    if not _has_subcommand(args):
        import gc

        # The window collects on its UI thread only (gui/common/collector.py): off from
        # here, before its modules load, not after them.
        gc.disable()
        from referentiel_desktop.gui.app import run_gui

        return int(run_gui(args))
    from referentiel_desktop.cli import collector, run

    collector.pause_for_the_start()  # until the workspace is open (cli/collector.py)

    return run(args)


def _asks_version_only(args: list[str]) -> bool:
    """``--version`` with at most a data folder (``--data-dir DIR``) and ``--debug``
    beside it, each once: argparse would print the version and stop, as here. Anything
    else (a command, help, an abbreviation) is left to argparse."""
    rest = list(args)
    if rest.count("--version") != 1:
        return False
    rest.remove("--version")
    if "--debug" in rest:
        rest.remove("--debug")
    if rest[:1] == ["--data-dir"] and len(rest) == 2 and not rest[1].startswith("-"):
        # A folder with a control character (or bytes not UTF-8) is refused, not passed
        # over: the command line's argument check says so (cli/terminal.py).
        rest = [] if rest[1].isprintable() else rest
    return not rest


def _has_subcommand(args: list[str]) -> bool:
    """True when the arguments name a command or ask for help/version."""
    skip_next = False
    for index, arg in enumerate(args):
        if skip_next:
            skip_next = False
            continue
        if arg in ("--data-dir", "--lang"):
            skip_next = True
            continue
        if arg.startswith(("--data-dir=", "--lang=", "--present=")):
            continue
        if arg == "--present":
            # what follows, unless an option, is the item to start on (the window's)
            following = args[index + 1] if index + 1 < len(args) else "-"
            skip_next = not following.startswith("-")
            continue
        if arg.lower().endswith(BUNDLE_SUFFIX) and not arg.startswith("-"):
            continue  # a bundle to preview (a double-click on it): the window opens it
        return True
    return False


if __name__ == "__main__":
    sys.exit(main())
