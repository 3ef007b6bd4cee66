"""Where file dialogs open, and the file name they propose.

A dialog opens in the folder last used for that kind of file, or in the user's documents
folder: never in whatever folder the process started in (the source tree, the data
folder, whose files are the application's own). Names proposed read as a person would
name the file: « Conseil municipal du 3 décembre.pdf », « équipe-2026-12-03.rdbundle ».
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from referentiel_desktop.i18n import _

_KEY = "dialogs/last-folder-{kind}"


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def start_folder(settings: QSettings, kind: str) -> Path:
    """The folder last used for ``kind`` (``booklet``, ``bundle``), if it is still there;
    else the documents folder."""
    last = str(settings.value(_KEY.format(kind=kind), "") or "")
    if last and Path(last).is_dir():
        return Path(last)
    return documents_folder()


def remember(settings: QSettings, kind: str, chosen: str | Path) -> None:
    settings.setValue(_KEY.format(kind=kind), str(Path(chosen).parent))


def safe_file_name(text: str) -> str:
    """``text`` as a file name: no separators or characters systems refuse."""
    kept = "".join("-" if char in '/\\:*?"<>|' or ord(char) < 32 else char for char in text)
    return " ".join(kept.split()).strip(" .") or _("Booklet")


def bundle_name(day: date | None = None) -> str:
    word = _("team")  # of a file name: « équipe-2026-12-03.rdbundle »
    return f"{word}-{(day or date.today()).isoformat()}.rdbundle"
