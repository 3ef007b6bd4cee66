"""A build's ``state.json``, and when a build can be trusted.

Read without SQLAlchemy: the window answers the first words typed from the build in use
before SQLAlchemy is imported (``early.py``), by the same rule as ``SearchIndex``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from referentiel_desktop.files import atomic_write_bytes
from referentiel_desktop.search.schema import INDEX_FORMAT
from referentiel_desktop.store.schema_version import SCHEMA_VERSION

STATE_FILE = "state.json"


class IndexState:
    def __init__(self, folder: Path) -> None:
        self.path = folder / STATE_FILE
        try:
            self.data: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}

    def save(self) -> None:
        atomic_write_bytes(self.path, json.dumps(self.data).encode("utf-8"))

    @property
    def seq(self) -> int | None:
        """The last change-log entry applied (``None``: not known, not trusted)."""
        value = self.data.get("seq")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @seq.setter
    def seq(self, value: int) -> None:
        self.data["seq"] = value


def trusted(state: IndexState, edition: str, latest_seq: int, forgotten_seq: int) -> bool:
    """Whether the build ``state`` describes can serve the database whose loaded edition,
    newest change-log entry and last pruned entry are these (catching up from its seq)."""
    seq = state.seq
    return (
        state.data.get("format") == INDEX_FORMAT
        and state.data.get("edition") == edition
        and state.data.get("schema") == SCHEMA_VERSION  # a migration may rewrite records
        and seq is not None
        and forgotten_seq <= seq <= latest_seq  # from this database, not pruned past
    )
