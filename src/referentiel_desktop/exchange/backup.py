"""The copy of the database taken before an import: the shared, verified backup of
:mod:`referentiel_desktop.store.backups` (SQLite's backup API, ``quick_check``, thinning)."""

from __future__ import annotations

from pathlib import Path

from referentiel_desktop.store import backups
from referentiel_desktop.workspace import Workspace


def backup_before_import(workspace: Workspace) -> Path:
    """Back up the live database as ``backups/referentiel-<UTC time>-import.sqlite3``."""
    return backups.make_backup(workspace, "import").path
