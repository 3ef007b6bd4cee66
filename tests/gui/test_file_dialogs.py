"""French all the way, in the file dialogs too (issue 20): Qt's own words translated, the
dialog opening in the documents folder (or the one last used), a file name proposed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QLabel

from referentiel_desktop.gui.common.file_places import documents_folder


@pytest.fixture(autouse=True)
def _documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Documents"
    folder.mkdir()
    QStandardPaths.setTestModeEnabled(True)
    monkeypatch.setattr(
        "referentiel_desktop.gui.common.file_places.documents_folder", lambda: folder
    )
    yield folder
    QStandardPaths.setTestModeEnabled(False)


def _labels(dialog: Any) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel) if label.text()]


def test_the_bundle_dialog_speaks_french_opens_in_documents_and_proposes_a_name(
    window: Any, qtbot: Any, _documents: Path
) -> None:
    window.set_language("fr")
    window.exchange.choose_export()
    dialog = window.exchange.file_dialog
    qtbot.waitExposed(dialog)
    labels = " ".join(_labels(dialog))
    assert "Look in" not in labels and "Files of type" not in labels
    assert "Regarder dans" in labels or "Type de fichier" in labels, labels
    assert Path(dialog.directory().absolutePath()) == _documents
    assert dialog.selectedFiles()[0].endswith(".rdbundle")
    assert Path(dialog.selectedFiles()[0]).name.startswith("équipe-")
    dialog.reject()


def test_the_booklet_dialog_proposes_its_title_and_remembers_the_folder(
    window: Any, qtbot: Any, tmp_path: Path, _documents: Path
) -> None:
    window.set_language("fr")
    booklet = window.booklet.open_dialog()
    booklet.title.setText("Conseil municipal du 3 décembre")
    file_dialog = booklet.ask_export_path()
    assert Path(file_dialog.directory().absolutePath()) == _documents
    assert Path(file_dialog.selectedFiles()[0]).name == "Conseil municipal du 3 décembre.pdf"
    elsewhere = tmp_path / "Conseils"
    elsewhere.mkdir()
    file_dialog.fileSelected.emit(str(elsewhere / "a.pdf"))
    again = booklet.ask_export_path()
    assert Path(again.directory().absolutePath()) == elsewhere  # the folder last used
    again.reject()
    booklet.reject()
    assert documents_folder().is_dir()


def test_the_restore_dialog_speaks_french_too(window: Any, qtbot: Any) -> None:
    window.set_language("fr")
    dialog = window.safety.choose_backup()
    assert dialog is not None
    labels = " ".join(_labels(dialog))
    assert "Look in" not in labels and "Files of type" not in labels, labels
    dialog.reject()
