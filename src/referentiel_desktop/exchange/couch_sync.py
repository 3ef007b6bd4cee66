"""Sync this data folder with a CouchDB database: push, then pull, as CouchDB's own
replicator does (``_revs_diff``, ``_bulk_docs`` with ``new_edits: false``, ``_changes``
since a checkpoint, checkpoints in ``_local`` documents on both sides).

What arrives is written into a bundle first and merged by ``import``'s own code: the
same validation (nothing touches the database before every record is checked), the same
revision ancestry, the same conflicts view. A checkpoint moves only after what it covers
was applied, so a sync that stops (a network drop, a refusal, kill -9) resumes there.
Private notes are never sent.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from referentiel_desktop import __version__
from referentiel_desktop.errors import UserError
from referentiel_desktop.exchange import records
from referentiel_desktop.exchange.bundle import BundleWriter
from referentiel_desktop.exchange.conflicts import count_conflicts
from referentiel_desktop.exchange.couch_documents import SETTLED, settling, to_document, to_record
from referentiel_desktop.exchange.couch_protocol import CouchClient, Database, SyncError
from referentiel_desktop.exchange.export import bundle_manifest
from referentiel_desktop.exchange.kinds import BY_NAME, KINDS, ORDER
from referentiel_desktop.exchange.merge import import_bundle
from referentiel_desktop.exchange.report import OUTCOMES
from referentiel_desktop.exchange.sync_state import laptop_id, read_json, write_json
from referentiel_desktop.i18n import _, ngettext
from referentiel_desktop.store import change_log
from referentiel_desktop.store.models import ChangeLogEntry, new_uuid, utcnow
from referentiel_desktop.workspace import Workspace

BATCH = 500
CHANGES_PAGE = 2000


@dataclass
class ServerSyncReport:
    url: str
    sent: int = 0
    received: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    items: list[dict[str, str]] = field(default_factory=list)
    conflicts_pending: int = 0
    written_ids: dict[str, set[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "sent": self.sent,
            "received": self.received,
            **self.counts,
            "items": self.items,
            "conflicts_pending": self.conflicts_pending,
        }

    def lines(self) -> list[str]:
        out = [
            _("Synchronised with {url}: records sent {sent}, received {received}.").format(
                url=self.url, sent=self.sent, received=self.received
            ),
            _(
                "added {added}, updated {updated}, unchanged {unchanged}, deleted {deleted}, "
                "conflicts {conflicts}, refused {refused}"
            ).format(**self.counts),
        ]
        for item in self.items:
            if item["outcome"] == "conflicts":
                line = _("conflict: {kind} {id} «\u00a0{label}\u00a0» (changed on both sides)")
            else:
                line = _("refused: {kind} {id} «\u00a0{label}\u00a0»: {reason}")
            out.append("  " + line.format(**item))
        if self.conflicts_pending:
            message = ngettext(
                "{count} conflict waits for a choice (File → Conflicts…, or `conflicts`).",
                "{count} conflicts wait for a choice (File → Conflicts…, or `conflicts`).",
                self.conflicts_pending,
            )
            out.append(message.format(count=self.conflicts_pending))
        return out


def sync_server(workspace: Workspace, database: Database, password: str | None) -> ServerSyncReport:
    client = CouchClient(database, password)
    try:
        return _Sync(workspace, client).run()
    finally:
        client.close()


class _Sync:
    def __init__(self, workspace: Workspace, client: CouchClient) -> None:
        self.workspace = workspace
        self.client = client
        self.report = ServerSyncReport(client.database.url)
        self.local_key = f"sync.couch:{client.database.url}"
        self.remote_name = ""

    def run(self) -> ServerSyncReport:
        self.client.ensure_database()
        self.remote_name = f"referentiel-desktop-{laptop_id(self.workspace)}"
        state: dict[str, Any] = read_json(self.workspace, self.local_key) or {}
        remote = self.client.get_local(self.remote_name)
        if remote is None or not state.get("session") or remote.get("session") != state["session"]:
            state = {"session": new_uuid(), "push_seq": 0, "pull_since": 0}  # start afresh
        state["push_seq"] = self._push(int(state.get("push_seq", 0)))
        remote = self._checkpoint(state, remote)
        state["pull_since"] = self._pull(state.get("pull_since", 0))
        self._checkpoint(state, remote)
        self.report.conflicts_pending = count_conflicts(self.workspace)
        return self.report

    def _checkpoint(self, state: dict[str, Any], remote: dict[str, Any] | None) -> dict[str, Any]:
        """Both sides remember the same thing; the server first (if it is lost, the next
        sync starts afresh, which costs time, never data)."""
        stored = self.client.put_local(
            self.remote_name, {**state, "app": f"referentiel-desktop {__version__}"}, remote
        )
        write_json(self.workspace, self.local_key, state)
        return stored

    # -- push ---------------------------------------------------------------------------
    def _push(self, since: int) -> int:
        with self.workspace.reading() as session:
            upto = change_log.latest_seq(session)
            everything = since == 0 or since < change_log.forgotten_seq(session)
            changed: dict[str, set[str]] = {}
            if not everything:
                rows = session.execute(
                    select(ChangeLogEntry.kind, ChangeLogEntry.record_id).where(
                        ChangeLogEntry.seq > since, ChangeLogEntry.seq <= upto
                    )
                )
                for kind_name, record_id in rows:
                    if kind_name in BY_NAME:
                        changed.setdefault(kind_name, set()).add(record_id)
            docs: list[dict[str, Any]] = []
            withdrawn: list[str] = []
            for kind in KINDS:
                if everything:
                    found = records.load(
                        session, kind, where=kind.model.__table__.c.id.is_not(None)
                    )
                elif changed.get(kind.name):
                    found = records.load(session, kind, ids=sorted(changed[kind.name]))
                else:
                    continue
                for record in found.values():
                    if kind.private is not None:
                        column, value = kind.private
                        if record["fields"][column] == value:
                            withdrawn.append(record["id"])
                            continue  # private: never leaves this machine
                    docs.append(to_document(record))
        self.report.sent = self._send(docs)
        self._withdraw(withdrawn)
        return upto

    def _withdraw(self, ids: list[str]) -> None:
        """A note made private after it was shared: its team version on the server is
        closed (deleted, marked so that the other laptops keep their copy, as they keep
        a bundle's), so the server no longer shows it; its private text is never sent."""
        closing: list[dict[str, Any]] = []
        for start in range(0, len(ids), BATCH):
            current = self.client.current_revisions(ids[start : start + BATCH])
            closing += [settling(doc_id, rev) for doc_id, rev in current.items()]
        self._send(closing)

    def _send(self, docs: list[dict[str, Any]]) -> int:
        """Upload those of ``docs`` the server lacks; how many that was."""
        sent = 0
        for start in range(0, len(docs), BATCH):
            batch = docs[start : start + BATCH]
            missing = self.client.revs_diff({d["_id"]: [d["_rev"]] for d in batch})
            wanted = [d for d in batch if d["_rev"] in missing.get(d["_id"], [])]
            if wanted:
                self.client.bulk_docs(wanted)
                sent += len(wanted)
        return sent

    # -- pull ---------------------------------------------------------------------------
    def _pull(self, since: Any) -> Any:
        leaves: dict[str, list[str]] = {}
        while True:
            rows, last = self.client.changes(since, CHANGES_PAGE)
            for row in rows:
                doc_id = row.get("id")
                if not isinstance(doc_id, str) or doc_id.startswith("_"):
                    continue
                revs = [
                    c["rev"]
                    for c in row.get("changes", [])
                    if isinstance(c, dict) and isinstance(c.get("rev"), str)
                ]
                leaves[doc_id] = revs
            since = last
            if len(rows) < CHANGES_PAGE:
                break
        known = _local_revisions(self.workspace, list(leaves))
        wanted: list[tuple[str, str]] = []
        closing: list[dict[str, Any]] = []
        for doc_id, revs in leaves.items():
            rev, history = known.get(doc_id, ("", set()))
            for leaf in revs:
                if leaf == rev:
                    continue
                if leaf in history:  # a branch this laptop settled: close it on the server
                    closing.append(settling(doc_id, leaf))
                else:
                    wanted.append((doc_id, leaf))
        docs: list[dict[str, Any]] = []
        for start in range(0, len(wanted), BATCH):
            docs += self.client.bulk_get(wanted[start : start + BATCH])
        self._apply(self._as_records([d for d in docs if not d.get(SETTLED)]))
        self._send(closing)
        return since

    def _as_records(self, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The records the documents stand for. A deletion made by another CouchDB client
        (Fauxton, ``curl -X DELETE``) carries no fields: it deletes the record held here,
        and is skipped when there is none."""
        found: list[dict[str, Any]] = []
        bare = [d for d in docs if d.get("_deleted") and "fields" not in d]
        held = _held_records(self.workspace, [str(d.get("_id")) for d in bare])
        for doc in docs:
            if not (doc.get("_deleted") and "fields" not in doc):
                found.append(to_record(doc))
            elif doc.get("_id") in held:
                local = held[doc["_id"]]
                now = utcnow().isoformat(timespec="microseconds")
                record = to_record({**local, **doc, "fields": local["fields"]})
                record["rev_history"] = sorted(
                    {*record["rev_history"], *local["rev_history"], local["rev"]} - {record["rev"]},
                    key=lambda r: int(r.split("-", 1)[0]),
                )
                found.append(
                    {**record, "deleted_at": local["deleted_at"] or now, "updated_at": now}
                )
        return found

    def _apply(self, found: list[dict[str, Any]]) -> None:
        """Merge the records through a bundle, as ``import`` merges one: first one
        version per record, then any other branch the server holds (a conflict)."""
        rounds: list[list[dict[str, Any]]] = []
        taken: dict[Any, int] = {}  # how many versions of each record are placed
        for record in found:
            index = taken.get(record["id"], 0)
            taken[record["id"]] = index + 1
            if index == len(rounds):
                rounds.append([])
            rounds[index].append(record)
        self.report.received += len(found)
        for index, round_ in enumerate(rounds):
            self._merge_round(round_, index)

    def _merge_round(self, found: list[dict[str, Any]], index: int) -> None:
        found.sort(
            key=lambda r: (
                ORDER.get(r["kind"], len(ORDER)) if isinstance(r["kind"], str) else len(ORDER),
                str(r["id"]),
            )
        )
        db = self.client.database
        name = "".join(c if c.isalnum() or c in "-." else "-" for c in f"{db.host}-{db.name}")
        with self.workspace.reading() as session:
            manifest = bundle_manifest(session, {"server": db.url})
        with tempfile.TemporaryDirectory(prefix="referentiel-sync-") as folder:
            path = Path(folder) / f"{name}{'-' + str(index) if index else ''}.rdbundle"
            with BundleWriter(path, manifest) as writer:
                for record in found:
                    writer.write(record)
            try:
                merged = import_bundle(self.workspace, path)
            except UserError as error:
                message = _(
                    "Sync with {url} stopped: a record from the server is not valid ({reason}) "
                    "Nothing from the server was merged; the checkpoint stays."
                )
                raise SyncError(message.format(url=db.url, reason=error)) from error
        for outcome in OUTCOMES:
            self.report.counts[outcome] += merged.counts[outcome]
        self.report.items += merged.items
        for kind, ids in merged.written.items():
            self.report.written_ids.setdefault(kind, set()).update(ids)


def _local_revisions(workspace: Workspace, ids: list[str]) -> dict[str, tuple[str, set[str]]]:
    """Each record's revision here and the ones before it."""
    found: dict[str, tuple[str, set[str]]] = {}
    with workspace.reading() as session:
        for kind in KINDS:
            table = kind.model.__table__
            for start in range(0, len(ids), 900):
                query = select(table.c.id, table.c.rev, table.c.rev_history).where(
                    table.c.id.in_(ids[start : start + 900])
                )
                for record_id, rev, history in session.execute(query):
                    found[record_id] = (rev, set(history or []))
    return found


def _held_records(workspace: Workspace, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The records here with those ids, as a bundle carries them, of the kinds the app
    deletes: a territory or an author deleted in Fauxton stays (a bundle marking one
    deleted is refused whole; a sync must not be refused for ever for it)."""
    found: dict[str, dict[str, Any]] = {}
    if not ids:
        return found
    with workspace.reading() as session:
        for kind in KINDS:
            if not kind.deletable:
                continue
            for record_id, record in records.load(session, kind, ids=ids).items():
                found[record_id] = records.to_json(record)
    return found
