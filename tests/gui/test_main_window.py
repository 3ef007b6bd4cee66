"""The reading window, driven as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from referentiel_desktop.gui.window.navigation_model import NODE_ID_ROLE


def _all_ids(model: Any) -> list[str]:
    found: list[str] = []

    def walk(parent: Any) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            node_id = index.data(NODE_ID_ROLE)
            if node_id:
                found.append(node_id)
            walk(index)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex())
    return found


def test_tree_holds_every_node_in_reading_order(window: Any) -> None:
    ids = _all_ids(window.model)
    assert sum(1 for i in ids if ".b" in i) == 23
    roots = [window.model.index(r, 0).data(NODE_ID_ROLE) for r in range(window.model.rowCount())]
    assert roots[:2] == ["ambition", "ch1"]
    assert [r for r in roots if r in ("engagement", "integration", "cooperation", "value")] == [
        "engagement",
        "integration",
        "cooperation",
        "value",
    ]
    assert roots[-2:] == ["support", "inventory"]
    assert len([i for i in ids if i.startswith("inventory.q")]) == 20


def test_selecting_a_balise_shows_it_and_language_switches_at_run_time(
    window: Any, qtbot: Any
) -> None:
    window.set_language("fr")
    index = window.model.index_of("engagement.b3")
    window.tree.setCurrentIndex(index)
    assert window.current_node_id() == "engagement.b3"
    text = window.reading_pane.primary.toPlainText()
    assert "Créer les conditions de la confiance" in text
    assert "CONFIANCE" in text
    assert window.menus["view"].title() == "&Affichage"
    assert "Balise 3" in index.data()
    window.language_actions["en"].trigger()
    assert "Creating the conditions for trust" in window.reading_pane.primary.toPlainText()
    assert window.menus["view"].title() == "&View"
    assert "Beacon 3" in window.model.index_of("engagement.b3").data()


def test_side_by_side_shows_french_and_english_together(window: Any) -> None:
    window.open_node("cooperation.b4")
    window.side_by_side_action.trigger()
    text = window.reading_pane.primary.toPlainText()
    assert "Manager (par) la coopération" in text
    assert "Manager (by) cooperation" in text
    window.side_by_side_action.trigger()
    assert "Manager (par) la coopération" not in window.reading_pane.primary.toPlainText()


def test_side_by_side_keeps_each_paragraph_beside_its_translation(window: Any, qtbot: Any) -> None:
    """One page, one scroll: every paragraph starts on the same line as its translation,
    however far down it is."""
    window.resize(1000, 700)
    window.open_node("support.s5")  # five long paragraphs: the French runs longer
    window.set_side_by_side(True)
    browser = window.reading_pane.primary
    document = browser.document()
    pairs = [
        ("En France, en 2020", "In France, in 2020"),
        ("Ce sont des opportunités historiques", "These are historic opportunities"),
        ("L’accompagnement comprendra", "Support will include"),
    ]
    for french, english in pairs:
        fr_at, en_at = document.find(french), document.find(english)
        assert not fr_at.isNull() and not en_at.isNull(), (french, english)
        fr_cell = fr_at.currentTable().cellAt(fr_at)
        en_cell = en_at.currentTable().cellAt(en_at)
        assert fr_cell.row() == en_cell.row() and (fr_cell.column(), en_cell.column()) == (0, 1)
        starts = []
        for found in (fr_at, en_at):
            start = QTextCursor(document)
            start.setPosition(found.selectionStart())
            starts.append(browser.cursorRect(start).top())
        assert starts[0] == starts[1]
    bar = browser.verticalScrollBar()
    assert bar.maximum() > 0  # long enough to scroll, and there is one scroll bar to move
    window.set_side_by_side(False)


def test_back_and_forward_with_the_keyboard(window: Any, qtbot: Any) -> None:
    for node_id in ("engagement.b1", "integration.b2", "value.d1"):
        window.open_node(node_id)
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_node_id() == "integration.b2"
    qtbot.keyClick(window.tree, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_node_id() == "engagement.b1"
    assert window.tree.currentIndex().data(NODE_ID_ROLE) == "engagement.b1"
    selected = window.tree.selectionModel().selectedIndexes()
    assert [i.data(NODE_ID_ROLE) for i in selected] == ["engagement.b1"]  # highlighted too
    qtbot.keyClick(window.tree, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.current_node_id() == "integration.b2"
    window.open_node("ch8")
    assert not window.forward_action.isEnabled()


def test_child_links_navigate(window: Any) -> None:
    window.open_node("engagement")
    html = window.reading_pane.primary.toHtml()
    assert "node:engagement.b3" in html
    window.reading_pane.primary.anchorClicked.emit(QUrl("node:engagement.b3"))
    assert window.current_node_id() == "engagement.b3"
    selected = window.tree.selectionModel().selectedIndexes()
    assert [i.data(NODE_ID_ROLE) for i in selected] == ["engagement.b3"]
    window.go_back()
    assert window.current_node_id() == "engagement"
    assert window.forward_action.isEnabled()


def test_a_balise_page_links_to_its_theme(window: Any) -> None:
    window.set_language("fr")
    window.open_node("value.b3")
    html = window.reading_pane.primary.toHtml()
    assert "node:value" in html
    assert "Évaluer la valeur créée" in window.reading_pane.primary.toPlainText()
    window.reading_pane.primary.anchorClicked.emit(QUrl("node:value"))
    assert window.current_node_id() == "value"


def test_geometry_language_and_last_item_are_remembered(make_window: Any, qtbot: Any) -> None:
    first = make_window()
    screen = first.screen().availableGeometry()
    assert first.width() <= screen.width() and first.height() <= screen.height()  # first start
    first.resize(700, 500)  # within the offscreen screen, which clamps larger windows
    first.open_node("support.s2")
    size = first.size()
    first.reading_pane.splitter.setSizes([150, 300])  # the notes given more room
    first.reading_pane.splitter.splitterMoved.emit(150, 1)  # as a drag of the handle does
    sizes = first.reading_pane.splitter.sizes()
    first.close()
    second = make_window()
    assert second.current_node_id() == "support.s2"
    assert second.size() == size
    assert second.reading_pane.splitter.sizes() == sizes
    second.set_language("fr")
    second.close()
    third = make_window()
    assert third.language == "fr"
    assert "état des lieux" in third.reading_pane.primary.toPlainText()


def test_about_box_gives_provenance_and_licence(window: Any) -> None:
    dialog = window.show_about()
    text = dialog.text.toPlainText()
    assert "CC BY-NC-ND" in text
    assert "Loos-en-Gohelle" in text
    assert "Julian Perdrigeat" in text
    assert "4.0" not in text and "no version" in text  # no seed gives one
    fabrique = text.split("from another source")[1]
    assert "none stated by the source" in fabrique  # the licence is not applied to seed 003
    assert "a work built step by step and piece by piece" in fabrique  # the Fabrique's motto
    assert "†" in fabrique and "Translated for this application" in text
    dialog.close()
    window.set_language("fr")  # every line of it speaks French then
    french = window.show_about()
    text = french.text.toPlainText()
    assert "Un compagnon hors ligne" in text and "aucune indiquée par la source" in text
    assert "Villes pairs" in text and "Auteurs" in text
    french.close()


def test_qt_standard_dialogs_speak_french(window: Any, qtbot: Any) -> None:
    window.set_language("fr")
    box = QMessageBox(QMessageBox.Icon.Question, "t", "t", QMessageBox.StandardButton.Cancel)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "Annuler"
    window.set_language("en")
    assert QApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_running_without_a_subcommand_opens_the_window(data_dir: Path, tmp_path: Path) -> None:
    shot = tmp_path / "window.png"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "REFERENTIEL_DESKTOP_SCREENSHOT": str(shot),  # grabs the window, then quits
    }
    result = subprocess.run(
        [sys.executable, "-m", "referentiel_desktop", "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 10_000
    assert (data_dir / "referentiel.sqlite3").exists()


def test_workspace_opens_after_the_first_paint(qtbot: Any, qapp: Any, data_dir: Path) -> None:
    from referentiel_desktop.gui.app import create_main_window
    from referentiel_desktop.workspace import Workspace

    Workspace.open(data_dir).close()  # not the first start: the window paints from SQLite
    window = create_main_window(data_dir, qapp)
    qtbot.addWidget(window)
    assert window.workspace is None
    with qtbot.waitSignal(window.workspace_ready, timeout=10_000):
        window.show()
    assert window.workspace is not None
    window.workspace.close()


def test_first_paint_loads_no_database_or_search_library(data_dir: Path) -> None:
    """Start-up stays fast: the first paint comes before SQLAlchemy, Whoosh, ReportLab,
    the worker's thread pool and the migrations."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    app = [sys.executable, "-m", "referentiel_desktop", "--data-dir", str(data_dir)]
    subprocess.run([*app, "list"], capture_output=True, env=env, check=True)  # not first start
    probe = {**env, "REFERENTIEL_DESKTOP_STARTUP_PROBE": "1"}
    result = subprocess.run(app, capture_output=True, text=True, timeout=120, env=probe)
    line = next(x for x in result.stdout.splitlines() if x.startswith("first-paint"))
    assert line.endswith("loaded="), line


