"""The edition id and version of a referential file, read from its head alone.

Every opening asks whether the bundled edition is newer than the loaded one; parsing and
validating the whole file for that cost each command more than its own work, and even
loading the TOML parser costs it a few milliseconds. A head made only of the plainest
TOML lines (``key = "text"``, ``key = 12``, comments, blank lines, ``[edition]``) is read
here line by line; anything else in it is left to ``tomllib``, which decides.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_PLAIN_LINE = re.compile(
    r"[ \t]*(?:(?P<key>[A-Za-z0-9_-]+)[ \t]*=[ \t]*"
    r'(?:"(?P<text>[^"\\\x00-\x1f\x7f]*)"|(?P<number>0|[1-9][0-9]{0,17})))?'
    r"[ \t]*(?:#[^\x00-\x08\x0a-\x1f\x7f]*)?"
)
"""A line whose meaning is plain: a bare key given a basic string without escapes or a
small decimal integer, a comment, or nothing. (The characters refused are those TOML
refuses or escapes; a line holding one is left to ``tomllib``.)"""


def read_edition(path: Path) -> tuple[str, int] | None:
    """The edition id and version of the file at ``path``, read from its head alone.

    The head is everything before the first table after ``[edition]``; when it does not
    hold a valid id and version, ``None`` says to read the file whole.
    """
    try:
        with path.open(encoding="utf-8") as handle:
            head: list[str] = []
            for line in handle:
                stripped = line.strip()
                if stripped.startswith("[") and stripped != "[edition]":
                    break
                head.append(line)
    except (OSError, UnicodeDecodeError):
        return None
    edition = _plain_edition(head)
    if edition is None:
        edition = _parsed_edition("".join(head))
    edition_id, version = edition.get("id"), edition.get("version")
    if isinstance(edition_id, str) and isinstance(version, int) and not isinstance(version, bool):
        return edition_id, version
    return None


def _plain_edition(head: list[str]) -> dict[str, Any] | None:
    """The ``[edition]`` table of a head of plain lines; ``None`` when a line is not
    plain (or a key comes twice, which ``tomllib`` refuses): then it must decide."""
    tables: dict[str, dict[str, Any]] = {"": {}}
    current = tables[""]
    for line in head:
        text = line.removesuffix("\n")
        if text.strip() == "[edition]":
            if text.strip(" \t") != "[edition]" or "edition" in tables or "edition" in current:
                return None
            current = tables["edition"] = {}
            continue
        found = _PLAIN_LINE.fullmatch(text)
        if found is None:
            return None
        key = found.group("key")
        if key is None:
            continue
        if key in current:
            return None
        number = found.group("number")
        current[key] = int(number) if number is not None else found.group("text")
    return tables.get("edition", {})


def _parsed_edition(head: str) -> dict[str, Any]:
    import tomllib  # only for a head that is not plain: the bundled one is

    try:
        edition = tomllib.loads(head).get("edition", {})
    except tomllib.TOMLDecodeError:
        return {}
    return edition if isinstance(edition, dict) else {}
