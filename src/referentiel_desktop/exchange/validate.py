"""The whole bundle is checked before the database is touched: format and version,
sizes, checksum, every record's types, UUIDs and references. Anything wrong is a
:class:`BundleError` naming the first fault; nothing is written."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from referentiel_desktop.booklet.options import BookletOptions
from referentiel_desktop.errors import UserError
from referentiel_desktop.exchange.bundle import (
    FORMAT,
    VERSION,
    BundleError,
    BundleReader,
    hashed_lines,
    refuse,
)
from referentiel_desktop.exchange.kinds import (
    BY_NAME,
    EARLIEST,
    KINDS,
    LATEST,
    ORDER,
    Kind,
    in_reach,
)
from referentiel_desktop.i18n import _
from referentiel_desktop.record_words import kind_name
from referentiel_desktop.safe_text import TEXT_LIMIT, UNSAFE_CHARACTERS, escaped
from referentiel_desktop.store.models import Node
from referentiel_desktop.workspace import Workspace

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_REV = re.compile(r"[0-9]{1,9}-[0-9a-f]{1,64}")
_NODE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,199}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_RECORD_KEYS = {
    "kind",
    "id",
    "rev",
    "rev_history",
    "created_at",
    "updated_at",
    "deleted_at",
    "fields",
}
MAX_HISTORY = 1000
MAX_LIST = 500
MAX_TAG_CHARS = 200
MAX_JSON_CHARS = 100_000
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


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


class _Fault(Exception):
    """One record's fault, turned into a BundleError with its line number."""


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise _Fault(_("{field} is not text").format(field=what))
    return unicodedata.normalize("NFC", value)


def _keepable(text: str, what: str) -> str:
    """Text the app would keep had it been typed here (``safe_text.clean``'s rules):
    no control character but tab and line breaks, at most ``TEXT_LIMIT`` characters."""
    bad = UNSAFE_CHARACTERS.search(text)
    if bad is not None:
        message = _("{field} holds a control character ({char})")
        raise _Fault(message.format(field=what, char=escaped(bad.group(0))))
    if len(text) > TEXT_LIMIT:
        message = _("{field} holds more than {limit} characters")
        raise _Fault(message.format(field=what, limit=f"{TEXT_LIMIT:,}"))
    return text


def _escapes(raw: bytes) -> None:
    """JSON lets a NUL or a lone surrogate in only as a ``\\u`` escape: look closer only
    when the line has one (the common line has none, and this check is the hot path)."""
    if b"\\u" not in raw:
        return
    data = json.loads(raw)
    for value in _strings(data):
        if "\x00" in value:
            raise _Fault(_("a text holds a NUL character"))
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise _Fault(_("a text is not valid Unicode")) from error


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _uuid(value: Any, what: str) -> str:
    if isinstance(value, str) and _UUID.fullmatch(value):
        return value
    raise _Fault(_("{field} is not a UUID").format(field=what))


def _rev(value: Any, what: str) -> str:
    if not isinstance(value, str) or not _REV.fullmatch(value):
        raise _Fault(_("{field} is not a revision").format(field=what))
    return value


def _time(value: Any, what: str) -> datetime:
    text = _text(value, what)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise _Fault(_("{field} is not a date and time").format(field=what)) from error
    if moment.tzinfo is None:
        raise _Fault(_("{field} has no time zone").format(field=what))
    utc = in_reach(moment)
    if utc is None:
        message = _("{field} is not between the years {first} and {last}")
        raise _Fault(message.format(field=what, first=EARLIEST.year, last=LATEST.year))
    return utc


def _node(value: Any, what: str) -> str:
    if not isinstance(value, str) or not _NODE_ID.fullmatch(value):
        raise _Fault(_("{field} is not a referential id").format(field=what))
    return value


def _day(text: str, what: str) -> str:
    try:
        if _DAY.fullmatch(text):
            date.fromisoformat(text)
            return text
    except ValueError:
        pass
    raise _Fault(_("{field} is not a date (YYYY-MM-DD)").format(field=what))


def _preset(text: str, what: str) -> str:
    """A definition the booklet reads, checked by the code that checks a saved preset."""
    try:
        data = json.loads(text) if len(text) <= MAX_JSON_CHARS else None
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        raise _Fault(_("{field} is not a JSON object of reasonable size").format(field=what))
    try:
        BookletOptions.from_json(data).require_selection()
    except UserError as error:
        message = _("{field} is not a preset the booklet accepts ({reason})")
        raise _Fault(message.format(field=what, reason=str(error).rstrip("."))) from None
    return text


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list) or len(value) > MAX_LIST:
        raise _Fault(_("{field} is not a list").format(field=what))
    return value


