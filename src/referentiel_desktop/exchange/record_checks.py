"""One line of a bundle's ``records.jsonl``, checked: JSON, the keys of a record, and
every value of the type its kind gives it (:mod:`referentiel_desktop.exchange.kinds`),
held to what the app itself allows typed (``safe_text.clean``'s rules, names trimmed,
times every time zone can show, deletion markers only where the app deletes, presets
the booklet accepts). A fault is a :class:`RecordFault`; the caller names the line."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

from referentiel_desktop.booklet.options import BookletOptions
from referentiel_desktop.errors import UserError
from referentiel_desktop.exchange.kinds import BY_NAME, EARLIEST, KINDS, LATEST, Kind, in_reach
from referentiel_desktop.i18n import _
from referentiel_desktop.record_words import kind_name
from referentiel_desktop.safe_text import TEXT_LIMIT, UNSAFE_CHARACTERS, escaped

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_REV = re.compile(r"[0-9]{1,9}-[0-9a-f]{1,64}")
_NODE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,199}")
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


class RecordFault(Exception):
    """One record's fault, turned into a BundleError with its line number."""


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise RecordFault(_("{field} is not text").format(field=what))
    return unicodedata.normalize("NFC", value)


def _keepable(text: str, what: str) -> str:
    """Text the app would keep had it been typed here (``safe_text.clean``'s rules):
    no control character but tab and line breaks, at most ``TEXT_LIMIT`` characters."""
    bad = UNSAFE_CHARACTERS.search(text)
    if bad is not None:
        message = _("{field} holds a control character ({char})")
        raise RecordFault(message.format(field=what, char=escaped(bad.group(0))))
    if len(text) > TEXT_LIMIT:
        message = _("{field} holds more than {limit} characters")
        raise RecordFault(message.format(field=what, limit=f"{TEXT_LIMIT:,}"))
    return text


def _escapes(raw: bytes) -> None:
    """JSON lets a NUL or a lone surrogate in only as a ``\\u`` escape: look closer only
    when the line has one (the common line has none, and this check is the hot path)."""
    if b"\\u" not in raw:
        return
    data = json.loads(raw)
    for value in _strings(data):
        if "\x00" in value:
            raise RecordFault(_("a text holds a NUL character"))
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise RecordFault(_("a text is not valid Unicode")) from error


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
    raise RecordFault(_("{field} is not a UUID").format(field=what))


def _rev(value: Any, what: str) -> str:
    if not isinstance(value, str) or not _REV.fullmatch(value):
        raise RecordFault(_("{field} is not a revision").format(field=what))
    return value


def _time(value: Any, what: str) -> datetime:
    text = _text(value, what)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise RecordFault(_("{field} is not a date and time").format(field=what)) from error
    if moment.tzinfo is None:
        raise RecordFault(_("{field} has no time zone").format(field=what))
    utc = in_reach(moment)
    if utc is None:
        message = _("{field} is not between the years {first} and {last}")
        raise RecordFault(message.format(field=what, first=EARLIEST.year, last=LATEST.year))
    return utc


def _node(value: Any, what: str) -> str:
    if not isinstance(value, str) or not _NODE_ID.fullmatch(value):
        raise RecordFault(_("{field} is not a referential id").format(field=what))
    return value


def _day(text: str, what: str) -> str:
    try:
        if _DAY.fullmatch(text):
            date.fromisoformat(text)
            return text
    except ValueError:
        pass
    raise RecordFault(_("{field} is not a date (YYYY-MM-DD)").format(field=what))


def _preset(text: str, what: str) -> str:
    """A definition the booklet reads, checked by the code that checks a saved preset."""
    try:
        data = json.loads(text) if len(text) <= MAX_JSON_CHARS else None
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        raise RecordFault(_("{field} is not a JSON object of reasonable size").format(field=what))
    try:
        BookletOptions.from_json(data).require_selection()
    except UserError as error:
        message = _("{field} is not a preset the booklet accepts ({reason})")
        raise RecordFault(message.format(field=what, reason=str(error).rstrip("."))) from None
    return text


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list) or len(value) > MAX_LIST:
        raise RecordFault(_("{field} is not a list").format(field=what))
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
            raise RecordFault(_("{field} holds an empty or overlong tag").format(field=what))
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
            raise RecordFault(_("{field} is empty").format(field=what))
    if spec.type == "choice" and text not in spec.choices:
        raise RecordFault(
            _("{field} is not one of {choices}").format(field=what, choices=", ".join(spec.choices))
        )
    if spec.required and not text.strip():
        raise RecordFault(_("{field} is empty").format(field=what))
    return text


