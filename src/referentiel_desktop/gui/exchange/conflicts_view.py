"""The conflicts view: each record changed on both sides, my version and theirs side by
side with their differences marked, and the choice of mine, theirs or both."""

from __future__ import annotations

import difflib
import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from referentiel_desktop.errors import UserError
from referentiel_desktop.exchange.conflicts import Conflict, list_conflicts, resolve
from referentiel_desktop.gui.common.plain import tooltip
from referentiel_desktop.i18n import _
from referentiel_desktop.record_words import visibility_word
from referentiel_desktop.workspace import Workspace

MINE_MARK = "background-color:#f7c6c7"
THEIRS_MARK = "background-color:#c6efce"


def field_label(name: str) -> str:
    labels = {
        "name": _("Name"),
        "initials": _("Initials"),
        "code": _("Code"),
        "description": _("Description"),
        "target_id": _("Item"),
        "text": _("Text"),
        "visibility": _("Visibility"),
        "author_id": _("Author"),
        "tags": _("Tags"),
        "title": _("Title"),
        "territory_id": _("Territory"),
        "period": _("Period"),
        "actors": _("Actors"),
        "lessons": _("Lessons"),
        "balises": _("Balises"),
        "deleted": _("Deleted"),
    }
    return labels.get(name, name)


def _words_marked(mine: str, theirs: str) -> tuple[str, str]:
    """Both texts escaped, with the words that differ marked on each side."""
    a, b = mine.split(" "), theirs.split(" ")
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        old = html.escape(" ".join(a[i1:i2]))
        new = html.escape(" ".join(b[j1:j2]))
        if op == "equal":
            left.append(old)
            right.append(new)
            continue
        if old:
            left.append(f'<span style="{MINE_MARK}">{old}</span>')
        if new:
            right.append(f'<span style="{THEIRS_MARK}">{new}</span>')
    return " ".join(left), " ".join(right)


def _shown(value: Any, names: dict[str, str]) -> str:
    if isinstance(value, list):
        return ", ".join(names.get(str(v), str(v)) for v in value)
    if value is None:
        return ""
    return names.get(str(value), str(value))


def side_by_side(conflict: Conflict, names: dict[str, str]) -> tuple[str, str]:
    """The two versions as HTML tables; user text is escaped, differing rows marked."""
    from referentiel_desktop.exchange.kinds import BY_NAME

    differing = set(conflict.differences())
    rows: tuple[list[str], list[str]] = ([], [])
    fields = [f.name for f in BY_NAME[conflict.kind].fields]
    for name in [*fields, "deleted"]:
        if name == "deleted":
            mine = _("yes") if conflict.mine["deleted_at"] else _("no")
            theirs = _("yes") if conflict.theirs["deleted_at"] else _("no")
        elif name == "visibility":
            mine = visibility_word(str(conflict.mine["fields"][name]))
            theirs = visibility_word(str(conflict.theirs["fields"][name]))
        else:
            mine = _shown(conflict.mine["fields"][name], names)
            theirs = _shown(conflict.theirs["fields"][name], names)
        label = html.escape(field_label(name))
        if name in differing:
            left, right = _words_marked(mine, theirs)
            rows[0].append(f'<tr><th style="{MINE_MARK}">{label}</th><td>{left}</td></tr>')
            rows[1].append(f'<tr><th style="{THEIRS_MARK}">{label}</th><td>{right}</td></tr>')
        else:
            for side, text in zip(rows, (mine, theirs), strict=True):
                side.append(f"<tr><th>{label}</th><td>{html.escape(text)}</td></tr>")
    table = '<table cellpadding="4" width="100%">{}</table>'
    return table.format("".join(rows[0])), table.format("".join(rows[1]))


class ConflictsDialog(QDialog):
    """Lists the pending conflicts; choosing settles one and moves to the next."""

    resolved = Signal(str)

    def __init__(
        self, workspace: Workspace, names: Callable[[], dict[str, str]], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflicts-dialog")
        self.workspace = workspace
        self._names = names
        self.conflicts: list[Conflict] = []
        self.setWindowTitle(_("Conflicts"))
        self.resize(1100, 600)
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show)
        self.empty = QLabel(_("No conflicts: every record is settled."))
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.mine_title = QLabel(_("Mine (this computer)"))
        self.theirs_title = QLabel(_("Theirs (from the bundle)"))
        self.mine = QTextBrowser()
        self.theirs = QTextBrowser()
        for browser in (self.mine, self.theirs):
            browser.setOpenLinks(False)
            browser.setOpenExternalLinks(False)
        self.keep_mine = QPushButton(_("Keep mine"))
        self.keep_theirs = QPushButton(_("Keep theirs"))
        self.keep_both = QPushButton(_("Keep both"))
        self.keep_mine.clicked.connect(lambda: self.choose("mine"))
        self.keep_theirs.clicked.connect(lambda: self.choose("theirs"))
        self.keep_both.clicked.connect(lambda: self.choose("both"))
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)

        sides = QHBoxLayout()
        for title, browser in ((self.mine_title, self.mine), (self.theirs_title, self.theirs)):
            column = QVBoxLayout()
            column.addWidget(title)
            column.addWidget(browser)
            sides.addLayout(column)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(sides)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_mine)
        buttons.addWidget(self.keep_theirs)
        buttons.addWidget(self.keep_both)
        buttons.addStretch(1)
        buttons.addWidget(close)
        right_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([260, 840])
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(splitter)
        self.reload()

    def reload(self) -> None:
        self.conflicts = list_conflicts(self.workspace)
        self.list.clear()
        for conflict in self.conflicts:
            kind = {
                "note": _("Note"),
                "case": _("Case"),
                "inventory_assessment": _("Inventory assessment"),
                "inventory_answer": _("Inventory answer"),
                "inventory_link": _("Question linked to a beacon"),
                "inventory_stage": _("Stage on the support path"),
                "booklet_preset": _("Booklet preset"),
            }.get(conflict.kind, conflict.kind)
            item = QListWidgetItem(f"{kind} — {conflict.label}")
            item.setToolTip(tooltip(conflict.label))  # shown literally, never as markup
            self.list.addItem(item)
        self.empty.setVisible(not self.conflicts)
        for button in (self.keep_mine, self.keep_theirs, self.keep_both):
            button.setEnabled(bool(self.conflicts))
        if self.conflicts:
            self.list.setCurrentRow(0)
        else:
            self.mine.clear()
            self.theirs.clear()

    def current(self) -> Conflict | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _show(self, _row: int) -> None:
        conflict = self.current()
        if conflict is None:
            return
        left, right = side_by_side(conflict, self._names())
        self.mine.setHtml(left)
        self.theirs.setHtml(right)

    def choose(self, keep: str) -> None:
        conflict = self.current()
        if conflict is None:
            return
        try:
            resolve(self.workspace, conflict.record_id, keep)
        except UserError as error:
            box = QMessageBox(QMessageBox.Icon.Warning, _("Conflicts"), str(error), parent=self)
            box.setTextFormat(Qt.TextFormat.PlainText)  # the reason may quote user text
            box.open()
            return
        self.resolved.emit(conflict.record_id)
        self.reload()
