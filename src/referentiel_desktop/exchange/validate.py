"""The whole bundle is checked before the database is touched: format and version,
sizes, checksum, every record's types, UUIDs and references. Anything wrong is a
:class:`BundleError` naming the first fault; nothing is written."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from referentiel_desktop.exchange.bundle import (
    FORMAT,
    VERSION,
    BundleError,
    BundleReader,
    hashed_lines,
    refuse,
)
from referentiel_desktop.exchange.kinds import BY_NAME, KINDS, ORDER
from referentiel_desktop.exchange.record_checks import (
    RecordFault,
    parse_kept,
    parse_record,
    trusted,
)
from referentiel_desktop.i18n import _
from referentiel_desktop.record_words import kind_name
from referentiel_desktop.store.models import Node
from referentiel_desktop.workspace import Workspace

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass
class Validated:
    """What the check learnt, without keeping the records (they are streamed again)."""

    path: Path
    manifest: dict[str, Any]
    counts: dict[str, int] = field(default_factory=dict)
    nodes: set[str] = field(default_factory=set)
    unknown_nodes: set[str] = field(default_factory=set)

    @property
    def edition_id(self) -> str:
        return str(self.manifest["edition_id"])


def _manifest(reader: BundleReader) -> dict[str, Any]:
    try:
        manifest = json.loads(reader.manifest_bytes)
    except (ValueError, RecursionError) as error:
        raise refuse(_("its manifest is not valid JSON."), reader.path) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise refuse(_("it is not a Référentiel Desktop bundle."), reader.path)
    version = manifest.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise refuse(_("its format version is missing."), reader.path)
    if version > VERSION:
        message = _(
            "it was made by a newer Référentiel Desktop (format {found}; this one "
            "reads up to {known}): please update the application."
        )
        raise refuse(message.format(found=version, known=VERSION), reader.path)
    records = manifest.get("records")
    edition = manifest.get("edition_id")
    if (
        not isinstance(edition, str)
        or not isinstance(records, dict)
        or not isinstance(records.get("sha256"), str)
        or not _SHA256.fullmatch(records["sha256"])
        or not isinstance(records.get("bytes"), int)
        or not isinstance(records.get("count"), dict)
    ):
        raise refuse(_("its manifest is incomplete."), reader.path)
    return manifest


def iter_records(
    reader: BundleReader, manifest: dict[str, Any], *, checked: bool = False
) -> Iterator[dict[str, Any]]:
    """The bundle's records, parsed; a fault anywhere is a :class:`BundleError`.
    ``checked``: the file was validated already; only normalise (the faster path)."""
    records = manifest["records"]
    parse = trusted if checked else parse_record
    for number, line in hashed_lines(reader, records["sha256"], records["bytes"]):
        try:
            yield parse(line)
        except (RecordFault, ValueError, KeyError, TypeError, AttributeError) as fault:
            message = _("record {number} is invalid: {fault}.")
            raise refuse(message.format(number=number, fault=fault), reader.path) from None


def validate(workspace: Workspace, path: str | Path) -> Validated:
    """Read the whole bundle at ``path`` and check it; raise :class:`BundleError` if
    anything is wrong. Reads the database (references), writes nothing."""
    with BundleReader(path) as reader:
        found = Validated(Path(path), _manifest(reader))
        seen: set[str] = set()
        kinds_of: dict[str, set[str]] = {}
        keys: set[tuple[Any, ...]] = set()
        refs: dict[str, set[str]] = {}
        position = 0
        for record in iter_records(reader, found.manifest):
            kind = BY_NAME[record["kind"]]
            if record["id"] in seen:
                message = _("the id {id} appears twice.")
                raise refuse(message.format(id=record["id"]), path)
            seen.add(record["id"])
            kinds_of.setdefault(kind.name, set()).add(record["id"])
            order = ORDER[kind.name]
            if order < position:
                raise refuse(_("its records are not in the expected order."), path)
            position = order
            found.counts[kind.name] = found.counts.get(kind.name, 0) + 1
            if kind.natural_key:
                key = (kind.name, *(record["fields"][n] for n in kind.natural_key))
                if key in keys:
                    message = _("two of its records of kind {kind} are one and the same ({id}).")
                    raise refuse(message.format(kind=kind.name, id=record["id"]), path)
                keys.add(key)
            for spec in kind.fields:
                value = record["fields"][spec.name]
                if spec.type == "ref":
                    refs.setdefault(spec.ref, set()).add(value)
                elif spec.type == "node":
                    found.nodes.add(value)
                elif spec.type == "nodes":
                    found.nodes.update(value)
    declared = found.manifest["records"]["count"]
    if {k: v for k, v in declared.items() if v} != found.counts:
        raise refuse(_("its records do not match the manifest's counts."), path)
    with workspace.reading() as session:
        _one_kind_per_id(session, kinds_of, path)
        for kind_name, ids in refs.items():
            missing = sorted(ids - seen)
            model = BY_NAME[kind_name].model
            for start in range(0, len(missing), 900):
                chunk = missing[start : start + 900]
                known = set(session.scalars(select(model.id).where(model.id.in_(chunk))))
                for unknown in chunk:
                    if unknown not in known:
                        message = _(
                            "it refers to a {kind} that neither it nor this data holds ({id})."
                        )
                        raise refuse(message.format(kind=kind_name, id=unknown), path)
        wanted = sorted(found.nodes)
        for start in range(0, len(wanted), 900):
            chunk = wanted[start : start + 900]
            live = select(Node.id).where(Node.id.in_(chunk), Node.retired == 0)
            known = set(session.scalars(live))
            found.unknown_nodes.update(n for n in chunk if n not in known)
    return found


def _one_kind_per_id(session: Session, kinds_of: dict[str, set[str]], path: str | Path) -> None:
    """A UUID names one record: a note may not arrive under the id of a case held here.
    Each table's ids are read once (a scan is quicker than 900-id lookups by the
    thousand, and a data folder's ids fit in memory)."""
    for kind in KINDS:
        others = {name: ids for name, ids in kinds_of.items() if name != kind.name}
        if not others:
            continue
        for (held,) in session.execute(select(kind.model.id)):
            for name, ids in others.items():
                if held in ids:
                    message = _(
                        "its record {id} (kind {kind}) has the id of a record of kind "
                        "{other} held here."
                    )
                    found = message.format(
                        kind=kind_name(name), id=held, other=kind_name(kind.name)
                    )
                    raise refuse(found, path)


__all__ = ["BundleError", "Validated", "iter_records", "parse_kept", "parse_record", "validate"]
