"""Help where people look for it: Help → Guide and Help → Keyboard shortcuts; View → Palette.

The guide is shipped with the program (``resources/guide``), in the interface language,
and read offline. The shortcuts are listed from the window's own actions when the list
is opened, so it can never be stale. The palette is the system's, or light, or dark,
kept in the settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from referentiel_desktop.gui.window.main_window import MainWindow
from referentiel_desktop.i18n import _
from referentiel_desktop.resources import resources_dir

if TYPE_CHECKING:  # the dialogs' types are built when one is first opened, not at start-up
    from PySide6.QtWidgets import QDialog

PALETTE_SETTING = "palette"
PALETTES = ("system", "light", "dark")
_DARK = {
    QPalette.ColorRole.Window: "#1e1f22",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1f22",
    QPalette.ColorRole.AlternateBase: "#2a2b2f",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#2a2b2f",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.PlaceholderText: "#a6acb3",
    QPalette.ColorRole.Highlight: "#6f9fe0",
    QPalette.ColorRole.HighlightedText: "#1e1f22",
    QPalette.ColorRole.ToolTipBase: "#2a2b2f",
    QPalette.ColorRole.ToolTipText: "#e6e6e6",
    QPalette.ColorRole.Link: "#8fb8f0",
}
_LIGHT = {
    QPalette.ColorRole.Window: "#f3f3f3",
    QPalette.ColorRole.WindowText: "#1f2328",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f5f5f5",
    QPalette.ColorRole.Text: "#1f2328",
    QPalette.ColorRole.Button: "#eeeeee",
    QPalette.ColorRole.ButtonText: "#1f2328",
    QPalette.ColorRole.PlaceholderText: "#59636e",
    QPalette.ColorRole.Highlight: "#2f63a8",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#2f63a8",
}


def palette_for(name: str, system: QPalette) -> QPalette:
    if name not in ("light", "dark"):
        return QPalette(system)
    palette = QPalette(system)
    for role, colour in (_DARK if name == "dark" else _LIGHT).items():
        palette.setColor(role, QColor(colour))
    return palette


def guide_text(lang: str) -> str:
    folder = resources_dir() / "guide"
    chosen = folder / f"guide.{lang}.md"
    return (chosen if chosen.exists() else folder / "guide.en.md").read_text(encoding="utf-8")


def shortcuts(window: QWidget) -> list[tuple[str, str]]:
    """Every action of ``window`` that has a shortcut, as (what it does, keys)."""
    found: dict[str, str] = {}
    for action in window.findChildren(QAction):
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        label = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").strip()
        if keys and label:
            found.setdefault(label.rstrip("…").strip(), ", ".join(keys))
    return sorted(found.items(), key=lambda item: item[0].casefold())


class HelpActions:
    def __init__(self, shell: MainWindow) -> None:
        self._shell = shell
        self._system = QPalette(QGuiApplication.palette())
        self.dialog: QDialog | None = None
        help_menu = shell.menus["help"]
        first = help_menu.actions()[0]  # the guide comes first, above About
        self.guide_action = QAction(shell)
        self.guide_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.guide_action.triggered.connect(self.show_guide)
        self.shortcuts_action = QAction(shell)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        help_menu.insertActions(first, [self.guide_action, self.shortcuts_action])
        help_menu.insertSeparator(first)
        self.palette_menu = shell.menus["view"].addMenu("")
        group = QActionGroup(shell)
        self.palette_actions: dict[str, QAction] = {}
        chosen = str(shell.settings.value(PALETTE_SETTING, "system") or "system")
        for name in PALETTES:
            action = QAction(shell, checkable=True)
            action.setChecked(name == chosen)
            action.triggered.connect(lambda _c=False, n=name: self.set_palette(n))
            group.addAction(action)
            self.palette_menu.addAction(action)
            self.palette_actions[name] = action
        if chosen != "system":
            self.set_palette(chosen)
        self.retranslate()
        shell.language_changed.connect(self.retranslate)

    def retranslate(self, _lang: str = "") -> None:
        self.guide_action.setText(_("&Guide"))
        self.shortcuts_action.setText(_("&Keyboard shortcuts"))
        self.palette_menu.setTitle(_("&Palette"))
        names = {"system": _("&System"), "light": _("&Light"), "dark": _("&Dark")}
        for name, action in self.palette_actions.items():
            action.setText(names[name])

    def set_palette(self, name: str) -> None:
        self._shell.settings.setValue(PALETTE_SETTING, name)
        self.palette_actions[name].setChecked(True)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setPalette(palette_for(name, self._system))

    def _dialog(self, title: str, body: QWidget, name: str) -> QDialog:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout

        dialog = QDialog(self._shell)
        dialog.setObjectName(name)
        dialog.setWindowTitle(title)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(dialog)
        layout.addWidget(body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.resize(760, 620)
        self.dialog = dialog
        dialog.open()
        return dialog

    def show_guide(self) -> QDialog:
        from PySide6.QtWidgets import QTextBrowser

        browser = QTextBrowser()
        browser.setObjectName("guide-text")
        browser.setAccessibleName(_("Guide"))
        browser.setOpenExternalLinks(False)
        browser.setMarkdown(guide_text(self._shell.language))
        return self._dialog(_("Guide"), browser, "guide-dialog")

    def show_shortcuts(self) -> QDialog:
        from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

        rows = shortcuts(self._shell)
        table = QTableWidget(len(rows), 2)
        table.setObjectName("shortcuts-table")
        table.setAccessibleName(_("Keyboard shortcuts"))
        table.setHorizontalHeaderLabels([_("Action"), _("Keys")])
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (label, keys) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(label))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        return self._dialog(_("Keyboard shortcuts"), table, "shortcuts-dialog")
