"""Records as a bundle carries them: read from the store, compared, and written out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from referentiel_desktop.exchange.kinds import Kind
from referentiel_desktop.store.models import Tag
from referentiel_desktop.text import fold, name_key

#: what names an inventory record that has no text of its own
_LABELLED = ("question_id", "balise_id", "date", "since", "scenario_id")
_META = ("id", "created_at", "updated_at", "deleted_at", "rev", "rev_history")


def columns(kind: Kind) -> list[str]:
    """The kind's fields stored as columns (the others are links)."""
    linked = {link.name for link in kind.links}
    return [f.name for f in kind.fields if f.name not in linked]


def load(
    session: Session, kind: Kind, where: ColumnElement[bool] | None = None, ids: Iterable[str] = ()
) -> dict[str, dict[str, Any]]:
    """The stored records of ``kind`` (those ``where`` selects, or those with ``ids``),
    by id, in bundle form (``datetime`` times, link fields as lists)."""
    table = kind.model.__table__
    wanted = list(ids)
    picked = [table.c[name] for name in (*_META, *columns(kind))]
    found: dict[str, dict[str, Any]] = {}
    batches = (
        [table.c.id.in_(wanted[i : i + 900]) for i in range(0, len(wanted), 900)]
        if wanted
        else [where]
    )
    stored = columns(kind)
    for condition in batches:
        query = select(*picked) if condition is None else select(*picked).where(condition)
        for row in session.execute(query).mappings():
            found[row["id"]] = {
                "kind": kind.name,
                **{name: row[name] for name in _META},
                "fields": {name: row[name] for name in stored},
            }
    _add_links(session, kind, found)
    return found


def revisions(session: Session, kind: Kind, ids: list[str]) -> dict[str, tuple[str, list[str]]]:
    """The revision and earlier revisions of each stored record of ``kind`` among ``ids``."""
    table = kind.model.__table__
    found: dict[str, tuple[str, list[str]]] = {}
    for start in range(0, len(ids), 900):
        query = select(table.c.id, table.c.rev, table.c.rev_history).where(
            table.c.id.in_(ids[start : start + 900])
        )
        for record_id, rev, history in session.execute(query):
            found[record_id] = (rev, history)
    return found


def _add_links(session: Session, kind: Kind, found: dict[str, dict[str, Any]]) -> None:
    ids = list(found)
    for link in kind.links:
        for record in found.values():
            record["fields"][link.name] = []
        owner = getattr(link.table, link.owner_column)
        value = getattr(link.table, link.value_column)
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            if link.value_column == "tag_id":
                query = select(owner, Tag.name).join(Tag, Tag.id == value)
            else:
                query = select(owner, value)
            for owner_id, item in session.execute(query.where(owner.in_(chunk))):
                found[owner_id]["fields"][link.name].append(item)
        for record in found.values():
            record["fields"][link.name].sort(key=name_key)


def same_content(kind: Kind, one: dict[str, Any], other: dict[str, Any]) -> bool:
    """Whether two versions say the same thing (revisions and times aside)."""
    if (one["deleted_at"] is None) != (other["deleted_at"] is None):
        return False
    for spec in kind.fields:
        a, b = one["fields"][spec.name], other["fields"][spec.name]
        if spec.type == "names":
            if {fold(n) for n in a} != {fold(n) for n in b}:
                return False
        elif spec.type == "nodes":
            if set(a) != set(b):
                return False
        elif a != b:
            return False
    return True


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="microseconds")


def to_json(record: dict[str, Any]) -> dict[str, Any]:
    """A record ready for ``json.dumps`` (times as ISO-8601 UTC)."""
    return {
        "kind": record["kind"],
        "id": record["id"],
        "rev": record["rev"],
        "rev_history": list(record["rev_history"]),
        "created_at": _iso(record["created_at"]),
        "updated_at": _iso(record["updated_at"]),
        "deleted_at": _iso(record["deleted_at"]),
        "fields": record["fields"],
    }


def label(kind: Kind, record: dict[str, Any]) -> str:
    """A short human name for the record: its name, title or the start of its text."""
    fields = record["fields"]
    text = str(
        fields.get("name")
        or fields.get("title")
        or fields.get("text")
        or " ".join(str(fields[n]) for n in _LABELLED if fields.get(n))
        or record["id"]
    )
    line = " ".join(text.split())
    return line if len(line) <= 60 else line[:59] + "…"
