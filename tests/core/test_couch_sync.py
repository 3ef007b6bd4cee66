"""Laptops sync through a real CouchDB-protocol server (pouchdb-server, in memory)."""

from __future__ import annotations

import contextlib
import json
import socket
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.core.couch_server import ADMIN, CouchServer, couch_server
from tests.core.exchange_helpers import Laptop, balise


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CouchServer]:
    with couch_server(tmp_path_factory.mktemp("couch")) as running:
        yield running


@pytest.fixture
def url(server: CouchServer, request: pytest.FixtureRequest) -> str:
    """A database of its own for each test (created by the first sync)."""
    return server.url("equipe-" + request.node.name.replace("_", "-")[5:40].lower())


@pytest.fixture(autouse=True)
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFERENTIEL_DESKTOP_SYNC_PASSWORD", ADMIN[1])


def _laptops(tmp_path: Path, capsys: pytest.CaptureFixture[str], *names: str) -> list[Laptop]:
    return [Laptop(tmp_path / name, capsys) for name in names]


def _texts(laptop: Laptop) -> set[str]:
    return {n["text"] for n in laptop.ok("note", "list")}


def _checkpoint(laptop: Laptop, url: str) -> dict[str, Any]:
    """What this laptop remembers of the server (its sync checkpoints)."""
    with sqlite3.connect(laptop.folder / "referentiel.sqlite3") as conn:
        (value,) = conn.execute(
            "SELECT value FROM setting WHERE key = ?", (f"sync.couch:{url}",)
        ).fetchone()
    found: dict[str, Any] = json.loads(value)
    return found


def _docs(server: CouchServer, url: str) -> list[dict[str, Any]]:
    database = url.rsplit("/", 1)[1]
    rows = server.get(f"/{database}/_all_docs?include_docs=true&conflicts=true")["rows"]
    return [row["doc"] for row in rows]


def test_two_laptops_converge_edit_and_delete_and_no_private_text_reaches_the_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], server: CouchServer, url: str
) -> None:
    anne, bruno = _laptops(tmp_path, capsys, "anne", "bruno")
    note = anne.ok(
        "note", "add", "--target", balise(anne), "--text", "Réunion « publique » à l’œuvre"
    )
    anne.ok("note", "add", "--target", balise(anne), "--text", "Secret œcuménique", "--private")
    anne.ok("territory", "add", "Saint-Étienne")
    anne.ok("case", "add", "--title", "Chaufferie bois", "--territory", "Saint-Étienne",
            "--balise", balise(anne))  # fmt: skip
    first = anne.ok("sync", url)
    assert first["sent"] == 4  # the author, the team note, the territory, the case: no secret
    received = bruno.ok("sync", url)
    assert received["added"] == 4 and received["refused"] == 0
    assert _texts(bruno) == {"Réunion « publique » à l’œuvre"}
    assert bruno.ok("case", "list")[0]["territory"] == "Saint-Étienne"

    docs = _docs(server, url)
    everything = json.dumps(docs, ensure_ascii=False)
    assert "Secret" not in everything and "private" not in everything
    shown = next(d for d in docs if d["_id"] == note["id"])
    assert shown["kind"] == "note" and shown["_rev"] == anne.notes()[note["id"]]["rev"]
    assert shown["fields"]["text"] == "Réunion « publique » à l’œuvre"

    bruno.ok("note", "edit", note["id"], "--text", "Compte rendu du 3 mars")
    assert bruno.ok("sync", url)["sent"] == 1
    edited = anne.ok("sync", url)
    assert edited["updated"] == 1 and edited["conflicts"] == 0
    assert anne.notes()[note["id"]]["text"] == "Compte rendu du 3 mars"

    assert anne("note", "delete", note["id"]).code == 0
    anne.ok("sync", url)
    database = url.rsplit("/", 1)[1]
    changes = server.get(f"/{database}/_changes")["results"]
    assert any(row["id"] == note["id"] and row.get("deleted") for row in changes)  # a tombstone
    deleted = bruno.ok("sync", url)
    assert deleted["deleted"] == 1 and note["id"] not in bruno.notes()
    # nothing new on either side: nothing sent, nothing merged
    again = bruno.ok("sync", url)
    assert again["sent"] == 0 and again["added"] == again["updated"] == 0


