"""How many notes and cases the team has on each balise, read straight from SQLite.

The map of the referential is the window's first page: it shows these counts before the
full workspace (SQLAlchemy) is open, so this is a plain read-only ``sqlite3`` query.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import NamedTuple


class Counts(NamedTuple):
    notes: int = 0
    cases: int = 0


def read_counts(db_path: Path) -> dict[str, Counts]:
    """Live notes per target and live cases per balise; empty when there is no database."""
    if not db_path.exists():
        return {}
    try:
        conn = sqlite3.connect(f"{db_path.absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return {}
    try:
        notes = conn.execute(
            "SELECT target_id, count(*) FROM note WHERE deleted_at IS NULL GROUP BY target_id"
        ).fetchall()
        cases = conn.execute(
            "SELECT b.node_id, count(*) FROM case_balise b JOIN case_record c ON c.id = b.case_id"
            " WHERE c.deleted_at IS NULL GROUP BY b.node_id"
        ).fetchall()
    except sqlite3.Error:
        return {}
    finally:
        conn.close()
    found: dict[str, Counts] = {}
    for node_id, count in notes:
        found[str(node_id)] = Counts(notes=int(count))
    for node_id, count in cases:
        found[str(node_id)] = Counts(found.get(str(node_id), Counts()).notes, int(count))
    return found
