"""Whether the data file this process writes is still the one in the data folder.

Sync clients (OneDrive, Dropbox, some Nextcloud clients) rename, replace or delete files
they do not know, ``-wal`` included, under a running program. SQLite keeps writing
through the file descriptors it holds, so without a look before each write a window
would go on acknowledging notes into a file that nobody will open again.

- The database file moved, replaced or gone: nothing more is written; the user is told
  to reopen the application.
- Its ``-wal`` removed: our open connections still hold the journal, so a checkpoint
  through them copies every acknowledged write into the database file; the connections
  are then closed so that the next one starts a fresh journal. The write that noticed is
  refused, with a message, and the next one goes through.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _

Identity = tuple[int, int]


def identity(path: Path) -> Identity | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


class DataFileReplacedError(UserError):
    """The data file was moved or replaced under this process: it writes no more."""


class JournalRemovedError(UserError):
    """The ``-wal`` was removed under this process; what it held was saved first."""


@dataclass
class DataFileWatch:
    db_path: Path
    database: Identity | None = None
    journal: Identity | None = None
    stopped: str = ""

    @property
    def journal_path(self) -> Path:
        return Path(f"{self.db_path}-wal")

    def remember(self) -> None:
        """What the files are now (after opening, and after each commit of ours)."""
        self.database = identity(self.db_path)
        self.journal = identity(self.journal_path)

    def forget_journal(self) -> None:
        """Our connections were closed (a restore): SQLite removed the journal itself."""
        self.journal = None

    def check(self) -> str:
        """``""``, ``"database"`` (moved or replaced) or ``"journal"`` (``-wal`` removed)."""
        if self.stopped:
            return "database"
        if self.database is not None and identity(self.db_path) != self.database:
            return "database"
        if self.journal is not None and identity(self.journal_path) != self.journal:
            return "journal"
        return ""

    def stop(self) -> DataFileReplacedError:
        message = _(
            "The data file {path} was moved, replaced or removed by another program (a "
            "sync client?) while Référentiel Desktop had it open. Nothing more is saved "
            "in it: close the application and open it again. Keep the data folder "
            "outside OneDrive, Dropbox and Nextcloud."
        )
        self.stopped = message.format(path=self.db_path)
        return DataFileReplacedError(self.stopped)

    @staticmethod
    def journal_removed() -> JournalRemovedError:
        message = _(
            "Another program (a sync client?) removed the data file's journal. "
            "Everything saved until now was kept; this last change was not saved: do it "
            "again. Keep the data folder outside OneDrive, Dropbox and Nextcloud."
        )
        return JournalRemovedError(message)
