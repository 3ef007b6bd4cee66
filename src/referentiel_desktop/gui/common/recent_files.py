"""File → Recent: the booklets written and the bundles imported, newest first.

Kept in the settings (paths only, never content); an entry whose file is gone is not
offered. A booklet opens in the system's PDF reader; a bundle opens its import preview
again. « Ouvrir » and « Afficher dans le dossier » go through the system as well.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu

from referentiel_desktop.gui.window.main_window import MainWindow
from referentiel_desktop.i18n import _

SETTING = "recent/files"
KEEP = 10
KINDS = ("booklet", "bundle")


def remember_recent(settings: QSettings, kind: str, path: str | Path) -> None:
    entry = f"{kind}\t{Path(path).absolute()}"
    entries = [e for e in recent_entries(settings, existing_only=False) if e != entry]
    settings.setValue(SETTING, [entry, *entries][:KEEP])


def recent_entries(settings: QSettings, *, existing_only: bool = True) -> list[str]:
    found = settings.value(SETTING, []) or []
    if isinstance(found, str):  # QSettings gives one entry back as a plain string
        entries = [found]
    elif isinstance(found, list):
        entries = [str(e) for e in found]
    else:
        entries = []
    kept = [e for e in entries if e.partition("\t")[0] in KINDS]
    return [e for e in kept if Path(e.partition("\t")[2]).is_file()] if existing_only else kept


def open_file(path: str | Path) -> bool:
    return _open_url(str(path))


def show_in_folder(path: str | Path) -> bool:
    return _open_url(str(Path(path).parent))


def _open_url(local_path: str) -> bool:
    from PySide6.QtCore import QUrl  # built when a file is first opened, not at start-up
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(local_path))


class RecentMenu:
    def __init__(self, shell: MainWindow, open_bundle: Callable[[Path], object]) -> None:
        self._shell = shell
        self._open_bundle = open_bundle
        self.menu = QMenu(shell)
        self.menu.setObjectName("recent-menu")
        self.menu.aboutToShow.connect(self.fill)
        shell.menus["file"].insertMenu(shell.quit_action, self.menu)
        self.retranslate()
        shell.language_changed.connect(self.retranslate)

    def retranslate(self, _lang: str = "") -> None:
        self.menu.setTitle(_("&Recent"))

    def fill(self) -> None:
        self.menu.clear()
        entries = recent_entries(self._shell.settings)
        if not entries:
            self.menu.addAction(_("Nothing yet")).setEnabled(False)
        for entry in entries:
            kind, _tab, path = entry.partition("\t")
            label = _("Booklet: {name}") if kind == "booklet" else _("Bundle: {name}")
            action = self.menu.addAction(label.format(name=Path(path).name))
            action.setToolTip(path)
            action.triggered.connect(lambda _c=False, k=kind, p=path: self._open(k, Path(p)))

    def _open(self, kind: str, path: Path) -> None:
        if kind == "booklet":
            open_file(path)
        else:
            self._open_bundle(path)