def test_a_data_file_from_a_newer_version_is_reported_and_left_alone(
    make_window: Any, data_dir: Path
) -> None:
    import sqlite3

    data_dir.mkdir(parents=True)
    db = data_dir / "referentiel.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = db.read_bytes()
    window = make_window(author=None)
    assert window.workspace is None
    assert window.error_box.isVisible()
    assert "newer Référentiel Desktop" in window.error_box.text()
    assert db.read_bytes() == before
    window.error_box.close()
    # A file that is no database at all is damage: see test_safety_menu.py.


def test_no_english_is_left_after_switching_to_french(window: Any, qtbot: Any) -> None:
    """Every text the window shows (menus, buttons, labels, placeholders, tooltips, combo
    items, headers, dock titles) follows a switch to French made at run time."""
    from babel.messages.pofile import read_po
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QDockWidget,
        QLabel,
        QLineEdit,
        QMenu,
        QPlainTextEdit,
        QWidget,
    )

    root = Path(__file__).resolve().parents[2]
    with (root / "i18n" / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        english = {
            str(m.id).replace("&", ""): m.string
            for m in read_po(handle)
            if m.id and isinstance(m.id, str) and m.string and m.string != m.id
        }
    window.open_node("engagement.b3")
    window.cases.dock.show()

    def english_shown() -> list[str]:
        shown: list[str] = []
        for widget in window.findChildren(QWidget):
            shown.append(widget.toolTip())
            if isinstance(widget, QAbstractButton | QLabel):
                shown.append(widget.text())
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                shown.append(widget.placeholderText())
            if isinstance(widget, QComboBox):
                shown.extend(widget.itemText(i) for i in range(widget.count()))
            if isinstance(widget, QDockWidget):
                shown.append(widget.windowTitle())
            if isinstance(widget, QMenu):
                shown.append(widget.title())
                shown.extend(action.text() for action in widget.actions())
        view = window.cases.view.table.model()
        shown.extend(str(view.headerData(c, Qt.Orientation.Horizontal)) for c in range(6))
        return sorted({t.replace("&", "") for t in shown if t.replace("&", "") in english})

    assert len(english_shown()) > 40  # the scan sees the window's texts
    window.set_language("fr")
    qtbot.wait(50)
    assert english_shown() == []


def test_the_application_icon_is_given_once_the_window_has_painted(
    qtbot: Any, qapp: Any, data_dir: Path
) -> None:
    from PySide6.QtGui import QIcon

    from referentiel_desktop.gui.app import create_main_window, give_the_icon_after_the_first_paint
    from referentiel_desktop.workspace import Workspace

    Workspace.open(data_dir).close()
    qapp.setWindowIcon(QIcon())
    window = create_main_window(data_dir, qapp, defer_workspace=False)
    qtbot.addWidget(window)
    give_the_icon_after_the_first_paint(window, qapp)
    assert qapp.windowIcon().isNull()  # not before the paint
    window.show()
    qtbot.waitUntil(lambda: not qapp.windowIcon().isNull(), timeout=10_000)
    assert qapp.windowIcon().availableSizes() or qapp.windowIcon().pixmap(32).width() == 32
    window.workspace.close()