def test_three_laptops_converge_one_of_them_a_week_offline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    laptops = _laptops(tmp_path, capsys, "anne", "bruno", "chloe")
    anne, bruno, chloe = laptops
    anne.ok("note", "add", "--target", balise(anne), "--text", "D’Anne")
    for laptop in laptops:
        laptop.ok("sync", url)
    # Chloé is away for a week; Anne and Bruno go on writing and syncing
    for day in range(3):
        anne.ok("note", "add", "--target", balise(anne), "--text", f"Anne, jour {day}")
        bruno.ok("note", "add", "--target", balise(bruno), "--text", f"Bruno, jour {day}")
        anne.ok("sync", url)
        bruno.ok("sync", url)
    chloe.ok("note", "add", "--target", balise(chloe), "--text", "Chloé, hors ligne")
    back = chloe.ok("sync", url)
    assert back["added"] == 6 and back["sent"] == 1
    anne.ok("sync", url)
    bruno.ok("sync", url)
    expected = _texts(chloe)
    assert len(expected) == 8 and _texts(anne) == _texts(bruno) == expected


def test_conflicting_edits_meet_in_the_conflicts_view_and_the_server_sees_them_settled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], server: CouchServer, url: str
) -> None:
    anne, bruno = _laptops(tmp_path, capsys, "anne", "bruno")
    note = anne.ok("note", "add", "--target", balise(anne), "--text", "Version commune")
    anne.ok("sync", url)
    bruno.ok("sync", url)
    anne.ok("note", "edit", note["id"], "--text", "Version d’Anne")
    bruno.ok("note", "edit", note["id"], "--text", "Version de Bruno")
    anne.ok("sync", url)
    met = bruno.ok("sync", url)
    assert met["conflicts"] == 1 and met["conflicts_pending"] == 1
    (doc,) = [d for d in _docs(server, url) if d["_id"] == note["id"]]
    assert len(doc["_conflicts"]) == 1  # the server holds both branches too
    (conflict,) = bruno.ok("conflicts", "list")
    assert {conflict["mine"]["fields"]["text"], conflict["theirs"]["fields"]["text"]} == {
        "Version de Bruno",
        "Version d’Anne",
    }
    assert bruno("conflicts", "resolve", note["id"], "--keep", "theirs").code == 0
    bruno.ok("sync", url)
    (doc,) = [d for d in _docs(server, url) if d["_id"] == note["id"]]
    assert "_conflicts" not in doc and doc["fields"]["text"] == "Version d’Anne"
    settled = anne.ok("sync", url)
    assert settled["conflicts"] == 0 and anne.ok("conflicts", "list") == []
    assert anne.notes()[note["id"]]["rev"] == bruno.notes()[note["id"]]["rev"]
    assert bruno.ok("sync", url)["conflicts"] == 0 and bruno.ok("conflicts", "list") == []


class DroppingProxy:
    """Forwards to the server, and closes the connection once a request holding
    ``marker`` passes (a server or a network that drops mid-way)."""

    def __init__(self, port: int, marker: bytes) -> None:
        self.port = port
        self.marker = marker
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.address = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.port))
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket, watch: bool) -> None:
        try:
            while data := source.recv(65536):
                if watch and self.marker in data:
                    break
                target.sendall(data)
        except OSError:
            pass
        for end in (source, target):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()

    def close(self) -> None:
        self.listener.close()


