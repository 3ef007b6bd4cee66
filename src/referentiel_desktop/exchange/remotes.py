"""Saved remotes (``sync remote add NAME URL``): a name for a server's address, kept in
the database's settings (the address and the user, never a password)."""

from __future__ import annotations

from typing import Any

from referentiel_desktop.errors import UserError
from referentiel_desktop.exchange.couch_protocol import Database, parse_url
from referentiel_desktop.exchange.sync_state import read_json, write_json
from referentiel_desktop.i18n import _
from referentiel_desktop.workspace import Workspace

KEY = "sync.remotes"


def list_remotes(workspace: Workspace) -> dict[str, str]:
    saved = read_json(workspace, KEY) or {}
    return {name: entry["url"] for name, entry in sorted(saved.items()) if isinstance(entry, dict)}


def add_remote(workspace: Workspace, name: str, url: str, *, insecure: bool = False) -> str:
    name = name.strip()
    if not name or "://" in name or name in ("remote", "add", "list", "remove"):
        raise UserError(_("A remote needs a short name, such as «\u00a0equipe\u00a0»."))
    database = parse_url(url, insecure=insecure)
    saved: dict[str, Any] = read_json(workspace, KEY) or {}
    saved[name] = {"url": database.url, "insecure": insecure}
    write_json(workspace, KEY, saved)
    return database.url


def remove_remote(workspace: Workspace, name: str) -> None:
    saved: dict[str, Any] = read_json(workspace, KEY) or {}
    if saved.pop(name, None) is None:
        raise UserError(_("No remote is called {name}.").format(name=name))
    write_json(workspace, KEY, saved)


def resolve_target(workspace: Workspace, target: str, *, insecure: bool = False) -> Database:
    """The database ``target`` names: an address, or a saved remote's name."""
    if "://" in target:
        return parse_url(target, insecure=insecure)
    saved = (read_json(workspace, KEY) or {}).get(target)
    if not isinstance(saved, dict):
        message = _("No remote is called {name}: `sync remote add {name} URL` saves one.")
        raise UserError(message.format(name=target))
    return parse_url(saved["url"], insecure=insecure or bool(saved.get("insecure")))
