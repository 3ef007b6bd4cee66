"""The team's own lists from the Edit menu: rename a tag, the territories, and who is
writing (also asked on first start)."""

from __future__ import annotations

from typing import Any

from referentiel_desktop.i18n import _


def install_team_actions(window: Any) -> None:
    menu = window.menus["edit"]
    rename_tag = menu.addAction("")
    territories = menu.addAction("")
    who = menu.addAction("")

    def open_rename_tag() -> None:
        from referentiel_desktop.gui.team.tag_rename import RenameTagDialog

        if window.workspace is not None:
            window.tag_dialog = RenameTagDialog(window.workspace, window.undo_stack, window)
            window.tag_dialog.open()

    def open_territories() -> None:
        from referentiel_desktop.gui.team.territories_dialog import TerritoriesDialog

        if window.workspace is not None:
            dialog = TerritoriesDialog(window.workspace, window)
            relay = getattr(window, "change_relay", None)
            if relay is not None:
                relay.changed.connect(dialog.on_change)
            window.territories_dialog = dialog
            dialog.open()

    def open_who() -> None:
        if window.workspace is not None:
            ask_who_is_using(window, window.workspace, always=True)

    rename_tag.triggered.connect(open_rename_tag)
    territories.triggered.connect(open_territories)
    who.triggered.connect(open_who)
    window.rename_tag_action = rename_tag
    window.territories_action = territories
    window.who_action = who

    def retranslate(_lang: str = "") -> None:
        rename_tag.setText(_("Rename a tag…"))
        territories.setText(_("Territories…"))
        who.setText(_("Who is writing…"))

    retranslate()
    window.language_changed.connect(retranslate)


def ask_who_is_using(window: Any, workspace: Any, always: bool = False) -> None:
    """On first start (or from Edit → Who is writing…), ask the user's name: it signs
    the notes and cases written from now on."""
    import getpass

    from PySide6.QtWidgets import QInputDialog

    from referentiel_desktop.annotations import people

    current = people.default_author(workspace)
    if current is not None and not always:
        return
    dialog = QInputDialog(window)
    dialog.setObjectName("who-dialog")
    dialog.setWindowTitle(_("Who is using Référentiel Desktop?"))
    dialog.setLabelText(_("Your name signs the notes and cases you write:"))
    dialog.setTextValue(current or getpass.getuser())

    def sign_as(name: str) -> None:
        if name.strip():
            window.message_bar.attempt(
                lambda: people.set_default_author(workspace, name), lambda: sign_as(name)
            )

    dialog.textValueSelected.connect(sign_as)
    window.who_dialog = dialog
    dialog.open()
