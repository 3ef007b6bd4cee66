"""Records changed on both sides: listed with both versions, and resolved by the user's
choice: keep mine, take theirs, or keep both (theirs becomes a new record)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select

from referentiel_desktop.errors import UserError
from referentiel_desktop.exchange import records
from referentiel_desktop.exchange.kinds import BY_NAME, Kind
from referentiel_desktop.exchange.validate import parse_kept
from referentiel_desktop.exchange.versions import apply_version, tag_ids
from referentiel_desktop.i18n import _
from referentiel_desktop.store.change_log import HISTORY_LENGTH, next_rev
from referentiel_desktop.store.models import ExchangeConflict, new_uuid, utcnow
from referentiel_desktop.workspace import Workspace

CHOICES = ("mine", "theirs", "both")


@dataclass(frozen=True)
class Conflict:
    kind: str
    record_id: str
    bundle: str
    mine: dict[str, Any]
    theirs: dict[str, Any]

    @property
    def label(self) -> str:
        return records.label(BY_NAME[self.kind], self.mine)

    def differences(self) -> list[str]:
        """The fields whose values differ (``deleted`` when one side deleted it)."""
        changed = [
            f.name
            for f in BY_NAME[self.kind].fields
            if self.mine["fields"][f.name] != self.theirs["fields"][f.name]
        ]
        if (self.mine["deleted_at"] is None) != (self.theirs["deleted_at"] is None):
            changed.append("deleted")
        return changed

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.record_id,
            "label": self.label,
            "bundle": self.bundle,
            "differences": self.differences(),
            "mine": records.to_json(self.mine),
            "theirs": records.to_json(self.theirs),
        }


def list_conflicts(workspace: Workspace) -> list[Conflict]:
    """Every pending conflict (the newest version of theirs per record)."""
    found: dict[tuple[str, str], Conflict] = {}
    with workspace.reading() as session:
        rows = session.scalars(select(ExchangeConflict).order_by(ExchangeConflict.created_at))
        for row in rows:
            kind = BY_NAME[row.kind]
            mine = records.load(session, kind, ids=[row.record_id]).get(row.record_id)
            if mine is None:
                continue
            theirs = parse_kept(row.theirs_json.encode())
            if theirs is None:  # kept by an older version, and now refused: mine stands
                continue
            found[(row.kind, row.record_id)] = Conflict(
                row.kind, row.record_id, row.bundle, mine, theirs
            )
    return list(found.values())


def _merged_history(*histories: list[str]) -> tuple[str, list[str]]:
    """A revision that descends from every one given, so that neither side's version
    comes back as a conflict when its bundle is imported again."""
    seen: list[str] = []
    for history in histories:
        seen.extend(r for r in history if r not in seen)
    seen.sort(key=lambda r: int(r.split("-", 1)[0]))
    return next_rev(seen[-1]), seen[-HISTORY_LENGTH:]


def resolve(workspace: Workspace, record_id: str, keep: str) -> Conflict:
    """Settle the conflict on ``record_id``: ``mine``, ``theirs`` or ``both``."""
    if keep not in CHOICES:
        raise UserError(_("Keep mine, theirs or both."))
    pending = [c for c in list_conflicts(workspace) if c.record_id == record_id.strip()]
    if not pending:
        raise UserError(_("No conflict is waiting on {id}.").format(id=record_id))
    conflict = pending[0]
    kind = BY_NAME[conflict.kind]
    if keep == "both" and kind.natural_key:
        raise UserError(_("Two records cannot hold the same place: keep mine or theirs."))
    if keep == "both" and kind.unique_name:
        raise UserError(_("Two records cannot bear the same name: keep mine or theirs."))
    with workspace.transaction() as session:
        revs = [
            r
            for (r,) in session.execute(
                select(ExchangeConflict.theirs_rev).where(
                    ExchangeConflict.kind == conflict.kind,
                    ExchangeConflict.record_id == conflict.record_id,
                )
            )
        ]
        mine, theirs = conflict.mine, conflict.theirs
        rev, history = _merged_history(
            [*mine["rev_history"], mine["rev"]], [*theirs["rev_history"], theirs["rev"]], revs
        )
        chosen = dict(theirs if keep == "theirs" else mine)
        chosen["updated_at"] = utcnow()
        apply_version(session, kind, chosen, rev, history)
        if keep == "both":
            _copy_as_new(session, kind, theirs)
        session.execute(
            delete(ExchangeConflict).where(
                ExchangeConflict.kind == conflict.kind,
                ExchangeConflict.record_id == conflict.record_id,
            )
        )
    return conflict


def _copy_as_new(session: Any, kind: Kind, version: dict[str, Any]) -> str:
    new_id = new_uuid()
    now = utcnow()
    row = {
        "id": new_id,
        "created_at": now,
        "updated_at": now,
        "deleted_at": None,
        "rev": next_rev("0"),
        "rev_history": [],
        **{name: version["fields"][name] for name in records.columns(kind)},
    }
    session.execute(insert(kind.model), [row])
    for link in kind.links:
        values = version["fields"][link.name]
        if link.value_column == "tag_id":
            values = tag_ids(session, values, {})
        if values:
            session.execute(
                insert(link.table),
                [{link.owner_column: new_id, link.value_column: v} for v in values],
            )
    return new_id


def count_conflicts(workspace: Workspace) -> int:
    return len(list_conflicts(workspace))


__all__ = ["CHOICES", "Conflict", "count_conflicts", "json", "list_conflicts", "resolve"]
