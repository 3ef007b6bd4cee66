"""A copy of the database taken before an import (SQLite's backup API, never a file copy
of a live database). Stands in until a shared ``store/backups`` module exists."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from referentiel_desktop.files import atomic_output
from referentiel_desktop.workspace import Workspace


def backup_before_import(workspace: Workspace) -> Path:
    """Copy the live database to ``backups/before-import-<UTC time>.sqlite3``."""
    folder = workspace.data_dir / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"before-import-{stamp}.sqlite3"
    source = sqlite3.connect(workspace.db_path)
    try:
        with atomic_output(target) as temporary:
            copy = sqlite3.connect(temporary)
            try:
                source.backup(copy)
            finally:
                copy.close()
    finally:
        source.close()
    return target
