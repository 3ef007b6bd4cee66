"""The command line: headless subcommands over the core.

Each command group lives in its own module with a ``register(subparsers)`` function;
handlers receive the parsed arguments and an open :class:`Workspace`, print their
result (JSON with ``--json``) to standard output and raise :class:`UserError` for bad
input, which becomes a message on standard error and exit code 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from types import ModuleType

from referentiel_desktop import __version__
from referentiel_desktop.cli import (
    annotation_commands,
    exchange_commands,
    map_commands,
    referential_commands,
    search_commands,
    team_commands,
)
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _, set_language, system_language

PROG = "referentiel-desktop"

COMMAND_GROUPS: list[ModuleType] = [
    referential_commands,
    search_commands,
    annotation_commands,
    team_commands,
    exchange_commands,
    map_commands,
]
"""Modules that add subcommands; each has ``register(subparsers)``."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=_(
            "Référentiel Desktop: the referential of peer cities and pilot transition "
            "territories, offline. With no command, opens the window."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_("folder holding the database and the index (default: the user data folder)"),
    )
    subparsers = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for group in COMMAND_GROUPS:
        group.register(subparsers)
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    """Run a subcommand; return the process exit code."""
    set_language(system_language())
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return handler(args)
    except UserError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
