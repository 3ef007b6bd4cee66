"""Plug the Inventory view into the main window: a dock opened from View → Inventory."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from referentiel_desktop.changes import Change
from referentiel_desktop.gui.common.labels import display_title
from referentiel_desktop.i18n import _


def install_inventory(window: Any) -> Any:
    from referentiel_desktop.gui.common.change_relay import ChangeRelay
    from referentiel_desktop.gui.inventory.inventory_view import InventoryView

    def balises() -> list[tuple[str, str]]:
        nodes = [n for n in window.model.nodes() if n.kind == "balise"]
        return [(n.id, f"{display_title(n, window.language)} ({n.id})") for n in nodes]

    view = InventoryView(balises, getattr(window, "undo_stack", None))
    dock = window.add_dock(view, _("Inventory"), Qt.DockWidgetArea.BottomDockWidgetArea)
    dock.hide()  # opened from View → Inventory; the window state remembers it afterwards
    toggle = dock.toggleViewAction()
    toggle.setShortcut(QKeySequence("Ctrl+Shift+I"))
    window.menus["view"].addAction(toggle)
    view.balise_requested.connect(window.open_node)
    window.inventory_view, window.inventory_action = view, toggle

    def attach(workspace: Any) -> None:
        # The relay also hears other windows and the command line (the change log).
        relay = ChangeRelay(workspace, view)
        window.about_to_close.connect(relay.stop)
        relay.changed.connect(view.on_change)
        view.attach_workspace(workspace)
        show_linked_questions_on_balise_pages(window, workspace, relay)

    def retranslate(lang: str = "") -> None:
        dock.setWindowTitle(_("Inventory"))
        toggle.setText(_("Inventory"))
        view.retranslate(lang)

    retranslate()
    window.language_changed.connect(retranslate)
    window.about_to_close.connect(view.editor.flush)
    if window.workspace is not None:
        attach(window.workspace)
    else:
        window.workspace_ready.connect(attach)
    return view


def show_linked_questions_on_balise_pages(window: Any, workspace: Any, relay: Any) -> None:
    """Fill the reading pane's slot for the questions linked to a balise (the page
    rework gives its context a ``linked_questions`` callable), and render the page again
    when links change."""
    from referentiel_desktop.inventory.links import questions_linked_to

    context = getattr(window.reading_pane, "context", None)
    if context is None or not hasattr(context, "linked_questions"):
        return  # a reading pane without the slot: the balise page lists no questions

    def linked(node_id: str) -> list[Any]:
        found = (window.model.node(q.id) for q in questions_linked_to(workspace, node_id))
        return [node for node in found if node is not None]

    context.linked_questions = linked

    def refresh(change: Change) -> None:
        if change.kind.startswith("inventory") and hasattr(window.reading_pane, "refresh"):
            window.reading_pane.refresh()

    relay.changed.connect(refresh)
    if hasattr(window.reading_pane, "refresh"):
        window.reading_pane.refresh()