def _field(kind: Kind, name: str, value: Any) -> Any:
    spec = kind.field(name)
    what = f"{kind.name}.{name}"
    if spec.type == "ref":
        return _uuid(value, what)
    if spec.type == "node":
        return _node(value, what)
    if spec.type == "nodes":
        return sorted({_node(v, what) for v in _list(value, what)})
    if spec.type == "names":
        names = [_keepable(_text(v, what).strip(), what) for v in _list(value, what)]
        if any(not n or len(n) > MAX_TAG_CHARS for n in names):
            raise _Fault(_("{field} holds an empty or overlong tag").format(field=what))
        return names
    text = _text(value, what)
    if spec.type == "preset":
        return _preset(text, what)  # JSON: bounded, and its controls are escapes
    text = _keepable(text, what)
    if spec.type == "date":
        return _day(text, what)
    if spec.type == "name":
        text = text.strip()  # as the app trims a name typed or pasted
        if not text:
            raise _Fault(_("{field} is empty").format(field=what))
    if spec.type == "choice" and text not in spec.choices:
        raise _Fault(
            _("{field} is not one of {choices}").format(field=what, choices=", ".join(spec.choices))
        )
    if spec.required and not text.strip():
        raise _Fault(_("{field} is empty").format(field=what))
    return text


def parse_record(raw: bytes) -> dict[str, Any]:
    """One line of ``records.jsonl``, checked and normalised (NFC text, UTC datetimes)."""
    try:
        data = json.loads(raw)
        _escapes(raw)
    except (ValueError, RecursionError) as error:
        raise _Fault(_("it is not valid JSON")) from error
    if not isinstance(data, dict) or set(data) != _RECORD_KEYS:
        raise _Fault(_("it is not a record"))
    kind = BY_NAME.get(data["kind"]) if isinstance(data["kind"], str) else None
    if kind is None:
        raise _Fault(_("its kind is unknown"))
    fields = data["fields"]
    if not isinstance(fields, dict) or set(fields) != {f.name for f in kind.fields}:
        raise _Fault(_("its fields are not those of a {kind}").format(kind=kind.name))
    history = data["rev_history"]
    if not isinstance(history, list) or len(history) > MAX_HISTORY:
        raise _Fault(_("its revision history is too long"))
    if data["deleted_at"] is not None and not kind.deletable:
        message = _("it marks deleted a record of kind {kind}, which the application never deletes")
        raise _Fault(message.format(kind=kind_name(kind.name)))
    return {
        "kind": kind.name,
        "id": _uuid(data["id"], "id"),
        "rev": _rev(data["rev"], "rev"),
        "rev_history": [_rev(r, "rev_history") for r in history],
        "created_at": _time(data["created_at"], "created_at"),
        "updated_at": _time(data["updated_at"], "updated_at"),
        "deleted_at": None
        if data["deleted_at"] is None
        else _time(data["deleted_at"], "deleted_at"),
        "fields": {name: _field(kind, name, value) for name, value in fields.items()},
    }


def parse_kept(raw: bytes) -> dict[str, Any] | None:
    """A version kept here earlier (a conflict's theirs), parsed as a bundle's line is;
    ``None`` if it no longer holds to the rules (an older version let it in)."""
    try:
        return parse_record(raw)
    except (_Fault, ValueError, KeyError, TypeError, AttributeError):
        return None


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


def _trusted(raw: bytes) -> dict[str, Any]:
    """A line that :func:`validate` already checked (the same bytes: the checksum is
    verified again at the end of the pass), normalised as :func:`parse_record` does."""
    data: dict[str, Any] = json.loads(raw)
    for key in ("created_at", "updated_at", "deleted_at"):
        if data[key] is not None:
            data[key] = datetime.fromisoformat(data[key]).astimezone(UTC)
    fields = data["fields"]
    for spec in BY_NAME[data["kind"]].fields:
        value = fields[spec.name]
        if spec.type in ("text", "choice", "date", "preset"):
            fields[spec.name] = unicodedata.normalize("NFC", value)
        elif spec.type == "name":
            fields[spec.name] = unicodedata.normalize("NFC", value).strip()
        elif spec.type == "names":
            fields[spec.name] = [unicodedata.normalize("NFC", v).strip() for v in value]
        elif spec.type == "nodes":
            fields[spec.name] = sorted(set(value))
    return data


def iter_records(
    reader: BundleReader, manifest: dict[str, Any], *, checked: bool = False
) -> Iterator[dict[str, Any]]:
    """The bundle's records, parsed; a fault anywhere is a :class:`BundleError`.
    ``checked``: the file was validated already; only normalise (the faster path)."""
    records = manifest["records"]
    parse = _trusted if checked else parse_record
    for number, line in hashed_lines(reader, records["sha256"], records["bytes"]):
        try:
            yield parse(line)
        except (_Fault, ValueError, KeyError, TypeError, AttributeError) as fault:
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
