"""``sync``: the team's data through a shared folder or a CouchDB server.

``sync --folder DIR``, ``sync URL``, ``sync NAME`` (a saved remote) and
``sync remote add NAME URL`` / ``sync remote list`` / ``sync remote remove NAME``.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING, Any, Protocol

from referentiel_desktop.cli.output import open_workspace, print_json
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _

if TYPE_CHECKING:  # the command line imports the core only for the command run
    from referentiel_desktop.workspace import Workspace


def register(subparsers: Any) -> None:
    sync = subparsers.add_parser(
        "sync", help=_("synchronise the team's records through a shared folder or a server")
    )
    sync.add_argument(
        "words",
        nargs="*",
        metavar=_("URL|NAME"),
        help=_(
            "a CouchDB database's URL, a saved remote's name, or: remote add NAME URL, "
            "remote list, remote remove NAME"
        ),
    )
    sync.add_argument("--folder", metavar="DIR", help=_("sync through this shared folder"))
    sync.add_argument(
        "--insecure", action="store_true", help=_("allow plain http:// to another machine")
    )
    sync.add_argument("--json", action="store_true", help=_("print JSON"))
    sync.set_defaults(handler=sync_command)


def sync_command(args: argparse.Namespace) -> int:
    words: list[str] = list(args.words)
    if words[:1] == ["remote"]:
        return _remote(args, words[1:])
    if args.folder is not None:
        if words:
            raise UserError(_("Give either a shared folder or a server, not both."))
        return _folder(args)
    if len(words) != 1:
        raise UserError(_("Say where to sync: a URL, a saved remote's name, or --folder DIR."))
    return _server(args, words[0])


def _folder(args: argparse.Namespace) -> int:
    from referentiel_desktop.exchange.folder_sync import sync_folder

    with open_workspace(args) as workspace:
        return _done(args, workspace, sync_folder(workspace, args.folder))


def _server(args: argparse.Namespace, target: str) -> int:
    from referentiel_desktop.exchange.couch_sync import sync_server
    from referentiel_desktop.exchange.credentials import password_for
    from referentiel_desktop.exchange.remotes import resolve_target

    with open_workspace(args) as workspace:
        database = resolve_target(workspace, target, insecure=args.insecure)
        password = password_for(database, _ask if sys.stdin.isatty() else None)
        if database.user and not password:
            message = _(
                "No password for {user}: set REFERENTIEL_DESKTOP_SYNC_PASSWORD, or run "
                "the command in a terminal to be asked once (it is then kept in the "
                "system keyring)."
            )
            raise UserError(message.format(user=database.user))
        return _done(args, workspace, sync_server(workspace, database, password))


class _Report(Protocol):
    written_ids: dict[str, set[str]]

    def to_json(self) -> dict[str, Any]: ...

    def lines(self) -> list[str]: ...


def _done(args: argparse.Namespace, workspace: Workspace, report: _Report) -> int:
    """The index takes in what a sync wrote; the report is printed, in words or JSON."""
    from referentiel_desktop.cli.exchange_commands import _reindex

    _reindex(workspace, report.written_ids)
    if args.json:
        print_json(report.to_json())
    else:
        print("\n".join(report.lines()))
    return 0


def _remote(args: argparse.Namespace, words: list[str]) -> int:
    from referentiel_desktop.exchange import remotes

    with open_workspace(args) as workspace:
        if words[:1] == ["add"] and len(words) == 3:
            saved = remotes.add_remote(workspace, words[1], words[2], insecure=args.insecure)
            if not args.json:
                print(_("Remote {name} saved: {url}").format(name=words[1], url=saved))
        elif words[:1] == ["remove"] and len(words) == 2:
            remotes.remove_remote(workspace, words[1])
            if not args.json:
                print(_("Remote {name} removed.").format(name=words[1]))
        elif words == ["list"]:
            pass
        else:
            raise UserError(
                _("Write: sync remote add NAME URL, sync remote list, or sync remote remove NAME.")
            )
        found = remotes.list_remotes(workspace)
    if args.json:
        print_json(found)
    elif words == ["list"]:
        for name, url in found.items():
            print(f"{name}  {url}")
        if not found:
            print(_("No remote saved yet."))
    return 0


def _ask() -> str | None:
    try:
        return getpass.getpass(_("Password (kept in the system keyring): "))
    except (EOFError, KeyboardInterrupt):
        return None
