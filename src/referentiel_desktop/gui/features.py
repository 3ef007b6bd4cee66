"""Plug the features into the main window: search, then the team's notes and cases."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from referentiel_desktop.gui.common.labels import display_title
from referentiel_desktop.gui.window.main_window import MainWindow
from referentiel_desktop.gui.window.search_panel import SearchPanel
from referentiel_desktop.i18n import _


def install_search(window: MainWindow) -> SearchPanel:
    def node_label(node_id: str) -> str:
        node = window.model.node(node_id)
        return display_title(node, window.language) if node is not None else node_id

    panel = SearchPanel(lambda: window.language, node_label)
    dock = window.add_dock(panel, _("Search"), Qt.DockWidgetArea.LeftDockWidgetArea)
    dock.setFeatures(dock.DockWidgetFeature.DockWidgetMovable)
    window.resizeDocks([dock], [275], Qt.Orientation.Horizontal)  # room for the tree's titles
    panel.open_requested.connect(window.open_node)
    panel.words_matched.connect(window.reading_pane.highlight)
    action = QAction(window)
    action.setShortcut(QKeySequence.StandardKey.Find)

    def show_search() -> None:
        dock.show()
        panel.focus_field()

    action.triggered.connect(show_search)
    window.addAction(action)
    window.menus["go"].addSeparator()
    window.menus["go"].addAction(action)

    def retranslate(_lang: str = "") -> None:
        dock.setWindowTitle(_("Search"))
        action.setText(_("Search…"))
        panel.retranslate()

    retranslate()
    window.language_changed.connect(retranslate)
    window.workspace_ready.connect(panel.attach_workspace)
    if window.workspace is not None:
        panel.attach_workspace(window.workspace)
    window.destroyed.connect(lambda *_: panel.close_service())
    window.search_panel = panel  # type: ignore[attr-defined]
    window.search_action = action  # type: ignore[attr-defined]
    return panel


def install_features(window: MainWindow) -> None:
    """Search at once; notes and cases once the workspace is open, after the first paint
    (their modules bring SQLAlchemy, which costs more than a bare window takes to paint)."""
    from referentiel_desktop.gui.safety.safety_menu import install_safety

    install_search(window)
    install_safety(window)
    if window.workspace is not None:
        install_annotations(window)
    else:
        window.workspace_ready.connect(lambda _ws: install_annotations(window))


def install_annotations(window: MainWindow) -> None:
    import shiboken6

    from referentiel_desktop.gui.cases.case_editors import CaseEditors
    from referentiel_desktop.gui.cases.cases_view import CasesView
    from referentiel_desktop.gui.common.failures import describe_failed_write
    from referentiel_desktop.gui.notes.node_annotations_panel import NodeAnnotationsPanel
    from referentiel_desktop.gui.notes.typing_to_note import TypingToNote
    from referentiel_desktop.gui.notes.undo_commands import SafeUndoStack
    from referentiel_desktop.gui.team.team_menu import ask_who_is_using, install_team_actions

    stack = SafeUndoStack(window)
    window.undo_stack = stack  # type: ignore[attr-defined]
    stack.report = lambda error, retry: window.show_failure(describe_failed_write(error), retry)
    undo, redo = QAction(window), QAction(window)
    for action, can, step in (
        (undo, stack.canUndo, stack.undo_safely),
        (redo, stack.canRedo, stack.redo_safely),
    ):
        action.setEnabled(can())
        action.triggered.connect(step)
    stack.canUndoChanged.connect(undo.setEnabled)
    stack.canRedoChanged.connect(redo.setEnabled)
    undo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
    redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    if QKeySequence("Ctrl+Y") not in redo_keys:  # the same key twice would be ambiguous
        redo_keys.insert(0, QKeySequence("Ctrl+Y"))
    redo.setShortcuts(redo_keys)

    # QUndoStack's own actions read « Undo Edit a case » in any language: ours are
    # translated whole, follow the stack, and say when an undo fails.
    def label_undo(step: str) -> None:
        if shiboken6.isValid(undo):  # the stack outlives its actions at window close
            undo.setText(_("Undo {step}").format(step=step) if step else _("Undo"))

    def label_redo(step: str) -> None:
        if shiboken6.isValid(redo):
            redo.setText(_("Redo {step}").format(step=step) if step else _("Redo"))

    stack.undoTextChanged.connect(label_undo)
    stack.redoTextChanged.connect(label_redo)
    window.menus["edit"].addActions([undo, redo])
    window.menus["edit"].addSeparator()
    add_note = window.menus["edit"].addAction("")
    add_note.setShortcut(QKeySequence("Ctrl+N"))
    new_case = window.menus["edit"].addAction("")
    new_case.setShortcut(QKeySequence("Ctrl+Shift+N"))
    window.add_note_action, window.new_case_action = add_note, new_case  # type: ignore[attr-defined]
    window.menus["edit"].addSeparator()
    install_team_actions(window)
    from referentiel_desktop.gui.exchange.exchange_menu import install_exchange

    install_exchange(window)
    window.undo_action, window.redo_action = undo, redo  # type: ignore[attr-defined]

    panel = NodeAnnotationsPanel(stack)
    window.reading_pane.add_panel(panel)
    typing = TypingToNote(panel, window)
    typing.watch(window.tree, window.reading_pane.primary)

    def balise_title(node_id: str) -> str:
        node = window.model.node(node_id)
        return node.title(window.language) if node is not None else node_id

    cases_view = CasesView(balise_title)
    dock = window.add_dock(cases_view, _("Cases"), Qt.DockWidgetArea.BottomDockWidgetArea)
    dock.hide()  # opened from View → Cases; the window state remembers it afterwards
    cases_toggle = dock.toggleViewAction()
    cases_toggle.setShortcut(QKeySequence("Ctrl+Shift+C"))
    window.menus["view"].addSeparator()
    window.menus["view"].addAction(cases_toggle)
    window.node_panel, window.cases_view = panel, cases_view  # type: ignore[attr-defined]
    editors = CaseEditors(window, stack)
    window.case_editors = editors.editors  # type: ignore[attr-defined]
    edit_case = editors.edit

    panel.case_requested.connect(edit_case)
    cases_view.case_requested.connect(edit_case)
    add_note.triggered.connect(panel.add_note)
    new_case.triggered.connect(lambda: edit_case(None, window.current_node_id()))
    cases_view.delete_requested.connect(editors.delete)

    def open_record(kind: str, record_id: str) -> None:
        """A note or case found by search: its balise page is already shown."""
        if kind == "note":
            panel.select_note(record_id)
        elif kind == "case":
            edit_case(record_id, window.current_node_id())

    def attach(workspace: object) -> None:
        from referentiel_desktop.gui.common.change_relay import ChangeRelay

        relay = ChangeRelay(workspace, window)  # type: ignore[arg-type]
        window.about_to_close.connect(relay.stop)
        relay.changed.connect(panel.on_change)
        relay.changed.connect(cases_view.on_change)
        relay.changed.connect(lambda _change: window.map_page.canvas.refresh_counts())
        search_panel = getattr(window, "search_panel", None)
        if search_panel is not None:
            relay.changed.connect(search_panel.on_change)
            search_panel.record_requested.connect(open_record)
        window.change_relay = relay  # type: ignore[attr-defined]
        panel.attach_workspace(workspace)  # type: ignore[arg-type]
        cases_view.attach_workspace(workspace)  # type: ignore[arg-type]
        ask_who_is_using(window, workspace)

    def retranslate(lang: str = "") -> None:
        label_undo(stack.undoText())
        label_redo(stack.redoText())
        add_note.setText(_("Add a note"))
        new_case.setText(_("New case…"))
        dock.setWindowTitle(_("Cases"))
        panel.retranslate()
        cases_view.retranslate()

    retranslate()
    window.language_changed.connect(retranslate)
    window.close_guards += [panel.editor.flush, editors.close_all]
    if window.workspace is not None:
        attach(window.workspace)
    else:
        window.workspace_ready.connect(attach)
    from referentiel_desktop.gui.inventory.inventory_feature import install_inventory

    install_inventory(window)
    window.restore_dock_state()
    install_booklet(window)


def install_booklet(window: MainWindow) -> None:
    """File → Booklet… (Ctrl+P), opened on the item being read."""
    action = QAction(window)
    action.setShortcut(QKeySequence.StandardKey.Print)
    window.menus["file"].insertAction(window.quit_action, action)
    window.menus["file"].insertSeparator(window.quit_action)

    def open_booklet() -> None:
        from referentiel_desktop.gui.booklet.booklet_dialog import BookletDialog

        if window.workspace is None:
            return
        dialog = BookletDialog(window.workspace, window.model.nodes(), window.language,
                               window.current_node_id(), window)  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.booklet_dialog = dialog  # type: ignore[attr-defined]
        dialog.open()

    action.triggered.connect(open_booklet)
    window.booklet_action = action  # type: ignore[attr-defined]

    def retranslate(_lang: str = "") -> None:
        action.setText(_("Booklet…"))

    retranslate()
    window.language_changed.connect(retranslate)
