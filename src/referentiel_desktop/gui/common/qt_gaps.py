"""The few words of Qt's own file dialog that its French translation leaves in English.

``qtbase_fr`` translates the file dialog's « Nom de fichier » but not "Look in:" nor
"Files of type:". Each dialog we open has those two labels rewritten from our catalogs
once built. (A QTranslator subclass in Python would catch them everywhere, but PySide
mishandles the null string such an override must return for every other question:
it crashed the interpreter after some thousands of calls.)
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from referentiel_desktop.i18n import N_, _

GAPS = {
    "&Look in:": N_("&Look in:"),
    "Look in:": N_("Look in:"),
    "Files of &type:": N_("Files of &type:"),
    "Files of type:": N_("Files of type:"),
}


def fill_gaps(dialog: QWidget) -> None:
    """Put our words where Qt's translation left English in ``dialog``."""
    for label in dialog.findChildren(QLabel):
        wanted = GAPS.get(label.text())
        if wanted:
            label.setText(_(wanted))
