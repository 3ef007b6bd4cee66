"""File → Recent and, once a booklet is written, « Ouvrir » and « Afficher dans le dossier »
(issue 20): the system opens the file or its folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []

    def record(url: QUrl) -> bool:
        seen.append(url.toLocalFile())
        return True

    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", record)
    return seen


def test_a_written_booklet_can_be_opened_and_is_in_recent(
    window: Any, qtbot: Any, tmp_path: Path, opened: list[str]
) -> None:
    window.set_language("fr")
    window.open_node("engagement.b3")
    dialog = window.booklet.open_dialog()
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=30_000)
    target = tmp_path / "Conseil du 3 décembre.pdf"
    dialog.export_to(str(target))
    assert target.exists() and dialog.open_button.isVisible()
    assert dialog.open_button.text() == "Ouvrir"
    dialog.open_button.click()
    dialog.reveal_button.click()
    assert opened == [str(target), str(tmp_path)]
    window.recent.fill()
    actions = [a for a in window.recent.menu.actions() if a.isEnabled()]
    assert [a.text() for a in actions] == [
        "Livret : Conseil du 3 décembre.pdf".replace(" :", "\u00a0:")
    ]
    actions[0].trigger()
    assert opened[-1] == str(target)


def test_an_imported_bundle_is_offered_again(window: Any, qtbot: Any, tmp_path: Path) -> None:
    from referentiel_desktop.exchange.export import export

    bundle = tmp_path / "équipe-2026-12-03.rdbundle"
    export(window.workspace, bundle)
    window.exchange.start_import(bundle)
    window.recent.fill()
    entry = next(a for a in window.recent.menu.actions() if bundle.name in a.text())
    entry.trigger()
    dialog = window.exchange.import_dialog
    assert dialog is not None and dialog.path == bundle
    bundle.unlink()  # a file gone is not offered any more
    window.recent.fill()
    assert not [a for a in window.recent.menu.actions() if bundle.name in a.text()]
