"""Read and validate a bilingual referential file (TOML).

The format is described in ``resources/referential/README.md``. Everything read is
normalised to NFC here, where it enters the application. A file with any problem is
refused whole, with every problem listed, so that loading it changes nothing.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.referential.kinds import NODE_KINDS

LANGS = ("fr", "en")
SUPPORTED_SCHEMA = 1
MAX_FILE_BYTES = 5_000_000
"""A referential file is about 85 kB; anything past 5 MB is refused before parsing."""
MAX_DEPTH = 8
"""Tables and arrays nest at most this deep (the format needs 4)."""
_ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(\.[a-z0-9]+)*$")


class ReferentialError(UserError):
    """A referential file that cannot be loaded; ``problems`` lists why."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:20])
        more = "\n  …" if len(problems) > 20 else ""
        header = _("{source} is not a valid referential file:").format(source=source)
        super().__init__(f"{header}\n{shown}{more}")


@dataclass(frozen=True)
class NodeData:
    id: str
    kind: str
    parent: str
    number: str
    title: dict[str, str]
    body: dict[str, str]
    keywords: dict[str, list[str]]
    translated: list[str]
    source: dict[str, Any] = field(default_factory=dict)
    see: list[str] = field(default_factory=list)

    def seed_title(self, lang: str) -> str:
        """The title as the source text prints it (capitals, a typo), when it was edited."""
        return str(self.source.get("title", {}).get(lang) or self.title[lang])


@dataclass(frozen=True)
class ReferentialFile:
    edition_id: str
    version: int
    date: str
    provenance: dict[str, Any]
    nodes: list[NodeData] = field(default_factory=list)


def nfc(value: Any) -> Any:
    """NFC-normalise every string inside ``value`` (dicts and lists included)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: nfc(v) for k, v in value.items()}
    return value


def _bilingual_text(raw: Any, where: str, problems: list[str], required: bool) -> dict[str, str]:
    if raw is None and not required:
        return {"fr": "", "en": ""}
    if not isinstance(raw, dict):
        problems.append(f"{where}: expected a table with 'fr' and 'en'")
        return {"fr": "", "en": ""}
    out: dict[str, str] = {}
    for lang in LANGS:
        value = raw.get(lang, "")
        if not isinstance(value, str):
            problems.append(f"{where}.{lang}: expected text")
            value = ""
        if required and not value.strip():
            problems.append(f"{where}.{lang}: is empty")
        out[lang] = value.strip()
    if not required and bool(out["fr"]) != bool(out["en"]):
        problems.append(f"{where}: given in one language only")
    return out


def _keywords(raw: Any, where: str, problems: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"fr": [], "en": []}
    if raw is None:
        return out
    if not isinstance(raw, dict):
        problems.append(f"{where}: expected a table with 'fr' and 'en' lists")
        return out
    for lang in LANGS:
        value = raw.get(lang, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"{where}.{lang}: expected a list of words")
            continue
        out[lang] = [v.strip() for v in value if v.strip()]
    return out


def _source(raw: Any, where: str, problems: list[str]) -> dict[str, Any]:
    """Where the shown text departs from the source text, the source's form: whole
    titles (``title = {fr, en}``), fragments of bodies (``body = {fr = [{seed, shown}]}``)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict) or set(raw) - {"title", "body"}:
        problems.append(f"{where}: expected a table with 'title' and/or 'body'")
        return {}
    titles = raw.get("title", {})
    if not isinstance(titles, dict) or not all(
        lang in LANGS and isinstance(text, str) and text.strip() for lang, text in titles.items()
    ):
        problems.append(f"{where}.title: expected texts under 'fr' and 'en'")
        titles = {}
    bodies = raw.get("body", {})
    ok = isinstance(bodies, dict) and all(
        lang in LANGS
        and isinstance(edits, list)
        and all(
            isinstance(e, dict)
            and set(e) == {"seed", "shown"}
            and all(isinstance(v, str) for v in e.values())
            for e in edits
        )
        for lang, edits in bodies.items()
    )
    if not ok:
        problems.append(f"{where}.body: expected lists of {{seed, shown}} under 'fr' and 'en'")
        bodies = {}
    return {k: v for k, v in (("title", titles), ("body", bodies)) if v}


