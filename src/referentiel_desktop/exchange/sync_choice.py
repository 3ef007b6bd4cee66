"""What the window syncs with, kept in the database's settings (so the command line's
``sync remote list`` shows the same remote), and one sync run from that choice."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from referentiel_desktop.errors import UserError
from referentiel_desktop.exchange.couch_protocol import parse_url
from referentiel_desktop.exchange.credentials import remember_password, stored_password
from referentiel_desktop.exchange.remotes import add_remote, list_remotes
from referentiel_desktop.exchange.sync_state import read_json, write_json
from referentiel_desktop.i18n import _
from referentiel_desktop.store.synced_folder import sync_client_of
from referentiel_desktop.workspace import Workspace

KEY = "sync.window"
WINDOW_REMOTE = "equipe"
"""The name the window saves its server under (``sync equipe`` at the command line)."""


@dataclass
class SyncChoice:
    mode: str = "folder"  # or "server"
    folder: str = ""
    url: str = ""
    insecure: bool = False
    automatic: bool = False


@dataclass(frozen=True)
class SyncOutcome:
    lines: list[str]
    conflicts_pending: int
    written: dict[str, set[str]]


def load_choice(workspace: Workspace) -> SyncChoice:
    saved = read_json(workspace, KEY)
    choice = SyncChoice()
    if isinstance(saved, dict):
        for name in ("mode", "folder", "url"):
            if isinstance(saved.get(name), str):
                setattr(choice, name, saved[name])
        choice.insecure = saved.get("insecure") is True
        choice.automatic = saved.get("automatic") is True
    if not choice.url:
        choice.url = list_remotes(workspace).get(WINDOW_REMOTE, "")
    if not choice.folder and synced_client(workspace):
        choice.folder = str(workspace.data_dir.absolute().parent)
    return choice


def save_choice(workspace: Workspace, choice: SyncChoice) -> None:
    write_json(workspace, KEY, asdict(choice))


def synced_client(workspace: Workspace) -> str:
    """The sync client whose folder holds the data folder ("" when none does)."""
    return sync_client_of(workspace.data_dir.absolute())


def run_choice(workspace: Workspace, choice: SyncChoice, password: str = "") -> SyncOutcome:
    """Sync as ``choice`` says; a typed ``password`` is kept in the system keyring."""
    if choice.mode == "folder":
        from referentiel_desktop.exchange.folder_sync import sync_folder

        if not choice.folder.strip():
            raise UserError(_("Choose the shared folder to sync through."))
        report = sync_folder(workspace, Path(choice.folder))
        return SyncOutcome(report.lines(), report.conflicts_pending, report.written_ids)
    from referentiel_desktop.exchange.couch_sync import sync_server

    database = parse_url(choice.url, insecure=choice.insecure)
    if password:
        remember_password(database, password)
    server = sync_server(workspace, database, password or stored_password(database))
    if list_remotes(workspace).get(WINDOW_REMOTE) != database.url:
        add_remote(workspace, WINDOW_REMOTE, database.url, insecure=choice.insecure)
    return SyncOutcome(server.lines(), server.conflicts_pending, server.written_ids)
