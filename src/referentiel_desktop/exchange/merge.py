"""Merge a validated bundle into this data, in one transaction.

Who changed a record is decided from revisions, never clocks: each record carries its
``rev`` and the revisions before it (``rev_history``). If my revision is among theirs,
they built on mine: theirs is taken. If theirs is among mine, I built on theirs: mine
stays. If they are equal, nothing changed. Otherwise both sides changed it: a conflict,
unless both wrote the same thing. Clocks on two laptops disagree; ancestry does not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from referentiel_desktop.exchange import records
from referentiel_desktop.exchange.backup import backup_before_import
from referentiel_desktop.exchange.bundle import BundleError, BundleReader
from referentiel_desktop.exchange.kinds import BY_NAME, KINDS, Kind
from referentiel_desktop.exchange.received import mark_received
from referentiel_desktop.exchange.report import ImportReport
from referentiel_desktop.exchange.validate import (
    Validated,
    iter_records,
    validate,
    verify_unchanged,
)
from referentiel_desktop.exchange.versions import apply_version, tag_ids
from referentiel_desktop.i18n import _
from referentiel_desktop.store.change_log import insert_rows, latest_seq
from referentiel_desktop.store.models import Edition, ExchangeConflict, Node
from referentiel_desktop.text import fold
from referentiel_desktop.workspace import Workspace

CHUNK = 500
_META = ("id", "created_at", "updated_at", "deleted_at", "rev", "rev_history")
_REFS = {kind.name: tuple(f.name for f in kind.fields if f.type == "ref") for kind in KINDS}
UNKNOWN_NODE_POSITION = 1_000_000


def ancestry(
    mine_rev: str, mine_history: list[str], theirs_rev: str, theirs_history: list[str]
) -> str:
    """``same``, ``theirs`` (theirs descends from mine), ``mine`` (mine descends from
    theirs) or ``both`` (each side has a revision the other never saw)."""
    if mine_rev == theirs_rev:
        return "same"
    if mine_rev in theirs_history:
        return "theirs"
    if theirs_rev in mine_history:
        return "mine"
    return "both"


def import_bundle(workspace: Workspace, path: str | Path, *, dry_run: bool = False) -> ImportReport:
    """Validate the bundle at ``path`` whole, then merge it (or, with ``dry_run``, say
    what merging would do). A backup is taken before anything is written."""
    found = validate(workspace, path)
    if dry_run:
        return _merge(workspace, found, write=False)
    backup = backup_before_import(workspace)
    report = _merge(workspace, found, write=True)  # one transaction: all of it or nothing
    if not report.changes:
        backup.unlink(missing_ok=True)  # nothing was written: no copy to keep
        return report
    report.backup = backup
    return report


def _chunks(records: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for _kind, group in groupby(records, key=lambda r: r["kind"]):
        chunk: list[dict[str, Any]] = []
        for record in group:
            chunk.append(record)
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk


def _merge(workspace: Workspace, found: Validated, *, write: bool) -> ImportReport:
    report = ImportReport(str(found.path), dry_run=not write)
    report.bundle_edition_id = found.edition_id
    report.unknown_references = sorted(found.unknown_nodes)
    opened = workspace.transaction() if write else workspace.reading()
    with opened as session, ExitStack() as streaming:
        streamed = found.kept is None
        if found.kept is not None:
            chunks = _chunks(found.kept)
            found.kept = None  # merged once: the merge changes them (aliases)
        else:  # read again: hashed again, refused whole if no longer the bytes checked
            reader = streaming.enter_context(BundleReader(found.path))
            chunks = _chunks(iter_records(reader, found.manifest, checked=True))
        report.edition_id = session.scalar(select(Edition.id)) or ""
        merger = _Merger(session, report, write, found.path.name)
        before = latest_seq(session)  # the import's writes follow it in the change log
        if write:
            merger.keep_unknown_nodes(found.unknown_nodes)
        try:
            for chunk in chunks:
                merger.merge(BY_NAME[chunk[0]["kind"]], chunk)
        except BundleError:
            raise
        except Exception:
            if streamed:  # a record altered since the check can fail anywhere: say so
                verify_unchanged(found)
            raise
        if write and report.written:
            mark_received(session, before)
    return report


class _Merger:
    def __init__(self, session: Session, report: ImportReport, write: bool, bundle: str) -> None:
        self.session = session
        self.report = report
        self.write = write
        self.bundle = bundle
        #: a teammate's author or territory that is one of ours under another id
        self.alias: dict[str, str] = {}
        self.tags: dict[str, int] = {}
        self.named: dict[str, _Names] = {}
        self.empty: dict[str, bool] = {}

    def keep_unknown_nodes(self, ids: set[str]) -> None:
        """Referential ids this edition lacks stay, as retired placeholders (a later
        edition that has them takes them over)."""
        present = set(self.session.scalars(select(Node.id).where(Node.id.in_(sorted(ids)))))
        for offset, node_id in enumerate(sorted(ids - present)):
            self.session.add(
                Node(
                    id=node_id,
                    kind="unknown",
                    parent_id=None,
                    position=UNKNOWN_NODE_POSITION + offset,
                    number="",
                    title_fr=node_id,
                    title_en=node_id,
                    body_fr="",
                    body_en="",
                    keywords_fr=[],
                    keywords_en=[],
                    translated=[],
                    retired=1,
                )
            )
        self.session.flush()

    # -- deciding ------------------------------------------------------------------------
    def merge(self, kind: Kind, chunk: list[dict[str, Any]]) -> None:
        refs = _REFS[kind.name]
        if self.alias and refs:  # no alias yet (the common case): nothing to rename
            for record in chunk:
                fields = record["fields"]
                for name in refs:
                    fields[name] = self.alias.get(fields[name], fields[name])
        mine = self._mine(kind, chunk)
        if not mine and not kind.natural_key and not kind.unique_name:
            self._all_new(kind, chunk)  # nothing here to merge with: nothing to decide
            return
        names = self._names(kind)
        adds: list[dict[str, Any]] = []
        claimed: set[tuple[Any, ...]] = set()
        for theirs in chunk:
            local = mine.get(theirs["id"])
            by_key = False
            if local is None and kind.natural_key:
                local = self._holder(kind, theirs)
                if local is not None:  # one thing under two ids: ours is the one
                    self.alias[theirs["id"]] = local["id"]
                    theirs = {**theirs, "id": local["id"]}
                    by_key = True
                elif _key(kind, theirs) in claimed:
                    self._item(kind, theirs, "refused", _("another record here has its place"))
                    continue
            if local is None:
                if kind.natural_key:
                    claimed.add(_key(kind, theirs))
                holder = names.holder(theirs["fields"]["name"]) if kind.unique_name else None
                if holder is not None:  # one name as the app compares names: one record
                    self.alias[theirs["id"]] = holder
                    self.report.count(kind.name, "unchanged")
                else:
                    adds.append(theirs)
                    label = partial(records.label, kind, theirs)
                    self.report.changing(kind.name, theirs["id"], label, "added")
                    if kind.unique_name:
                        names.add(theirs["fields"]["name"], theirs["id"])
                continue
            side = ancestry(
                local["rev"], local["rev_history"], theirs["rev"], theirs["rev_history"]
            )
            if side in ("same", "mine"):
                self.report.count(kind.name, "unchanged")
            elif side == "theirs":
                self._take_theirs(kind, local, theirs, names)
            elif records.same_content(kind, local, theirs):
                self.report.count(kind.name, "unchanged")  # both wrote the same thing
                if by_key and self.write:
                    self._adopt(kind, local, theirs)
            else:
                self._conflict(kind, local, theirs)
        if self.write and adds:
            self._add(kind, adds)

    def _mine(self, kind: Kind, chunk: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """Our records of ``chunk``'s ids: whole where theirs may change them, by revision
        alone where ancestry already keeps ours (the same or newer: all that is asked)."""
        if self._was_empty(kind):
            return {}
        held = records.revisions(self.session, kind, [r["id"] for r in chunk])
        wanted = [
            r["id"]
            for r in chunk
            if r["id"] in held
            and ancestry(*held[r["id"]], r["rev"], r["rev_history"]) not in ("same", "mine")
        ]
        mine = records.load(self.session, kind, ids=wanted) if wanted else {}
        for record_id, (rev, history) in held.items():
            mine.setdefault(record_id, {"id": record_id, "rev": rev, "rev_history": history})
        return mine

    def _all_new(self, kind: Kind, chunk: list[dict[str, Any]]) -> None:
        """Records none of which is held here, of a kind matched by id alone: all added
        (as the loop in :meth:`merge` would decide, one by one)."""
        shown = chunk[: self.report.room]
        for theirs in shown:
            label = partial(records.label, kind, theirs)
            self.report.changing(kind.name, theirs["id"], label, "added")
        self.report.count(kind.name, "added", len(chunk) - len(shown))
        if self.write:
            self._add(kind, chunk)

    def _was_empty(self, kind: Kind) -> bool:
        """Whether ``kind``'s table held nothing when its first records came: then none of
        its records is held here (a bundle names each id once, and the merge writes its
        records under their own ids), and there is nothing to look up."""
        if kind.name not in self.empty:
            table = kind.model.__table__
            self.empty[kind.name] = self.session.scalar(select(table.c.id).limit(1)) is None
        return self.empty[kind.name]

    def _names(self, kind: Kind) -> _Names:
        """The local records of ``kind`` by name, read once per import."""
        if kind.name not in self.named:
            table = kind.model.__table__
            found = _Names()
            if kind.unique_name:
                query = select(table.c.name, table.c.id).order_by(table.c.deleted_at.is_not(None))
                for name, record_id in self.session.execute(query):
                    found.add(name, record_id)
            self.named[kind.name] = found
        return self.named[kind.name]

    def _holder(self, kind: Kind, record: dict[str, Any]) -> dict[str, Any] | None:
        """The local record that holds ``record``'s natural key, if any."""
        table = kind.model.__table__
        query = select(table.c.id).where(
            *(table.c[name] == record["fields"][name] for name in kind.natural_key)
        )
        found = self.session.scalar(query)
        return None if found is None else records.load(self.session, kind, ids=[found])[found]

    def _adopt(self, kind: Kind, local: dict[str, Any], theirs: dict[str, Any]) -> None:
        """Both sides wrote the same thing under two ids: take their revision, with ours in
        its history, so that later edits on either side merge as one-sided changes."""
        history: list[str] = []
        for rev in (*local["rev_history"], local["rev"], *theirs["rev_history"]):
            if rev not in history and rev != theirs["rev"]:
                history.append(rev)
        history.sort(key=lambda r: int(r.split("-", 1)[0]))
        apply_version(self.session, kind, local, theirs["rev"], history)
        self.report.revisions_only += 1
        self.report.wrote(kind.name, local["id"])

    def _take_theirs(
        self, kind: Kind, local: dict[str, Any], theirs: dict[str, Any], names: _Names
    ) -> None:
        if kind.natural_key:
            keeper = self._holder(kind, theirs)
            if keeper is not None and keeper["id"] != local["id"]:
                reason = _("its new place is already another record's here")
                self._item(kind, theirs, "refused", reason)
                return
        if kind.unique_name:
            holder = names.holder(theirs["fields"]["name"])
            if holder is not None and holder != local["id"]:
                reason = _("its new name is already another record's here")
                self._item(kind, theirs, "refused", reason)
                return
            names.add(theirs["fields"]["name"], local["id"])
        deleting = theirs["deleted_at"] is not None and local["deleted_at"] is None
        if records.same_content(kind, local, theirs):
            self.report.count(kind.name, "unchanged")  # only the revision moves on
            self.report.revisions_only += 1
        else:
            outcome = "deleted" if deleting else "updated"
            label = partial(records.label, kind, theirs)
            self.report.changing(kind.name, theirs["id"], label, outcome)
        if self.write:
            apply_version(self.session, kind, theirs, theirs["rev"], theirs["rev_history"])
            self.report.wrote(kind.name, theirs["id"])

    def _conflict(self, kind: Kind, local: dict[str, Any], theirs: dict[str, Any]) -> None:
        self._item(kind, local, "conflicts", "")
        known = self.session.scalar(
            select(ExchangeConflict.id).where(
                ExchangeConflict.kind == kind.name,
                ExchangeConflict.record_id == theirs["id"],
                ExchangeConflict.theirs_rev == theirs["rev"],
            )
        )
        if self.write and known is None:
            self.session.add(
                ExchangeConflict(
                    kind=kind.name,
                    record_id=theirs["id"],
                    theirs_rev=theirs["rev"],
                    theirs_json=json.dumps(records.to_json(theirs), ensure_ascii=False),
                    bundle=self.bundle,
                )
            )

    def _item(self, kind: Kind, record: dict[str, Any], outcome: str, reason: str) -> None:
        self.report.count(kind.name, outcome)
        self.report.items.append(
            {
                "kind": kind.name,
                "id": record["id"],
                "outcome": outcome,
                "label": records.label(kind, record),
                "reason": reason,
            }
        )

    # -- writing -------------------------------------------------------------------------
    def _add(self, kind: Kind, adds: list[dict[str, Any]]) -> None:
        """New records, written in one ``executemany`` a table (and logged with them)."""
        stored = records.columns(kind)
        rows = [
            (
                r["id"],
                r["created_at"],
                r["updated_at"],
                r["deleted_at"],
                r["rev"],
                r["rev_history"][-100:],
                *[r["fields"][name] for name in stored],
            )
            for r in adds
        ]
        insert_rows(self.session, kind.model.__table__, (*_META, *stored), rows)
        self.report.written.setdefault(kind.name, set()).update(r["id"] for r in adds)
        for link in kind.links:
            pairs: set[tuple[str, Any]] = set()
            for r in adds:
                values = r["fields"][link.name]
                if link.value_column == "tag_id":
                    values = tag_ids(self.session, values, self.tags)
                pairs.update((r["id"], v) for v in values)
            if pairs:
                columns = (link.owner_column, link.value_column)
                insert_rows(self.session, link.table.__table__, columns, sorted(pairs))


class _Names:
    """Names as the app matches them (:func:`annotations.people.ids_named`): the exact
    spelling first, else case, accents and ligatures aside; first come, first kept."""

    def __init__(self) -> None:
        self.exact: dict[str, str] = {}
        self.folded: dict[str, str] = {}

    def add(self, name: str, record_id: str) -> None:
        self.exact.setdefault(name, record_id)
        self.folded.setdefault(fold(name), record_id)

    def holder(self, name: str) -> str | None:
        return self.exact.get(name) or self.folded.get(fold(name))


def _key(kind: Kind, record: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(record["fields"][name] for name in kind.natural_key)
