"""Someone else saved the record being edited here: both versions side by side, and the
user keeps their own, the other, or both. Nothing is dropped silently."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from referentiel_desktop.gui.common.plain import plain_label
from referentiel_desktop.i18n import _

MINE, THEIRS, BOTH = "mine", "theirs", "both"


class ConflictDialog(QDialog):
    """Emits ``chosen`` with MINE, THEIRS or BOTH (closing it chooses nothing yet: the
    text stays in the editor and the next save asks again)."""

    chosen = Signal(str)

    def __init__(self, message: str, mine: str, theirs: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("conflict-dialog")
        self.setWindowTitle(_("Changed elsewhere"))
        explanation = plain_label(message)
        explanation.setWordWrap(True)
        self.mine = self._version(mine)
        self.theirs = self._version(theirs)
        versions = QGridLayout()
        versions.addWidget(plain_label(_("Yours (not saved yet)")), 0, 0)
        versions.addWidget(plain_label(_("Saved elsewhere")), 0, 1)
        versions.addWidget(self.mine, 1, 0)
        versions.addWidget(self.theirs, 1, 1)
        self.keep_mine = QPushButton(_("Keep mine"))
        self.keep_theirs = QPushButton(_("Keep theirs"))
        self.keep_both = QPushButton(_("Keep both (mine as a new one)"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button, choice in (
            (self.keep_mine, MINE),
            (self.keep_theirs, THEIRS),
            (self.keep_both, BOTH),
        ):
            button.clicked.connect(lambda _c=False, choice=choice: self._choose(choice))
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(versions, 1)
        layout.addLayout(buttons)
        self.resize(760, 420)

    @staticmethod
    def _version(text: str) -> QPlainTextEdit:
        view = QPlainTextEdit(text)
        view.setReadOnly(True)
        return view

    def _choose(self, choice: str) -> None:
        self.accept()
        self.chosen.emit(choice)
