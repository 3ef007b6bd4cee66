"""The referential in the store: install or upgrade an edition, read its nodes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.store.models import Edition, Node, utcnow

if TYPE_CHECKING:  # the loader (and its validation) loads only to install a file
    from referentiel_desktop.referential.loader import ReferentialFile


@dataclass(frozen=True)
class InstallReport:
    edition_id: str
    version: int
    added: int
    updated: int
    retired: int


def current_edition(session: Session) -> Edition | None:
    return session.scalars(select(Edition)).first()


def provenance(session: Session) -> dict[str, Any]:
    edition = current_edition(session)
    return json.loads(edition.provenance_json) if edition else {}


def install(session: Session, ref: ReferentialFile) -> InstallReport:
    """Make ``ref`` the loaded edition, in the caller's transaction.

    Nodes are upserted by their stable id. A node the new edition no longer has is
    marked retired, not deleted: notes and cases attached to it keep their target.
    """
    existing = {node.id: node for node in session.scalars(select(Node))}
    added = updated = 0
    for position, data in enumerate(ref.nodes):
        node = existing.pop(data.id, None)
        if node is None:
            node = Node(id=data.id)
            session.add(node)
            added += 1
        else:
            updated += 1
        node.kind = data.kind
        node.parent_id = data.parent or None
        node.position = position
        node.number = data.number
        node.title_fr, node.title_en = data.title["fr"], data.title["en"]
        node.body_fr, node.body_en = data.body["fr"], data.body["en"]
        node.keywords_fr, node.keywords_en = data.keywords["fr"], data.keywords["en"]
        node.translated = data.translated
        node.source_json = json.dumps(data.source, ensure_ascii=False)
        node.see = data.see
        node.retired = 0
    for node in existing.values():
        node.retired = 1
    for old in session.scalars(select(Edition)):
        session.delete(old)
    session.flush()
    session.add(
        Edition(
            id=ref.edition_id,
            version=ref.version,
            date=ref.date,
            provenance_json=json.dumps(ref.provenance, ensure_ascii=False),
            loaded_at=utcnow(),
        )
    )
    return InstallReport(ref.edition_id, ref.version, added, updated, len(existing))


def needs_install(session: Session, edition_id: str, version: int) -> bool:
    """True at first start, and when the bundled edition (``edition_id`` at ``version``)
    is newer than the loaded one."""
    edition = current_edition(session)
    loaded = None if edition is None else (edition.id, edition.version)
    return install_needed(loaded, edition_id, version)


def loaded_edition(conn: Connection) -> tuple[str, int] | None:
    """The loaded edition's id and version (``None`` before the first install), read with
    plain SQL: every opening asks, and needs no ORM statement for it."""
    row = conn.exec_driver_sql("SELECT id, version FROM edition").first()
    return None if row is None else (str(row[0]), int(row[1]))


def install_needed(loaded: tuple[str, int] | None, edition_id: str, version: int) -> bool:
    """:func:`needs_install` from the ``loaded`` edition's id and version."""
    if loaded is None:
        return True
    return loaded[0] == edition_id and version > loaded[1]


def list_nodes(session: Session, kind: str | None = None) -> list[Node]:
    query = select(Node).where(Node.retired == 0).order_by(Node.position)
    if kind:
        query = query.where(Node.kind == kind)
    return list(session.scalars(query))


def get_node(session: Session, node_id: str) -> Node | None:
    return session.get(Node, node_id)


def children(session: Session, node_id: str) -> list[Node]:
    query = select(Node).where(Node.parent_id == node_id, Node.retired == 0).order_by(Node.position)
    return list(session.scalars(query))


def close_ids(session: Session, wanted: str, limit: int = 5) -> list[str]:
    """Ids that look like ``wanted``, for "did you mean" messages."""
    ids = list(session.scalars(select(Node.id).where(Node.retired == 0)))
    import difflib  # here: only a mistyped id needs it

    close = difflib.get_close_matches(wanted, ids, n=limit, cutoff=0.6)
    if not close:
        close = [i for i in ids if i.startswith(wanted.split(".")[0] + ".")][:limit]
    return close


class UnknownNodeError(UserError):
    def __init__(self, node_id: str, suggestions: list[str]) -> None:
        self.node_id = node_id
        self.suggestions = suggestions
        message = _("No referential item has the id {id}.").format(id=repr(node_id))
        if suggestions:
            message += " " + _("Did you mean: {ids}?").format(ids=", ".join(suggestions))
        super().__init__(message)


def known_node(session: Session, node_id: str) -> Node:
    """Any node of the referential, retired ones too (what was attached to them stays
    listable); an id never seen is an error."""
    node = get_node(session, node_id)
    if node is None:
        raise UnknownNodeError(node_id, close_ids(session, node_id))
    return node


def require_node(session: Session, node_id: str) -> Node:
    node = get_node(session, node_id)
    if node is None or node.retired:
        raise UnknownNodeError(node_id, close_ids(session, node_id))
    return node
