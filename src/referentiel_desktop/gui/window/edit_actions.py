"""Edit → Undo, Redo, Add a note, New case…: the window's undo stack in its menu.

QUndoStack's own actions read « Undo Edit a case » in any language: these are
translated whole, follow the stack, and say when an undo fails (the stack's ``report``)."""

from __future__ import annotations

import shiboken6
from PySide6.QtGui import QAction, QKeySequence

from referentiel_desktop.gui.common.undo_stack import SafeUndoStack
from referentiel_desktop.gui.window.main_window import MainWindow
from referentiel_desktop.i18n import _


class EditActions:
    def __init__(self, shell: MainWindow, stack: SafeUndoStack) -> None:
        self._stack = stack
        self.undo_action, self.redo_action = QAction(shell), QAction(shell)
        for action, can, step in (
            (self.undo_action, stack.canUndo, stack.undo_safely),
            (self.redo_action, stack.canRedo, stack.redo_safely),
        ):
            action.setEnabled(can())
            action.triggered.connect(step)
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        if QKeySequence("Ctrl+Y") not in redo_keys:  # the same key twice would be ambiguous
            redo_keys.insert(0, QKeySequence("Ctrl+Y"))
        self.redo_action.setShortcuts(redo_keys)
        stack.undoTextChanged.connect(self._label_undo)
        stack.redoTextChanged.connect(self._label_redo)
        menu = shell.menus["edit"]
        menu.addActions([self.undo_action, self.redo_action])
        menu.addSeparator()
        self.add_note_action = menu.addAction("")
        self.add_note_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_case_action = menu.addAction("")
        self.new_case_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        menu.addSeparator()
        self.retranslate()
        shell.language_changed.connect(self.retranslate)

    def _label_undo(self, step: str) -> None:
        if shiboken6.isValid(self.undo_action):  # the stack outlives its actions at close
            self.undo_action.setText(_("Undo {step}").format(step=step) if step else _("Undo"))

    def _label_redo(self, step: str) -> None:
        if shiboken6.isValid(self.redo_action):
            self.redo_action.setText(_("Redo {step}").format(step=step) if step else _("Redo"))

    def retranslate(self, _lang: str = "") -> None:
        self._label_undo(self._stack.undoText())
        self._label_redo(self._stack.redoText())
        self.add_note_action.setText(_("Add a note"))
        self.new_case_action.setText(_("New case…"))
