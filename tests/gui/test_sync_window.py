"""File → Synchronise… in the real window: through a shared folder, with a real
CouchDB-protocol server (a conflict that came from it, shown in the conflicts view),
the refusal of plain http, and the offer made when the data folder is in a synced one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from referentiel_desktop.annotations import notes
from referentiel_desktop.exchange.couch_protocol import parse_url
from referentiel_desktop.exchange.couch_sync import sync_server
from referentiel_desktop.exchange.folder_sync import sync_folder
from referentiel_desktop.workspace import Workspace
from tests.core.couch_server import ADMIN, CouchServer, couch_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CouchServer]:
    with couch_server(tmp_path_factory.mktemp("couch")) as running:
        yield running


def _sync(window: Any, qtbot: Any, **fields: str) -> Any:
    window.sync.sync_action.trigger()
    dialog = window.sync.dialog
    if "folder" in fields:
        dialog.by_folder.setChecked(True)
        dialog.folder.setText(fields["folder"])
    if "url" in fields:
        dialog.by_server.setChecked(True)
        dialog.url.setText(fields["url"])
    qtbot.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.sync_button.isEnabled(), timeout=30_000)
    return dialog


def test_synchronise_through_a_shared_folder(window: Any, qtbot: Any, tmp_path: Path) -> None:
    shared = tmp_path / "Partagé"
    shared.mkdir()
    with Workspace.open(tmp_path / "bruno") as bruno:
        notes.add_note(bruno, "engagement.b3", "Note de Bruno « partagée »")
        sync_folder(bruno, shared)
    notes.add_note(window.workspace, "value.b1", "Note de la fenêtre")
    dialog = _sync(window, qtbot, folder=str(shared))
    report = dialog.report.toPlainText()
    assert dialog.heading.text() == "Synchronised." and "Synchronised through" in report
    assert "Bundles merged 1," in report
    texts = {n.text for n in notes.list_notes(window.workspace)}
    assert texts == {"Note de Bruno « partagée »", "Note de la fenêtre"}
    assert len(list(shared.glob("*.rdbundle"))) == 2
    with Workspace.open(tmp_path / "bruno") as bruno:
        sync_folder(bruno, shared)
        assert "Note de la fenêtre" in {n.text for n in notes.list_notes(bruno)}
    # the choice is remembered for the next time
    window.sync.sync_action.trigger()
    assert window.sync.dialog.folder.text() == str(shared)


def test_a_conflict_from_the_server_reaches_the_conflicts_view(
    window: Any, qtbot: Any, tmp_path: Path, server: CouchServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("REFERENTIEL_DESKTOP_SYNC_PASSWORD", ADMIN[1])
    url = server.url("equipe-fenetre")
    mine = notes.add_note(window.workspace, "engagement.b3", "Version commune")
    _sync(window, qtbot, url=url)
    database = parse_url(url)
    with Workspace.open(tmp_path / "bruno") as bruno:
        sync_server(bruno, database, ADMIN[1])
        notes.edit_note(bruno, mine.id, text="La réunion « publique » a eu lieu")
        sync_server(bruno, database, ADMIN[1])
    notes.edit_note(window.workspace, mine.id, text="La réunion privée a eu lieu")
    dialog = _sync(window, qtbot, url=url)
    assert "conflicts 1" in dialog.report.toPlainText()
    assert dialog.conflicts_button.isVisible()
    qtbot.mouseClick(dialog.conflicts_button, Qt.MouseButton.LeftButton)
    view = window.exchange.conflicts_dialog
    assert view.list.count() == 1
    assert "La réunion privée a eu lieu" in view.mine.toPlainText()
    assert "La réunion « publique » a eu lieu" in view.theirs.toPlainText()
    # the server's address is saved as a remote (`sync equipe` at the command line)
    from referentiel_desktop.exchange.remotes import list_remotes

    assert list_remotes(window.workspace) == {"equipe": url}


def test_plain_http_to_another_machine_is_refused_in_the_window(window: Any, qtbot: Any) -> None:
    before = len(notes.list_notes(window.workspace))
    dialog = _sync(window, qtbot, url="http://alix@couch.example.org/equipe")
    assert "plain http" in dialog.report.toPlainText()
    assert dialog.heading.text().startswith("The sync did not go through")
    assert len(notes.list_notes(window.workspace)) == before


def test_a_data_folder_inside_a_synced_folder_is_offered_folder_sync(
    make_window: Callable[..., Any], qtbot: Any, data_dir: Path
) -> None:
    data_dir.parent.joinpath(".stfolder").mkdir()  # Syncthing's marker
    window = make_window()
    window.sync.sync_action.trigger()
    dialog = window.sync.dialog
    assert dialog.offer.isVisibleTo(dialog) and "Syncthing" in dialog.offer.text()
    assert dialog.by_folder.isChecked()
    assert dialog.folder.text() == str(data_dir.absolute().parent)


def test_an_automatic_sync_runs_when_the_window_opens(
    make_window: Callable[..., Any], qtbot: Any, data_dir: Path, tmp_path: Path
) -> None:
    from referentiel_desktop.exchange.sync_choice import SyncChoice, save_choice

    shared = tmp_path / "Partagé"
    shared.mkdir()
    with Workspace.open(tmp_path / "bruno") as bruno:
        notes.add_note(bruno, "engagement.b3", "Arrivée sans un clic")
        sync_folder(bruno, shared)
    with Workspace.open(data_dir) as mine:
        save_choice(mine, SyncChoice(mode="folder", folder=str(shared), automatic=True))
    window = make_window()
    assert window.sync.timer.isActive()
    qtbot.waitUntil(
        lambda: "Arrivée sans un clic" in {n.text for n in notes.list_notes(window.workspace)},
        timeout=30_000,
    )
    qtbot.waitUntil(lambda: not window.sync.running, timeout=10_000)
    assert window.statusBar().currentMessage().startswith("Synchronised through")


def test_a_typed_password_serves_this_sessions_automatic_syncs_and_is_never_written(
    window: Any, qtbot: Any, server: CouchServer, monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
) -> None:  # fmt: skip
    monkeypatch.delenv("REFERENTIEL_DESKTOP_SYNC_PASSWORD", raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")  # none here
    window.sync.sync_action.trigger()
    dialog = window.sync.dialog
    dialog.by_server.setChecked(True)
    dialog.url.setText(server.url("equipe-session"))
    dialog.password.setText(ADMIN[1])
    dialog.automatic.setChecked(True)
    qtbot.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.sync_button.isEnabled(), timeout=30_000)
    assert dialog.report.toPlainText().startswith("Synchronised with")
    assert dialog.password.text() == ""
    window.sync.sync_automatically()
    qtbot.waitUntil(lambda: not window.sync.running, timeout=30_000)
    assert window.statusBar().currentMessage().startswith("Synchronised with")
    window.workspace.close()
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert ADMIN[1].encode() not in path.read_bytes(), path
