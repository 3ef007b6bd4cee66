"""Plug the features into the main window: search, then the team's notes and cases."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from referentiel_desktop.gui.labels import display_title
from referentiel_desktop.gui.main_window import MainWindow
from referentiel_desktop.gui.search_panel import SearchPanel
from referentiel_desktop.i18n import _


def install_search(window: MainWindow) -> SearchPanel:
    def node_label(node_id: str) -> str:
        node = window.model.node(node_id)
        return display_title(node, window.language) if node is not None else node_id

    panel = SearchPanel(lambda: window.language, node_label)
    dock = window.add_dock(panel, _("Search"), Qt.DockWidgetArea.LeftDockWidgetArea)
    dock.setFeatures(dock.DockWidgetFeature.DockWidgetMovable)
    window.resizeDocks([dock], [320], Qt.Orientation.Horizontal)
    panel.open_requested.connect(window.open_node)
    action = QAction(window)
    action.setShortcut(QKeySequence.StandardKey.Find)
    action.triggered.connect(lambda: (dock.show(), panel.focus_field()))
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
    install_search(window)
    if window.workspace is not None:
        install_annotations(window)
    else:
        window.workspace_ready.connect(lambda _ws: install_annotations(window))


def install_annotations(window: MainWindow) -> None:
    from PySide6.QtGui import QUndoStack

    from referentiel_desktop.gui.case_editor import open_case_editor
    from referentiel_desktop.gui.cases_view import CasesView
    from referentiel_desktop.gui.node_annotations_panel import NodeAnnotationsPanel

    stack = QUndoStack(window)
    window.undo_stack = stack  # type: ignore[attr-defined]
    undo = stack.createUndoAction(window)
    undo.setShortcuts([QKeySequence.StandardKey.Undo])
    redo = stack.createRedoAction(window)
    redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    if QKeySequence("Ctrl+Y") not in redo_keys:  # the same key twice would be ambiguous
        redo_keys.insert(0, QKeySequence("Ctrl+Y"))
    redo.setShortcuts(redo_keys)
    window.menus["edit"].addActions([undo, redo])
    window.menus["edit"].addSeparator()
    add_note = window.menus["edit"].addAction("")
    add_note.setShortcut(QKeySequence("Ctrl+N"))
    new_case = window.menus["edit"].addAction("")
    new_case.setShortcut(QKeySequence("Ctrl+Shift+N"))
    window.add_note_action, window.new_case_action = add_note, new_case  # type: ignore[attr-defined]
    window.menus["edit"].addSeparator()
    rename_tag = window.menus["edit"].addAction("")

    def open_rename_tag() -> None:
        from referentiel_desktop.gui.tag_rename import RenameTagDialog

        if window.workspace is not None:
            window.tag_dialog = RenameTagDialog(window.workspace, window)  # type: ignore[attr-defined]
            window.tag_dialog.open()  # type: ignore[attr-defined]

    rename_tag.triggered.connect(open_rename_tag)
    territories = window.menus["edit"].addAction("")

    def open_territories() -> None:
        from referentiel_desktop.gui.territories_dialog import TerritoriesDialog

        if window.workspace is not None:
            dialog = TerritoriesDialog(window.workspace, window)
            window.territories_dialog = dialog  # type: ignore[attr-defined]
            dialog.open()

    territories.triggered.connect(open_territories)
    window.territories_action = territories  # type: ignore[attr-defined]
    who = window.menus["edit"].addAction("")
    who.triggered.connect(
        lambda: (
            window.workspace is not None and ask_who_is_using(window, window.workspace, always=True)
        )
    )
    window.who_action = who  # type: ignore[attr-defined]
    window.rename_tag_action = rename_tag  # type: ignore[attr-defined]
    window.undo_action, window.redo_action = undo, redo  # type: ignore[attr-defined]

    panel = NodeAnnotationsPanel(stack)
    window.reading_pane.add_panel(panel)

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
    window.case_editors = []  # type: ignore[attr-defined]

    def edit_case(case_id: str | None, node_id: str | None) -> None:
        import shiboken6

        for open_editor in window.case_editors:  # type: ignore[attr-defined]
            if case_id and shiboken6.isValid(open_editor) and open_editor.case_id == case_id:
                open_editor.raise_()  # one editor per case: two would overwrite each other
                open_editor.activateWindow()
                return
        editor = open_case_editor(window, case_id, node_id, window.open_node)
        if editor is not None:
            window.case_editors.append(editor)  # type: ignore[attr-defined]
            relay = getattr(window, "change_relay", None)
            if relay is not None:
                relay.changed.connect(editor.on_change)

    def delete_cases(case_ids: list[str]) -> None:
        from referentiel_desktop.gui.undo_commands import DeleteCaseCommand

        if window.workspace is None or not case_ids:
            return
        stack.beginMacro(_("Delete cases") if len(case_ids) > 1 else _("Delete a case"))
        for case_id in case_ids:
            stack.push(DeleteCaseCommand(window.workspace, case_id))
        stack.endMacro()

    panel.case_requested.connect(edit_case)
    cases_view.case_requested.connect(edit_case)
    add_note.triggered.connect(panel.add_note)
    new_case.triggered.connect(lambda: edit_case(None, window.current_node_id()))
    cases_view.delete_requested.connect(delete_cases)

    def open_record(kind: str, record_id: str) -> None:
        """A note or case found by search: its balise page is already shown."""
        if kind == "note":
            panel.select_note(record_id)
        elif kind == "case":
            edit_case(record_id, window.current_node_id())

    def attach(workspace: object) -> None:
        from referentiel_desktop.gui.change_relay import ChangeRelay

        relay = ChangeRelay(workspace, window)  # type: ignore[arg-type]
        relay.changed.connect(panel.on_change)
        relay.changed.connect(cases_view.on_change)
        search_panel = getattr(window, "search_panel", None)
        if search_panel is not None:
            relay.changed.connect(search_panel.refresh_team_filters)
            search_panel.record_requested.connect(open_record)
        window.change_relay = relay  # type: ignore[attr-defined]
        panel.attach_workspace(workspace)  # type: ignore[arg-type]
        cases_view.attach_workspace(workspace)  # type: ignore[arg-type]
        ask_who_is_using(window, workspace)

    def retranslate(lang: str = "") -> None:
        undo.setText(_("Undo"))
        redo.setText(_("Redo"))
        rename_tag.setText(_("Rename a tag…"))
        add_note.setText(_("Add a note"))
        new_case.setText(_("New case…"))
        territories.setText(_("Territories…"))
        who.setText(_("Who is writing…"))
        dock.setWindowTitle(_("Cases"))
        panel.retranslate()
        cases_view.retranslate()

    retranslate()
    window.language_changed.connect(retranslate)
    window.about_to_close.connect(panel.editor.flush)

    def close_case_editors() -> None:
        """Quitting closes the case editors too, each saving what was typed last."""
        import shiboken6

        for editor in window.case_editors:  # type: ignore[attr-defined]
            if shiboken6.isValid(editor) and editor.isVisible():
                editor.close()

    window.about_to_close.connect(close_case_editors)
    if window.workspace is not None:
        attach(window.workspace)
    else:
        window.workspace_ready.connect(attach)
    window.restore_dock_state()


def ask_who_is_using(window: MainWindow, workspace: object, always: bool = False) -> None:
    """On first start (or from Edit → Who is writing…), ask the user's name: it signs
    the notes and cases written from now on."""
    import getpass

    from PySide6.QtWidgets import QInputDialog

    from referentiel_desktop.annotations import people

    current = people.default_author(workspace)  # type: ignore[arg-type]
    if current is not None and not always:
        return
    dialog = QInputDialog(window)
    dialog.setObjectName("who-dialog")
    dialog.setWindowTitle(_("Who is using Référentiel Desktop?"))
    dialog.setLabelText(_("Your name signs the notes and cases you write:"))
    dialog.setTextValue(current or getpass.getuser())
    dialog.textValueSelected.connect(
        lambda name: name.strip() and people.set_default_author(workspace, name)  # type: ignore[arg-type]
    )
    window.who_dialog = dialog  # type: ignore[attr-defined]
    dialog.open()
