"""A quick, read-only view of the referential's nodes straight from SQLite.

The window paints its tree from this before SQLAlchemy is even imported (importing it
costs about 200 ms, more than a bare Qt window takes to paint): start-up reads with the
standard library's ``sqlite3`` and opens the full :class:`Workspace` right after the
first paint. Views get plain named tuples, never live ORM objects (a named tuple is made
in a tenth of the time a dataclass takes at import, which runs before the first paint).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import NamedTuple


class NodeView(NamedTuple):
    id: str
    kind: str
    parent_id: str | None
    position: int
    number: str
    title_fr: str
    title_en: str
    body_fr: str
    body_en: str
    keywords_fr: tuple[str, ...]
    keywords_en: tuple[str, ...]
    translated: tuple[str, ...]
    see: tuple[str, ...] = ()
    seed_titles: tuple[tuple[str, str], ...] = ()

    def title(self, lang: str) -> str:
        return self.title_fr if lang == "fr" else self.title_en

    def body(self, lang: str) -> str:
        return self.body_fr if lang == "fr" else self.body_en

    def keywords(self, lang: str) -> tuple[str, ...]:
        return self.keywords_fr if lang == "fr" else self.keywords_en

    def is_translation(self, field: str, lang: str) -> bool:
        """True when ``field`` (``title``, ``body``, ``keywords``) in ``lang`` was
        translated for this project rather than given by the source texts."""
        return f"{field}.{lang}" in self.translated

    def seed_title(self, lang: str) -> str:
        """The title as the source text prints it, when it was edited for reading."""
        return dict(self.seed_titles).get(lang, self.title(lang))


_COLUMNS = (
    "id, kind, parent_id, position, number, title_fr, title_en, body_fr, body_en, "
    "keywords_fr, keywords_en, translated, see, source_json"
)


def _view(row: tuple[object, ...]) -> NodeView:
    values = list(row)
    return NodeView(
        id=str(values[0]),
        kind=str(values[1]),
        parent_id=None if values[2] is None else str(values[2]),
        position=int(str(values[3])),
        number=str(values[4]),
        title_fr=str(values[5]),
        title_en=str(values[6]),
        body_fr=str(values[7]),
        body_en=str(values[8]),
        keywords_fr=_words(values[9]),
        keywords_en=_words(values[10]),
        translated=_words(values[11]),
        see=_words(values[12]),
        seed_titles=tuple(sorted(json.loads(str(values[13])).get("title", {}).items())),
    )


def _words(stored: object) -> tuple[str, ...]:
    # A list that cannot be decoded reads as empty, as in the ORM: `doctor` reports it.
    try:
        value = json.loads(str(stored))
    except ValueError:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def read_nodes(db_path: Path, expected_schema: int | None = None) -> list[NodeView] | None:
    """Every live node in reading order, or ``None`` when the database is missing, at
    another schema version than ``expected_schema``, or holds no referential yet (the
    caller then opens the full workspace, which migrates and installs)."""
    if not db_path.exists():
        return None
    try:
        conn = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 or (expected_schema is not None and version != expected_schema):
            return None
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM node WHERE retired = 0 ORDER BY position"
        ).fetchall()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return [_view(row) for row in rows] or None


def _edition_row(db_path: Path, columns: str) -> tuple[object, ...] | None:
    """One row of the edition table, read-only; ``None`` when there is none to read."""
    try:
        conn = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
        try:
            row: tuple[object, ...] | None = conn.execute(
                f"SELECT {columns} FROM edition"
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row


def read_edition(db_path: Path) -> tuple[str, int] | None:
    """The loaded edition's id and version, or ``None``."""
    row = _edition_row(db_path, "id, version")
    return None if row is None else (str(row[0]), int(str(row[1])))


def read_provenance(db_path: Path) -> dict[str, object]:
    """The loaded edition's provenance (title, authors, licence…), or an empty dict."""
    row = _edition_row(db_path, "provenance_json")
    return {} if row is None else dict(json.loads(str(row[0])))
