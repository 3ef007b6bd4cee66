"""The whole bundle is checked before the database is touched: format and version,
sizes, checksum, every record's types, UUIDs and references. Anything wrong is a
:class:`BundleError` naming the first fault; nothing is written.

A bundle whose records are small (:data:`KEEP_BYTES` uncompressed) is kept, parsed, for
the merge, which then neither reads nor checks a record twice; a larger one is streamed
again by the merge (memory stays flat for 200,000 records), its checksum verified again,
so that a file altered between the check and the merge is refused, not half-trusted."""

from __future__ import annotations

import gc
import json
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
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

KEEP_BYTES = 16 * 1024 * 1024
"""Records up to this many bytes (uncompressed JSON) are kept parsed for the merge: about
40 MB of Python objects (parsed, the benchmark's records take 2.6× their JSON); beyond,
they are streamed again."""


@dataclass
class Validated:
    """What the check learnt; the records themselves when they are few (``kept``), else
    nothing of them (the merge streams them again)."""

    path: Path
    manifest: dict[str, Any]
    counts: dict[str, int] = field(default_factory=dict)
    nodes: set[str] = field(default_factory=set)
    unknown_nodes: set[str] = field(default_factory=set)
    kept: list[dict[str, Any]] | None = None

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
            if checked:  # it passed the check: these are other bytes than those checked
                changed = _("the records do not match the manifest's checksum.")
                raise refuse(changed, reader.path) from None
            message = _("record {number} is invalid: {fault}.")
            raise refuse(message.format(number=number, fault=fault), reader.path) from None


def verify_unchanged(found: Validated) -> None:
    """Read the records again and refuse if they are no longer the bytes checked."""
    records = found.manifest["records"]
    with BundleReader(found.path) as reader:
        for _line in hashed_lines(reader, records["sha256"], records["bytes"]):
            pass


@dataclass(frozen=True)
class _Refers:
    """Which fields of a kind name other records or referential nodes."""

    refs: tuple[tuple[str, str], ...]  # (field, kind referred to)
    node: tuple[str, ...]
    nodes: tuple[str, ...]


_REFERS = {
    kind.name: _Refers(
        tuple((f.name, f.ref) for f in kind.fields if f.type == "ref"),
        tuple(f.name for f in kind.fields if f.type == "node"),
        tuple(f.name for f in kind.fields if f.type == "nodes"),
    )
    for kind in KINDS
}


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while records are parsed: they hold no cycle (JSON
    makes trees, freed by their counts), yet the tens of thousands of dicts and lists
    made kept triggering full scans of everything kept so far (a tenth of the pass)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:  # a pass in another thread may have paused it first: it resumes it
            gc.enable()


def validate(workspace: Workspace, path: str | Path) -> Validated:
    """Read the whole bundle at ``path`` and check it; raise :class:`BundleError` if
    anything is wrong. Reads the database (references), writes nothing."""
    with BundleReader(path) as reader, _without_cycle_collection():
        found = Validated(Path(path), _manifest(reader))
        kept: list[dict[str, Any]] | None = (
            [] if found.manifest["records"]["bytes"] <= KEEP_BYTES else None
        )
        owner: dict[str, str] = {}  # each id's kind
        keys: set[tuple[Any, ...]] = set()
        refs: dict[str, set[str]] = {}
        position = 0
        current = ""
        for record in iter_records(reader, found.manifest):
            record_id = record["id"]
            if record_id in owner:
                message = _("the id {id} appears twice.")
                raise refuse(message.format(id=record_id), path)
            if record["kind"] != current:  # records come grouped by kind
                current = record["kind"]
                kind = BY_NAME[current]
                order = ORDER[current]
                if order < position:
                    raise refuse(_("its records are not in the expected order."), path)
                position = order
                refers = _REFERS[current]
                referred = [(name, refs.setdefault(ref, set())) for name, ref in refers.refs]
            owner[record_id] = current
            fields = record["fields"]
            if kind.natural_key:
                key = (current, *(fields[n] for n in kind.natural_key))
                if key in keys:
                    message = _("two of its records of kind {kind} are one and the same ({id}).")
                    raise refuse(message.format(kind=current, id=record_id), path)
                keys.add(key)
            for name, referred_ids in referred:
                referred_ids.add(fields[name])
            for name in refers.node:
                found.nodes.add(fields[name])
            for name in refers.nodes:
                found.nodes.update(fields[name])
            if kept is not None:
                kept.append(record)
        found.counts = dict(Counter(owner.values()))
    declared = found.manifest["records"]["count"]
    if {k: v for k, v in declared.items() if v} != found.counts:
        raise refuse(_("its records do not match the manifest's counts."), path)
    with workspace.reading() as session:
        _one_kind_per_id(session, owner, path)
        for kind_name, ids in refs.items():
            missing = sorted(i for i in ids if i not in owner)
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
    found.kept = kept
    return found


def _one_kind_per_id(session: Session, owner: dict[str, str], path: str | Path) -> None:
    """A UUID names one record: a note may not arrive under the id of a case held here.
    Each table's ids are read once (a scan is quicker than 900-id lookups by the
    thousand, and a data folder's ids fit in memory)."""
    present = set(owner.values())
    for kind in KINDS:
        if not present - {kind.name}:
            continue
        for (held,) in session.execute(select(kind.model.id)):
            name = owner.get(held)
            if name is not None and name != kind.name:
                message = _(
                    "its record {id} (kind {kind}) has the id of a record of kind "
                    "{other} held here."
                )
                found = message.format(kind=kind_name(name), id=held, other=kind_name(kind.name))
                raise refuse(found, path)


__all__ = [
    "KEEP_BYTES",
    "BundleError",
    "Validated",
    "iter_records",
    "parse_kept",
    "parse_record",
    "validate",
    "verify_unchanged",
]
