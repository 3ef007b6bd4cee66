"""The booklet dialog in the real window: Ctrl+P on the item being read, the checkable
tree, options followed by the preview of the real PDF, export, print, cancel, presets."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from referentiel_desktop.annotations import notes
from tests.gui.keys import type_text


def _open_dialog(window: Any, qtbot: Any, node_id: str = "engagement.b3") -> Any:
    window.open_node(node_id)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.booklet.dialog is not None, timeout=5_000)
    dialog = window.booklet.dialog
    qtbot.waitUntil(lambda: dialog.preview.page_count() > 0 and not dialog.building(),
                    timeout=15_000)  # fmt: skip
    return dialog


def _shown(dialog: Any, qtbot: Any, text: str) -> None:
    qtbot.waitUntil(lambda: not dialog.building() and text in dialog.preview.text(),
                    timeout=15_000)  # fmt: skip


def test_ctrl_p_opens_the_booklet_on_the_current_item_and_previews_it(
    window: Any, qtbot: Any
) -> None:
    notes.add_note(window.workspace, "engagement.b3", '<b>« se gagne »</b> & <img src="x">')
    dialog = _open_dialog(window, qtbot)
    assert dialog.tree.selected_ids() == ["engagement.b3"]
    text = dialog.preview.text()
    assert "Beacon 3 — Creating the conditions for trust" in text
    assert '<b>« se gagne »</b> & <img src="x">' in text
    assert dialog.pages_label.text() == f"{dialog.preview.page_count()} pages"
    assert dialog.export_button.isEnabled() and dialog.print_button.isEnabled()


def test_a_whole_theme_is_checked_at_once_and_options_follow(window: Any, qtbot: Any) -> None:
    dialog = _open_dialog(window, qtbot)
    tree = dialog.tree
    theme = tree.items["engagement"]
    tree.setCurrentItem(theme)
    qtbot.keyClick(tree, Qt.Key.Key_Space)
    assert tree.selected_ids() == ["engagement"]
    assert all(theme.child(i).checkState(0) == Qt.CheckState.Checked
               for i in range(theme.childCount()))  # fmt: skip
    dialog.title.setFocus()
    type_text(dialog.title, "Conseil municipal du 3 décembre — « Élus »")
    dialog.lang.setCurrentIndex(dialog.lang.findData("fr"))
    _shown(dialog, qtbot, "Balise 6 — S’engager, c’est voyager")
    assert "Conseil municipal du 3 décembre — « Élus »" in dialog.preview.text()
    pages = dialog.preview.page_count()
    dialog.fold.setChecked(True)
    qtbot.waitUntil(lambda: "sheet" in dialog.pages_label.text(), timeout=15_000)
    assert dialog.preview.page_count() == (pages + 3) // 4 * 4 // 2  # A4 sheet sides


def test_export_writes_the_previewed_pdf_and_print_renders_every_page(
    window: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    dialog = _open_dialog(window, qtbot)
    target = tmp_path / "conseil.pdf"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.file_dialog is not None
    dialog.file_dialog.fileSelected.emit(str(target))  # the user chose this file
    assert target.read_bytes() == dialog.preview.data
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    assert "Creating the conditions for trust" in text
    missing = tmp_path / "nowhere" / "b.pdf"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    dialog.file_dialog.fileSelected.emit(str(missing))
    assert "does not exist" in dialog.status.text() and not missing.exists()

    printed = tmp_path / "printed.pdf"

    class AcceptingPrintDialog:  # the system's print dialog, answered "Print to file"
        def __init__(self, printer: Any, parent: Any) -> None:
            printer.setOutputFileName(str(printed))

        def exec(self) -> int:
            return 1

    monkeypatch.setattr("PySide6.QtPrintSupport.QPrintDialog", AcceptingPrintDialog)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    pages = dialog.preview.page_count()
    assert f"Sent {pages} pages to the printer." == dialog.status.text()
    info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True).stdout
    assert f"Pages:           {pages}" in info


def test_cancel_stops_a_build_and_keeps_the_last_preview(window: Any, qtbot: Any) -> None:
    dialog = _open_dialog(window, qtbot)
    before = dialog.preview.data
    dialog.writing.setCurrentIndex(dialog.writing.findData("lines"))
    dialog.tree.set_selected(["engagement", "integration", "cooperation", "value", "ch8"])
    qtbot.waitUntil(lambda: dialog.progress.isVisible(), timeout=5_000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text().startswith("Cancelled")
    assert not dialog.progress.isVisible() and not dialog.cancel_button.isEnabled()
    from referentiel_desktop.gui.common.worker import wait_for_background

    wait_for_background()
    qtbot.wait(100)
    assert dialog.preview.data == before
    assert not dialog.export_button.isEnabled()  # what is shown is not what is chosen


def test_a_preset_saved_in_the_dialog_comes_back(window: Any, qtbot: Any, monkeypatch: Any) -> None:
    dialog = _open_dialog(window, qtbot)
    type_text(dialog.title, "Conseil mensuel")
    dialog.fold.setChecked(True)
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getText", lambda *a, **k: ("Mensuel", True))
    qtbot.mouseClick(dialog.save_preset_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "Saved the preset Mensuel."
    dialog.title.clear()
    dialog.fold.setChecked(False)
    dialog.tree.set_selected(["value"])
    dialog.presets.setCurrentIndex(dialog.presets.findData("Mensuel"))
    dialog.presets.activated.emit(dialog.presets.currentIndex())
    assert dialog.title.text() == "Conseil mensuel" and dialog.fold.isChecked()
    assert dialog.tree.selected_ids() == ["engagement.b3"]


def test_from_the_map_the_dialog_opens_with_nothing_selected_and_a_hint(
    window: Any, qtbot: Any
) -> None:
    from referentiel_desktop.gui.window.main_window import HOME

    window.open_node(HOME)
    assert window.current_node_id() is None
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.booklet.dialog is not None, timeout=5_000)
    dialog = window.booklet.dialog
    qtbot.waitUntil(lambda: not dialog.building(), timeout=15_000)
    assert dialog.tree.selected_ids() == []
    assert dialog.pages_label.text().startswith("Nothing is selected yet: tick items in the tree")
    assert not dialog.export_button.isEnabled() and not dialog.print_button.isEnabled()
    assert dialog.preview.page_count() == 0 and dialog.status.text() == ""


def test_the_inventory_combo_prints_the_territory_s_overview_and_answers(
    window: Any, qtbot: Any
) -> None:
    from referentiel_desktop.annotations import people
    from referentiel_desktop.inventory.answers import set_answer

    people.add_territory(window.workspace, "Le Mené")
    people.add_territory(window.workspace, "Lens")  # never assessed: not offered
    set_answer(window.workspace, "Le Mené", "inventory.q7", "emerging",
               text="Un conseil citoyen « à l’essai »", day="2026-03-20")  # fmt: skip
    dialog = _open_dialog(window, qtbot, "inventory.q7")
    combo = dialog.inventory
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Inventory: none", "Inventory of Le Mené"]  # fmt: skip
    combo.setCurrentIndex(combo.findData("Le Mené"))
    _shown(dialog, qtbot, "Inventory of Le Mené")
    assert dialog.preview.text().count("Un conseil citoyen « à l’essai »") == 2
    assert dialog.options().inventory == "Le Mené"
