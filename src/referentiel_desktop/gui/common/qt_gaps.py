"""The few words of Qt's own dialogs that its French translation leaves in English.

``qtbase_fr`` translates the file dialog's « Nom de fichier » but not "Look in:" nor
"Files of type:". Those go through our catalogs, like every other word of the window;
anything else falls through to Qt's translation (an empty answer passes it on).
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

from referentiel_desktop.i18n import N_, _

GAPS = {
    "&Look in:": N_("&Look in:"),
    "Look in:": N_("Look in:"),
    "Files of &type:": N_("Files of &type:"),
    "Files of type:": N_("Files of type:"),
}


class QtGapsTranslator(QTranslator):
    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        wanted = GAPS.get(source)
        return _(wanted) if wanted else ""
