"""Export all the team's records, or a part (one territory, one author, changed since a
date), to a bundle. Private notes stay out unless asked for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select, true
from sqlalchemy.orm import Session

from referentiel_desktop import __version__
from referentiel_desktop.annotations.people import ids_named
from referentiel_desktop.errors import UserError
from referentiel_desktop.exchange import records
from referentiel_desktop.exchange.bundle import FORMAT, VERSION, BundleWriter
from referentiel_desktop.exchange.kinds import BY_NAME, KINDS, Kind
from referentiel_desktop.exchange.received import received_since, written_after
from referentiel_desktop.i18n import _
from referentiel_desktop.store.models import (
    Author,
    Edition,
    InventoryAnswer,
    InventoryAssessment,
    Territory,
    utcnow,
)
from referentiel_desktop.workspace import Workspace

CHUNK = 500


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    counts: dict[str, int]
    edition_id: str

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "counts": self.counts, "edition_id": self.edition_id}


def _one(session: Session, model: type[Author] | type[Territory], name: str) -> str:
    found = ids_named(session, model, name)
    if not found:
        if model is Author:
            raise UserError(_("No author is called {name}.").format(name=name))
        raise UserError(_("No territory is called {name}.").format(name=name))
    return found[0]


def _filters(
    session: Session,
    territory: str | None,
    author: str | None,
    since: datetime | None,
    include_private: bool,
) -> dict[str, ColumnElement[bool]]:
    """Which records of each kind the export selects before references are added."""
    chosen: dict[str, list[ColumnElement[bool]]] = {kind.name: [] for kind in KINDS}
    partial = territory is not None or author is not None
    if territory is not None:
        territory_id = _one(session, Territory, territory)
        chosen["territory"].append(Territory.__table__.c.id == territory_id)
        chosen["case"].append(BY_NAME["case"].model.__table__.c.territory_id == territory_id)
        chosen["note"].append(false())  # a note belongs to the referential, not a territory
        chosen["author"].append(false())  # only those the cases name
        for name in ("inventory_assessment", "inventory_stage"):
            chosen[name].append(BY_NAME[name].model.__table__.c.territory_id == territory_id)
        assessments = select(InventoryAssessment.id).where(
            InventoryAssessment.territory_id == territory_id
        )
        chosen["inventory_answer"].append(
            InventoryAnswer.__table__.c.assessment_id.in_(assessments)
        )
        chosen["inventory_link"].append(false())  # links join questions and balises
        chosen["booklet_preset"].append(false())
    if author is not None:
        author_id = _one(session, Author, author)
        chosen["author"] = [Author.__table__.c.id == author_id]
        for kind in KINDS:
            if "author_id" in kind.by_field:
                chosen[kind.name].append(kind.model.__table__.c.author_id == author_id)
            elif kind.name not in ("author", "territory"):
                chosen[kind.name].append(false())  # a preset has no author
        if territory is None:
            chosen["territory"].append(false())
    received = None if since is None else received_since(session, since)
    for kind in KINDS:
        table = kind.model.__table__
        if since is not None and not (partial and kind.name in ("author", "territory")):
            # changed here since then (this folder's clock), or received since then
            # whatever its author's clock said
            changed = table.c.updated_at >= since
            if received is not None:
                changed = or_(changed, written_after(table, kind.name, received))
            chosen[kind.name].append(changed)
        if kind.private is not None and not include_private:
            column, value = kind.private
            chosen[kind.name].append(table.c[column] != value)
    return {name: and_(true(), *conditions) for name, conditions in chosen.items()}


def bundle_manifest(session: Session, chosen: dict[str, Any]) -> dict[str, Any]:
    """A bundle's manifest: its format, this application, the edition the records point
    to, and what was ``chosen`` (the export's filter, or the server a sync came from)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "app_version": __version__,
        "created_at": utcnow().isoformat(timespec="seconds"),
        "edition_id": session.scalar(select(Edition.id)) or "",
        "filter": chosen,
    }


def export(
    workspace: Workspace,
    out: str | Path,
    *,
    territory: str | None = None,
    author: str | None = None,
    since: datetime | None = None,
    include_private: bool = False,
) -> ExportSummary:
    """Write the selected records to the bundle ``out`` (whole, or not at all)."""
    with workspace.reading() as session:
        where = _filters(session, territory, author, since, include_private)
        # References must resolve on the other side: whatever a chosen record names travels.
        needed: dict[str, set[str]] = {kind.name: set() for kind in KINDS}
        for kind in reversed(KINDS):
            table = kind.model.__table__
            refs = [f for f in kind.fields if f.type == "ref"]
            if not refs:
                continue
            query = select(table.c.id, *(table.c[f.name] for f in refs)).where(
                where[kind.name] | table.c.id.in_(needed[kind.name])
            )
            for row in session.execute(query):
                for spec, value in zip(refs, row[1:], strict=True):
                    needed[spec.ref].add(value)
        manifest = bundle_manifest(
            session,
            {
                "territory": territory,
                "author": author,
                "since": since.isoformat() if since else None,
                "include_private": include_private,
            },
        )
        edition = str(manifest["edition_id"])
        with BundleWriter(out, manifest, workspace.data_dir) as writer:
            for kind in KINDS:
                _write_kind(session, writer, kind, where[kind.name], needed[kind.name])
    return ExportSummary(Path(out), dict(writer.counts), edition)


def _write_kind(
    session: Session,
    writer: BundleWriter,
    kind: Kind,
    where: ColumnElement[bool],
    needed: set[str],
) -> None:
    table = kind.model.__table__
    ids = list(
        session.scalars(
            select(table.c.id).where(where | table.c.id.in_(sorted(needed))).order_by(table.c.id)
        )
    )
    for start in range(0, len(ids), CHUNK):
        found = records.load(session, kind, ids=ids[start : start + CHUNK])
        for record_id in ids[start : start + CHUNK]:
            writer.write(records.to_json(found[record_id]))