def _node(raw: Any, index: int, seen: set[str], problems: list[str]) -> NodeData | None:
    if not isinstance(raw, dict):
        problems.append(f"node #{index + 1}: expected a table")
        return None
    node_id = raw.get("id")
    if not isinstance(node_id, str) or not _ID_PATTERN.match(node_id):
        problems.append(f"node #{index + 1}: invalid id {node_id!r}")
        return None
    where = f"node {node_id}"
    if node_id in seen:
        problems.append(f"{where}: duplicate id")
    kind = raw.get("kind")
    if kind not in NODE_KINDS:
        problems.append(f"{where}: unknown kind {kind!r} (expected one of {', '.join(NODE_KINDS)})")
    parent = raw.get("parent", "") or ""
    if not isinstance(parent, str) or (parent and parent not in seen):
        problems.append(f"{where}: parent {parent!r} is not a node defined before it")
    number = raw.get("number", "")
    translated = raw.get("translated", [])
    if not isinstance(translated, list) or not all(isinstance(t, str) for t in translated):
        problems.append(f"{where}.translated: expected a list of field names")
        translated = []
    see = raw.get("see", [])
    if not isinstance(see, list) or not all(isinstance(s, str) for s in see):
        problems.append(f"{where}.see: expected a list of node ids")
        see = []
    return NodeData(
        id=node_id,
        kind=str(kind),
        parent=str(parent),
        number=str(number),
        title=_bilingual_text(raw.get("title"), f"{where}.title", problems, required=True),
        body=_bilingual_text(raw.get("body"), f"{where}.body", problems, required=False),
        keywords=_keywords(raw.get("keywords"), f"{where}.keywords", problems),
        translated=list(translated),
        source=_source(raw.get("source"), f"{where}.source", problems),
        see=list(see),
    )


def _shape_problems(data: Any) -> list[str]:
    """Values TOML allows but the format does not: dates and times (which JSON cannot
    hold), and nesting past :data:`MAX_DEPTH`. Walked without recursion."""
    problems: list[str] = []
    pending: list[tuple[Any, str, int]] = [(data, "", 0)]
    while pending:
        value, where, depth = pending.pop()
        if depth > MAX_DEPTH:
            problems.append(f"{where or 'file'}: nested deeper than {MAX_DEPTH} levels")
            continue
        if isinstance(value, dict):
            pending += [
                (v, f"{where}.{k}" if where else str(k), depth + 1) for k, v in value.items()
            ]
        elif isinstance(value, list):
            pending += [(v, f"{where}[{i}]", depth + 1) for i, v in enumerate(value)]
        elif isinstance(value, (datetime.date, datetime.time)):
            problems.append(f"{where}: a TOML date or time where text is expected (quote it)")
    return sorted(problems)


def parse_text(text: str, source: str = "referential") -> ReferentialFile:
    """Parse and validate referential TOML text; raise :class:`ReferentialError`."""
    import tomllib  # here: an ordinary opening reads no TOML (see edition_head)

    if len(text) > MAX_FILE_BYTES:
        raise ReferentialError(source, [f"larger than {MAX_FILE_BYTES:,} bytes"])
    try:
        data = nfc(tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        raise ReferentialError(source, [f"not valid TOML: {error}"]) from error
    except RecursionError as error:
        raise ReferentialError(source, [f"nested deeper than {MAX_DEPTH} levels"]) from error
    problems = _shape_problems(data)
    if problems:
        raise ReferentialError(source, problems)
    if data.get("schema") != SUPPORTED_SCHEMA:
        problems.append(f"schema: expected {SUPPORTED_SCHEMA}, found {data.get('schema')!r}")
    edition = data.get("edition")
    if not isinstance(edition, dict):
        edition = {}
        problems.append("[edition]: missing")
    edition_id = edition.get("id")
    if not isinstance(edition_id, str) or not edition_id.strip():
        problems.append("edition.id: missing")
        edition_id = ""
    version = edition.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append("edition.version: expected a whole number from 1")
        version = 0
    provenance = data.get("provenance")
    if not isinstance(provenance, dict):
        problems.append("[provenance]: missing")
        provenance = {}
    else:
        _bilingual_text(provenance.get("title"), "provenance.title", problems, required=True)
    raw_nodes = data.get("node")
    if not isinstance(raw_nodes, list) or not raw_nodes:
        problems.append("[[node]]: no nodes")
        raw_nodes = []
    nodes: list[NodeData] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_nodes):
        node = _node(raw, index, seen, problems)
        if node is not None:
            seen.add(node.id)
            nodes.append(node)
    for node in nodes:
        for target in node.see:
            if target not in seen:
                problems.append(f"node {node.id}.see: {target!r} is not a node of this file")
    if problems:
        raise ReferentialError(source, problems)
    return ReferentialFile(
        edition_id=edition_id,
        version=version,
        date=str(edition.get("date", "")),
        provenance=provenance,
        nodes=nodes,
    )


def parse_file(path: Path) -> ReferentialFile:
    """Read and validate the referential file at ``path``."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ReferentialError(str(path), [f"larger than {MAX_FILE_BYTES:,} bytes"])
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ReferentialError(str(path), [f"cannot be read: {error}"]) from error
    return parse_text(text, str(path))
