"""The few words of Qt's own dialogs that its French translation leaves in English.

``qtbase_fr`` translates the file dialog's « Nom de fichier » but not "Look in:" nor
"Files of type:". Those go through our catalogs, like every other word of the window;
anything else falls through to Qt's translation: the answer is then ``None`` (a null
string), never ``""``, which Qt would take as a translation and show as nothing (F5
became an empty shortcut).
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

    # The stubs say ``str``; Qt needs a null string to pass the question on, and PySide
    # gives one only for ``None``: the one place where the stubs cannot be followed.
    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        wanted = GAPS.get(source)
        return _(wanted) if wanted else None