def _fast(kind: Kind, name: str) -> Callable[[Any], Any]:
    """The check of one field: the common case (a well-formed value) in a few steps, each
    giving what :func:`_field` gives; anything else goes the whole way, to name the fault."""
    spec = kind.field(name)
    whole = partial(_field, kind, name)
    limit = TEXT_LIMIT
    unsafe = UNSAFE_CHARACTERS.search
    nfc = partial(unicodedata.normalize, "NFC")

    def text(value: Any) -> Any:
        if type(value) is str:
            found = nfc(value)
            if len(found) <= limit and unsafe(found) is None:
                return found
        return whole(value)

    def required_text(value: Any) -> Any:
        if type(value) is str:
            found = nfc(value)
            if len(found) <= limit and unsafe(found) is None and found.strip():
                return found
        return whole(value)

    def matching(pattern: re.Pattern[str]) -> Callable[[Any], Any]:
        full = pattern.fullmatch

        def check(value: Any) -> Any:
            return value if type(value) is str and full(value) else whole(value)

        return check

    def choice(value: Any) -> Any:
        return value if type(value) is str and value in spec.choices else whole(value)

    def names(value: Any) -> Any:
        return [] if type(value) is list and not value else whole(value)

    def nodes(value: Any) -> Any:
        if type(value) is list and len(value) <= MAX_LIST:
            node = _NODE_ID.fullmatch
            if all(type(v) is str and node(v) for v in value):
                return sorted(set(value))
        return whole(value)

    if spec.type == "text":
        return required_text if spec.required else text
    if spec.type == "ref":
        return matching(_UUID)
    if spec.type == "node":
        return matching(_NODE_ID)
    if spec.type == "choice" and all(unicodedata.is_normalized("NFC", c) for c in spec.choices):
        return choice
    if spec.type == "names":
        return names
    if spec.type == "nodes":
        return nodes
    return whole


def _checks(kind: Kind) -> dict[str, Callable[[Any], Any]]:
    """Each field's check, by name (built once per kind)."""
    return {spec.name: _fast(kind, spec.name) for spec in kind.fields}


_CHECKS = {kind.name: _checks(kind) for kind in KINDS}
_FIELD_NAMES = {kind.name: {spec.name for spec in kind.fields} for kind in KINDS}


def _json(raw: bytes) -> Any:
    """``json.loads(raw)``, skipping its guess of the encoding when the line opens as a
    UTF-8 record does (the guess then says UTF-8: same text, same errors)."""
    if raw[:2] == b'{"':
        return json.loads(raw.decode("utf-8", "surrogatepass"))
    return json.loads(raw)


def parse_record(raw: bytes) -> dict[str, Any]:
    """One line of ``records.jsonl``, checked and normalised (NFC text, UTC datetimes)."""
    try:
        data = _json(raw)
        _escapes(raw)
    except (ValueError, RecursionError) as error:
        raise RecordFault(_("it is not valid JSON")) from error
    if not isinstance(data, dict) or data.keys() != _RECORD_KEYS:
        raise RecordFault(_("it is not a record"))
    kind = BY_NAME.get(data["kind"]) if isinstance(data["kind"], str) else None
    if kind is None:
        raise RecordFault(_("its kind is unknown"))
    fields = data["fields"]
    if not isinstance(fields, dict) or fields.keys() != _FIELD_NAMES[kind.name]:
        raise RecordFault(_("its fields are not those of a {kind}").format(kind=kind.name))
    checks = _CHECKS[kind.name]
    history = data["rev_history"]
    if not isinstance(history, list) or len(history) > MAX_HISTORY:
        raise RecordFault(_("its revision history is too long"))
    if data["deleted_at"] is not None and not kind.deletable:
        message = _("it marks deleted a record of kind {kind}, which the application never deletes")
        raise RecordFault(message.format(kind=kind_name(kind.name)))
    record_id = _uuid(data["id"], "id")
    rev = _rev(data["rev"], "rev")
    revs = [_rev(r, "rev_history") for r in history] if history else []
    created = _time(data["created_at"], "created_at")
    # Written once, both times are one text: the same check gives the same moment.
    updated = (
        created
        if data["updated_at"] == data["created_at"]
        else _time(data["updated_at"], "updated_at")
    )
    return {
        "kind": kind.name,
        "id": record_id,
        "rev": rev,
        "rev_history": revs,
        "created_at": created,
        "updated_at": updated,
        "deleted_at": None
        if data["deleted_at"] is None
        else _time(data["deleted_at"], "deleted_at"),
        "fields": {name: checks[name](value) for name, value in fields.items()},
    }


def parse_kept(raw: bytes) -> dict[str, Any] | None:
    """A version kept here earlier (a conflict's theirs), parsed as a bundle's line is;
    ``None`` if it no longer holds to the rules (an older version let it in)."""
    try:
        return parse_record(raw)
    except (RecordFault, ValueError, KeyError, TypeError, AttributeError):
        return None


def trusted(raw: bytes) -> dict[str, Any]:
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
