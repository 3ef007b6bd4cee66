"""Speed of team sync with 10k notes and 2k cases, against a real pouchdb-server.

    python benchmarks/sync.py [--notes 10000] [--cases 2000]

Prints, in the same run: the floor (a bare ``_bulk_docs`` upload, ``new_edits: false``,
of the same documents already built, in batches of 500; the better of two), then
``sync URL``'s first push to an empty database, a second laptop's first pull, and an
incremental sync after 10 edits; then the same through a shared folder. Figures only.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402
from tests.core.couch_server import ADMIN, couch_server  # noqa: E402

from referentiel_desktop.annotations import notes  # noqa: E402
from referentiel_desktop.exchange import records  # noqa: E402
from referentiel_desktop.exchange.couch_documents import to_document  # noqa: E402
from referentiel_desktop.exchange.couch_protocol import CouchClient, parse_url  # noqa: E402
from referentiel_desktop.exchange.couch_sync import sync_server  # noqa: E402
from referentiel_desktop.exchange.folder_sync import sync_folder  # noqa: E402
from referentiel_desktop.exchange.kinds import KINDS  # noqa: E402
from referentiel_desktop.store.models import Note  # noqa: E402
from referentiel_desktop.workspace import Workspace  # noqa: E402
from synthetic import populate  # noqa: E402


def timed(label: str, action: object) -> float:
    start = time.perf_counter()
    result = action()  # type: ignore[operator]
    took = time.perf_counter() - start
    print(f"{label:<44} {took:7.2f} s   {result}")
    return took


def floor(workspace: Workspace, url: str) -> float:
    with workspace.reading() as session:
        docs = [to_document(r) for kind in KINDS for r in records.load(session, kind).values()]
    client = CouchClient(parse_url(url), ADMIN[1])
    client.ensure_database()
    start = time.perf_counter()
    for first in range(0, len(docs), 500):
        client.bulk_docs(docs[first : first + 500])
    took = time.perf_counter() - start
    client.close()
    print(f"{'floor: bare _bulk_docs of ' + str(len(docs)) + ' documents':<44} {took:7.2f} s")
    return took


def edit_ten(workspace: Workspace, who: str) -> None:
    with workspace.reading() as session:
        ids = list(session.scalars(select(Note.id).order_by(Note.id).limit(10)))
    for number, note_id in enumerate(ids):
        notes.edit_note(workspace, note_id, text=f"Modifiée par {who}, n° {number} — œuvre")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=10000)
    parser.add_argument("--cases", type=int, default=2000)
    args = parser.parse_args()
    os.environ["REFERENTIEL_DESKTOP_SYNC_PASSWORD"] = ADMIN[1]
    with tempfile.TemporaryDirectory() as tmp, couch_server(Path(tmp) / "server") as server:
        folder = Path(tmp)
        anne = Workspace.open(folder / "anne")
        bruno = Workspace.open(folder / "bruno")
        populate(anne, args.notes, args.cases)
        print(f"data: {args.notes} notes, {args.cases} cases (pouchdb-server, in memory)")
        base = min(floor(anne, server.url(f"floor-{n}")) for n in (1, 2))  # the warmer one
        database = parse_url(server.url("equipe"))

        def server_sync(workspace: Workspace) -> str:
            report = sync_server(workspace, database, ADMIN[1])
            return f"sent {report.sent}, received {report.received}"

        first = timed("server: first sync (push to an empty db)", lambda: server_sync(anne))
        print(f"{'':<44} {first / base:7.1f} × the floor")
        timed("server: a second laptop's first sync (pull)", lambda: server_sync(bruno))
        edit_ten(anne, "Anne")
        timed("server: incremental sync after 10 edits", lambda: server_sync(anne))
        timed("server: the other laptop receives them", lambda: server_sync(bruno))
        timed("server: nothing changed", lambda: server_sync(anne))

        shared = folder / "shared"
        shared.mkdir()
        carol = Workspace.open(folder / "carol")

        def folder_sync(workspace: Workspace) -> str:
            report = sync_folder(workspace, shared)
            return f"merged {len(report.merged)}, written {report.written}"

        timed("folder: first sync (write own bundle)", lambda: folder_sync(anne))
        timed("folder: a second laptop's first sync", lambda: folder_sync(carol))
        edit_ten(anne, "Anne, dossier")
        timed("folder: incremental sync after 10 edits", lambda: folder_sync(anne))
        timed("folder: the other laptop receives them", lambda: folder_sync(carol))
        timed("folder: the first reads the other's new bundle", lambda: folder_sync(anne))
        timed("folder: nothing changed", lambda: folder_sync(anne))
        for workspace in (anne, bruno, carol):
            workspace.close()


if __name__ == "__main__":
    main()