def test_a_connection_dropped_mid_way_merges_nothing_and_the_next_sync_resumes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], server: CouchServer, url: str
) -> None:
    anne, bruno = _laptops(tmp_path, capsys, "anne", "bruno")
    for index in range(5):
        anne.ok("note", "add", "--target", balise(anne), "--text", f"Note {index}")
    anne.ok("sync", url)
    bruno.ok("note", "add", "--target", balise(bruno), "--text", "De Bruno")
    proxy = DroppingProxy(server.port, b"_bulk_get")
    try:
        through = url.replace(f":{server.port}/", f":{proxy.address}/")
        failed = bruno("sync", through)
    finally:
        proxy.close()
    assert failed.code == 1 and len(failed.err.strip().splitlines()) == 1
    assert "closed the connection mid-way" in failed.err
    assert "Note 0" not in bruno.dump()  # nothing from the server was merged
    checkpoint = _checkpoint(bruno, through)
    assert checkpoint["push_seq"] > 0 and checkpoint["pull_since"] == 0  # pushed, not pulled
    resumed = bruno.ok("sync", url)
    assert resumed["added"] == 5 and resumed["sent"] == 0  # pushed before the drop
    assert len(_texts(bruno)) == 6


def test_refusals_are_one_clear_line_and_change_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], server: CouchServer, url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    (anne,) = _laptops(tmp_path, capsys, "anne")
    anne.ok("note", "add", "--target", balise(anne), "--text", "Intacte")
    before = anne.dump()

    def refused(*args: str) -> str:
        result = anne("sync", *args)
        assert result.code == 1 and len(result.err.strip().splitlines()) == 1, result.err
        assert anne.dump() == before
        return result.err

    monkeypatch.setenv("REFERENTIEL_DESKTOP_SYNC_PASSWORD", "pas le bon")
    assert "(401" in refused(url)
    monkeypatch.delenv("REFERENTIEL_DESKTOP_SYNC_PASSWORD")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    assert "No password for alix" in refused(url)  # no terminal to ask in, no keyring here
    monkeypatch.setenv("REFERENTIEL_DESKTOP_SYNC_PASSWORD", ADMIN[1])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    assert "cannot be reached" in refused(f"http://alix@127.0.0.1:{closed}/equipe")
    assert "--insecure" in refused("http://alix@couch.example.org/equipe")
    assert "no password in the address" in refused("https://alix:secret@couch.example.org/equipe")
    assert "does not name a database" in refused("https://couch.example.org/")
    assert "No remote is called" in refused("equipe")


def test_a_user_without_the_right_to_write_gets_a_403_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], server: CouchServer, url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    (anne,) = _laptops(tmp_path, capsys, "anne")
    anne.ok("sync", url)  # the database exists
    database = url.rsplit("/", 1)[1]
    server.put("/_users/org.couchdb.user:bob", {"name": "bob", "password": "pw", "roles": [],
                                                 "type": "user"})  # fmt: skip
    guard = "function(n, o, u) { if (u.name !== 'alix') { throw({forbidden: 'lecture seule'}); } }"
    server.put(f"/{database}/_design/guard", {"validate_doc_update": guard})
    anne.ok("note", "add", "--target", balise(anne), "--text", "Refusée")
    monkeypatch.setenv("REFERENTIEL_DESKTOP_SYNC_PASSWORD", "pw")
    result = anne("sync", url.replace("alix@", "bob@"))
    assert result.code == 1 and "(403: lecture seule)" in result.err


def test_an_invalid_document_is_refused_whole_and_the_checkpoint_stays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], server: CouchServer, url: str
) -> None:
    anne, bruno = _laptops(tmp_path, capsys, "anne", "bruno")
    anne.ok("note", "add", "--target", balise(anne), "--text", "Valide")
    anne.ok("sync", url)
    database = url.rsplit("/", 1)[1]
    bad = {"kind": "note", "created_at": "2026-12-01T08:00:00+00:00",
           "updated_at": "2026-12-01T08:00:00+00:00", "deleted_at": None, "rev_history": [],
           "fields": {"target_id": "x", "text": 42, "visibility": "team", "author_id": "?",
                      "tags": []}}  # fmt: skip
    server.put(f"/{database}/0b6f3b52-9a59-4a1f-8f33-3d0c7c4f2a10", bad)
    result = bruno("sync", url)
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1
    assert "not valid" in result.err and "checkpoint stays" in result.err
    assert "Valide" not in bruno.dump()  # not even the valid record
    assert _checkpoint(bruno, url)["pull_since"] == 0
    server.delete(f"/{database}/0b6f3b52-9a59-4a1f-8f33-3d0c7c4f2a10")
    assert bruno.ok("sync", url)["added"] == 2


