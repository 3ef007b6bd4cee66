"""The import preview names the records by title, with what would change, and never by
UUID (issue 20); the command line keeps the ids its commands take."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from referentiel_desktop.annotations import notes
from referentiel_desktop.exchange.export import export
from referentiel_desktop.exchange.merge import import_bundle
from referentiel_desktop.workspace import Workspace

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def test_the_preview_lists_records_by_title(window: Any, qtbot: Any, tmp_path: Path) -> None:
    window.set_language("fr")
    shared = notes.add_note(window.workspace, "engagement.b3", "Version commune")
    export(window.workspace, tmp_path / "mine.rdbundle")
    bruno = Workspace.open(tmp_path / "bruno")
    import_bundle(bruno, tmp_path / "mine.rdbundle")
    notes.edit_note(bruno, shared.id, text="La réunion « publique » a eu lieu")
    notes.edit_note(window.workspace, shared.id, text="La réunion privée a eu lieu")
    notes.add_note(bruno, "value.b1", "Ludothèque itinérante à Malaunay")
    export(bruno, tmp_path / "bruno.rdbundle")
    bruno.close()
    dialog = window.exchange.start_import(tmp_path / "bruno.rdbundle")
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=15_000)
    text = dialog.text.toPlainText()
    assert "ajouté : note « Ludothèque itinérante à Malaunay »" in text.replace("\u00a0", " ")
    assert "« La réunion « publique » a eu lieu »" in text or "conflit" in text
    assert not UUID.search(text), text
    assert UUID.search("\n".join(dialog.report.lines()))  # the command line keeps the ids
