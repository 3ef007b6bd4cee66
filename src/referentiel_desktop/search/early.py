"""The words typed as the window appears are answered before SQLAlchemy is imported.

The window paints from a ``sqlite3`` read of the referential, and opens the workspace
right after; SQLAlchemy's import alone takes some 0.4 s of it on a slow laptop. A search
needs no ORM to be answered: the build in use is opened with Whoosh when its state says
what ``SearchIndex`` requires (``state.trusted``), read here from the database with
``sqlite3`` in one snapshot, and when it has applied every entry of the change log. The
query runs through the same answering code as every search (``IndexAnswers``).

Anything unsure gives ``None`` (no build yet, another edition, a database to migrate,
writes not yet indexed, any error), and the answer waits for the workspace as before.
The answer is the first, not the last word: once the workspace is open the search
service answers again, after the checks this cannot make (the documents counted).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from referentiel_desktop.paths import DATABASE_NAME, index_dir
from referentiel_desktop.search.location import IndexHome
from referentiel_desktop.search.service import IndexAnswers, SearchResult
from referentiel_desktop.search.state import IndexState, trusted
from referentiel_desktop.store.schema_version import SCHEMA_VERSION


def _database_now(db_path: Path) -> tuple[str, int] | None:
    """The loaded edition (as the index's state names it) and the newest change-log
    entry, read in one snapshot; ``None`` when the file is not at this schema."""
    uri = f"{db_path.absolute().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        conn.execute("BEGIN")  # one snapshot for the three reads
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            return None  # a migration is due: the workspace will see to it
        edition = conn.execute("SELECT id, version FROM edition").fetchone()
        latest = conn.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = 'change_log'"
        ).fetchone()
        conn.rollback()
    if edition is None:
        return None
    return f"{edition[0]}@{edition[1]}", int(latest[0] if latest else 0)


def answer_from_disk(data_dir: Path, text: str, lang: str, **options: Any) -> SearchResult | None:
    """The answer to ``text`` from the build in use when it is known to be up to date
    with the database in ``data_dir``; ``None`` otherwise. ``options``: those of
    ``IndexAnswers.answer``."""
    try:
        folder = IndexHome(index_dir(data_dir)).current()
        if folder is None:
            return None
        now = _database_now(data_dir / DATABASE_NAME)
        if now is None:
            return None
        edition, latest = now
        # Every entry applied: nothing to catch up on, which needs the ORM's records.
        if not trusted(IndexState(folder), edition, latest_seq=latest, forgotten_seq=latest):
            return None
        index = whoosh_index.open_dir(str(folder))
        answers = IndexAnswers()
        try:
            return answers.answer(index, text, lang, **options)
        finally:
            answers.close()
            index.close()
    except Exception:  # noqa: BLE001 - unsure is no answer: the workspace's search answers
        return None