def test_a_saved_remote_syncs_by_name_and_no_password_is_kept_in_the_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    (anne,) = _laptops(tmp_path, capsys, "anne")
    assert anne("sync", "remote", "add", "equipe", url).code == 0
    assert anne.ok("sync", "remote", "list") == {"equipe": url}
    anne.ok("note", "add", "--target", balise(anne), "--text", "Par le nom")
    assert anne.ok("sync", "equipe")["sent"] == 2
    for path in anne.folder.rglob("*"):
        if path.is_file():
            assert ADMIN[1].encode() not in path.read_bytes(), path
    assert anne("sync", "remote", "remove", "equipe").code == 0
    assert anne.ok("sync", "remote", "list") == {}


def test_a_note_made_private_after_it_was_shared_leaves_the_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], server: CouchServer, url: str
) -> None:
    anne, bruno = _laptops(tmp_path, capsys, "anne", "bruno")
    note = anne.ok("note", "add", "--target", balise(anne), "--text", "D’abord pour l’équipe")
    anne.ok("sync", url)
    bruno.ok("sync", url)
    anne.ok("note", "edit", note["id"], "--private", "--text", "Désormais confidentiel")
    anne.ok("sync", url)
    everything = json.dumps(_docs(server, url), ensure_ascii=False)
    assert note["id"] not in everything  # no longer among the server's documents
    assert "confidentiel" not in everything
    again = bruno.ok("sync", url)  # Bruno keeps his copy, as a bundle would leave it
    assert again["conflicts"] == again["refused"] == again["deleted"] == 0
    assert bruno.notes()[note["id"]]["text"] == "D’abord pour l’équipe"
    assert anne.ok("sync", url)["conflicts"] == 0
    assert anne.notes()[note["id"]]["text"] == "Désormais confidentiel"


def test_a_deletion_made_by_another_couchdb_client_deletes_the_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], server: CouchServer, url: str
) -> None:
    anne, bruno = _laptops(tmp_path, capsys, "anne", "bruno")
    note = anne.ok("note", "add", "--target", balise(anne), "--text", "Effacée dans Fauxton")
    anne.ok("sync", url)
    bruno.ok("sync", url)
    database = url.rsplit("/", 1)[1]
    server.delete(f"/{database}/{note['id']}")  # as Fauxton or curl -X DELETE would
    report = bruno.ok("sync", url)
    assert report["deleted"] == 1 and report["refused"] == 0
    assert note["id"] not in bruno.notes()


def test_a_territory_deleted_by_another_couchdb_client_stays_and_sync_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], server: CouchServer, url: str
) -> None:
    anne, bruno = _laptops(tmp_path, capsys, "anne", "bruno")
    anne.ok("territory", "add", "Le Mené", "--code", "22")
    anne.ok("sync", url)
    bruno.ok("sync", url)
    database = url.rsplit("/", 1)[1]
    docs = [d for d in _docs(server, url) if d.get("kind") == "territory"]
    assert len(docs) == 1
    server.delete(f"/{database}/{docs[0]['_id']}")  # the app cannot delete a territory
    report = bruno.ok("sync", url)  # so the deletion is not taken, and nothing is refused
    assert report["refused"] == 0 and report["deleted"] == 0
    assert "Le Mené" in json.dumps(bruno.ok("territory", "list"), ensure_ascii=False)


def test_a_certificate_the_system_does_not_trust_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import http.server
    import ssl
    import subprocess

    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],  # fmt: skip
        check=True,
        capture_output=True,
    )
    httpd = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        (anne,) = _laptops(tmp_path, capsys, "anne")
        result = anne("sync", f"https://alix@127.0.0.1:{httpd.server_address[1]}/equipe")
    finally:
        httpd.shutdown()
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1
    assert "secure connection failed" in result.err
