"""The command line: headless subcommands over the core.

Each command group lives in its own module with a ``register(subparsers)`` function;
handlers receive the parsed arguments and an open :class:`Workspace`, print their
result (JSON with ``--json``) to standard output and raise :class:`UserError` for bad
input, which becomes a message on standard error and exit code 1.

A command imports only its own group: :data:`COMMAND_GROUPS` says which module
registers which command words, so ``note list`` never loads ReportLab or Whoosh. A new
group adds its module and its words there; ``--help`` (or a word nobody registers)
loads every group, so the full list is always shown.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Sequence
from importlib import import_module

from referentiel_desktop import PROG, __version__
from referentiel_desktop.cli.terminal import check_arguments, escaped_output
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _, set_language, system_language

COMMAND_GROUPS: dict[str, tuple[str, ...]] = {
    "referential_commands": ("list", "show", "referential"),
    "search_commands": ("search", "index"),
    "annotation_commands": ("note", "case"),
    "team_commands": ("territory", "author", "tag"),
    "exchange_commands": ("export", "import", "conflicts"),
    "sync_commands": ("sync",),
    "map_commands": ("map",),
    "booklet_commands": ("booklet",),
    "inventory_commands": ("inventory",),
    "maintenance_commands": ("backup", "restore", "doctor"),
}
"""Modules of this package that add subcommands (each has ``register(subparsers)``), in
the order ``--help`` lists them, with the command words each one registers."""


def groups_for(arguments: Sequence[str]) -> list[str]:
    """The command groups to load for ``arguments``: the one owning the command word, or
    all of them when there is none (help, a typo) so that argparse can list them."""
    if "--version" in arguments:
        return []  # argparse prints the version before any command is read
    command = _command_word(arguments)
    for module, words in COMMAND_GROUPS.items():
        if command in words:
            return [module]
    return list(COMMAND_GROUPS)


def _command_word(arguments: Sequence[str]) -> str | None:
    skip_next = False
    for argument in arguments:
        if skip_next:
            skip_next = False
        elif argument == "--data-dir":
            skip_next = True
        elif not argument.startswith("-"):
            return argument
        elif argument in ("-h", "--help"):
            return None
    return None


def build_parser(groups: Sequence[str] | None = None) -> argparse.ArgumentParser:
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
    parser.add_argument(
        "--debug", action="store_true", help=_("on an error, show the full traceback")
    )
    subparsers = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for group in COMMAND_GROUPS if groups is None else groups:
        import_module(f"{__name__}.{group}").register(subparsers)
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    """Run a subcommand; return the process exit code.

    Every error becomes one line on standard error and exit code 1 (``--debug`` adds
    the traceback); everything printed has its control characters written out.
    """
    set_language(system_language())
    arguments = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in arguments
    with escaped_output():
        try:
            check_arguments(arguments)
        except UserError as error:
            print(f"{PROG}: {error}", file=sys.stderr)
            return 1
        parser = build_parser(groups_for(arguments))
        args = parser.parse_args(arguments)
        handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
        if handler is None:
            parser.print_help()
            return 2
        try:
            return handler(args)
        except BrokenPipeError:
            return 0
        except KeyboardInterrupt:
            return 130
        except Exception as error:  # noqa: BLE001 - no traceback reaches a user
            from referentiel_desktop.failures import describe

            if debug:
                traceback.print_exc()
            message = describe(error)
            if not debug and not isinstance(error, UserError):
                message += " " + _("(run again with --debug for the details)")
            print(f"{PROG}: {message}", file=sys.stderr)
            return 1
