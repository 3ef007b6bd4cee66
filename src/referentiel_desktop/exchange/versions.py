"""Writing a teammate's version of a record into the store (a merge, a conflict's
resolution): its columns, its links, and the revision it carries."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from referentiel_desktop.exchange import records
from referentiel_desktop.exchange.kinds import Kind
from referentiel_desktop.store.models import Node, Tag
from referentiel_desktop.text import fold


def tag_ids(session: Session, names: list[str], cache: dict[str, int]) -> list[int]:
    """The ids of the tags ``names`` (folded; created as written when new)."""
    ids: list[int] = []
    for name in names:
        key = fold(name)
        if key not in cache:
            tag = session.scalar(select(Tag).where(Tag.key == key))
            if tag is None:
                tag = Tag(name=name)
                session.add(tag)
                session.flush()
            cache[key] = tag.id
        if cache[key] not in ids:
            ids.append(cache[key])
    return ids


def apply_version(
    session: Session, kind: Kind, version: dict[str, Any], rev: str, history: list[str]
) -> None:
    """Make the stored record say what ``version`` says, under revision ``rev`` (set here,
    so the store keeps it rather than advancing its own)."""
    obj = session.get(kind.model, version["id"])
    assert obj is not None
    for name in records.columns(kind):
        setattr(obj, name, version["fields"][name])
    obj.created_at = version["created_at"]
    obj.updated_at = version["updated_at"]
    obj.deleted_at = version["deleted_at"]
    obj.rev = rev
    obj.rev_history = list(history)[-100:]
    for link in kind.links:
        values = version["fields"][link.name]
        if link.value_column == "tag_id":
            setattr(obj, link.name, [session.get(Tag, i) for i in tag_ids(session, values, {})])
        else:
            setattr(obj, link.name, [session.get(Node, v) for v in values])
    session.flush()
