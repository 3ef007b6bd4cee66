"""Help where people look for it (issue 20): the guide in the interface language, offline;
the keyboard shortcuts listed from the actions themselves; View → Palette."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication

from referentiel_desktop.gui.window.map_view import palette_name


def test_the_guide_speaks_the_interface_language(window: Any) -> None:
    window.set_language("fr")
    dialog = window.help.show_guide()
    text = dialog.findChild(object, "guide-text").toPlainText()
    assert "Mode réunion" in text and "Chercher" in text
    dialog.close()
    window.set_language("en")
    text = window.help.show_guide().findChild(object, "guide-text").toPlainText()
    assert "Meeting mode" in text and "beacon" in text


def test_the_shortcuts_are_those_of_the_actions_even_new_ones(window: Any) -> None:
    window.set_language("fr")
    extra = QAction("Une action « nouvelle »", window)
    extra.setShortcut(QKeySequence("Ctrl+Alt+J"))
    window.addAction(extra)
    dialog = window.help.show_shortcuts()
    table = dialog.findChild(object, "shortcuts-table")
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["Mode réunion"] == "F5"
    assert rows["Une action « nouvelle »"] == QKeySequence("Ctrl+Alt+J").toString(
        QKeySequence.SequenceFormat.NativeText
    )
    assert any("Z" in keys for keys in rows.values())  # undo, from the Edit menu


def test_the_palette_can_be_chosen_and_is_kept(window: Any) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QPalette(app.palette())
    try:
        window.help.palette_actions["dark"].trigger()
        assert palette_name(app.palette()) == "dark"
        assert window.settings.value("palette") == "dark"
        window.help.palette_actions["light"].trigger()
        assert palette_name(app.palette()) == "light"
    finally:
        window.help.set_palette("system")
        app.setPalette(before)
