"""One CouchDB document per record, and back.

A document is the record as a bundle carries it, readable by any CouchDB client: ``_id``
is the record's UUID, ``_rev`` its revision, ``_revisions`` the chain of revisions
before it (CouchDB's tree), ``_deleted`` its deletion marker; ``kind``, the UTC times
and ``fields`` hold the rest. CouchDB's tree is linear per branch, while a conflict
settled here descends from two branches: the document also carries ``rev_history``
(every revision it descends from) so that the other laptops see it settled too.

A settled conflict leaves the losing branch as a leaf on the server; it is closed with a
deleted child marked ``settled_branch``, which every laptop skips.
"""

from __future__ import annotations

import hashlib
from typing import Any

from referentiel_desktop.exchange import records

SETTLED = "settled_branch"


def _generation(rev: str) -> int:
    head = rev.split("-", 1)[0]
    return int(head) if head.isdigit() else 0


def revisions(rev: str, history: list[str]) -> dict[str, Any]:
    """CouchDB's ``_revisions`` for ``rev``: one revision per generation below it, as
    far down as the history holds every generation."""
    by_generation: dict[int, str] = {}
    for earlier in history:
        by_generation[_generation(earlier)] = earlier  # the later-listed one of a generation
    start = _generation(rev)
    ids = [rev.split("-", 1)[1]]
    for generation in range(start - 1, 0, -1):
        found = by_generation.get(generation)
        if found is None:
            break
        ids.append(found.split("-", 1)[1])
    return {"start": start, "ids": ids}


def to_document(record: dict[str, Any]) -> dict[str, Any]:
    data = records.to_json(record)
    doc: dict[str, Any] = {
        "_id": data["id"],
        "_rev": data["rev"],
        "_revisions": revisions(data["rev"], data["rev_history"]),
        "kind": data["kind"],
        "rev_history": data["rev_history"],
        "created_at": data["created_at"],
        "updated_at": data["updated_at"],
        "deleted_at": data["deleted_at"],
        "fields": data["fields"],
    }
    if data["deleted_at"] is not None:
        doc["_deleted"] = True
    return doc


def to_record(doc: dict[str, Any]) -> dict[str, Any]:
    """The bundle record a document stands for (checked afterwards, as a bundle's are):
    its history is CouchDB's chain joined with the one it carries."""
    chain: list[str] = []
    revs = doc.get("_revisions")
    if isinstance(revs, dict) and isinstance(revs.get("ids"), list):
        start = revs.get("start")
        if isinstance(start, int):
            chain = [f"{start - i}-{h}" for i, h in enumerate(revs["ids"]) if isinstance(h, str)]
    carried = doc.get("rev_history")
    history = [r for r in carried if isinstance(r, str)] if isinstance(carried, list) else []
    rev = doc.get("_rev")
    history += [r for r in chain[1:] if r not in history]
    history = sorted({r for r in history if r != rev}, key=_generation)
    return {
        "kind": doc.get("kind"),
        "id": doc.get("_id"),
        "rev": rev,
        "rev_history": history,
        "created_at": doc.get("created_at"),
        "updated_at": doc.get("updated_at"),
        "deleted_at": doc.get("deleted_at"),
        "fields": doc.get("fields"),
    }


def settling(doc_id: str, leaf: str) -> dict[str, Any]:
    """The deleted child that closes ``leaf``, a branch this laptop's version settled
    (the same revision whoever writes it, so two laptops never make two)."""
    digest = hashlib.sha256(f"settled:{leaf}".encode()).hexdigest()[:12]
    generation = _generation(leaf)
    return {
        "_id": doc_id,
        "_rev": f"{generation + 1}-{digest}",
        "_revisions": {"start": generation + 1, "ids": [digest, leaf.split("-", 1)[1]]},
        "_deleted": True,
        SETTLED: True,
    }
