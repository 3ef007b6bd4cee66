"""Every change reaches the window once, from the change log, as records: a write of
this window, and a write of another process (heard by watching the database files)."""

from __future__ import annotations

from typing import Any

from referentiel_desktop.annotations import notes
from referentiel_desktop.changes import Change

LONGER_THAN_ANY_SETTLE_MS = 1500


def _notes_heard(heard: list[Change]) -> list[Change]:
    return [change for change in heard if change.kind == "note"]


def test_a_write_of_this_window_is_heard_once(window: Any, qtbot: Any) -> None:
    heard: list[Change] = []
    window.changes.changed.connect(heard.append)
    note = notes.add_note(window.workspace, "engagement.b1", "Une fois « seulement »")
    qtbot.wait(LONGER_THAN_ANY_SETTLE_MS)  # the files moved: the watcher looked again
    assert _notes_heard(heard) == [Change("note", frozenset({note.id}))]
    [record] = _notes_heard(heard)[0].records
    assert (record.kind, record.record_id, record.op) == ("note", note.id, "insert")


def test_a_write_of_another_process_is_heard_once(window: Any, qtbot: Any) -> None:
    from referentiel_desktop.workspace import Workspace

    heard: list[Change] = []
    window.changes.changed.connect(heard.append)
    with Workspace.open(window.workspace.data_dir) as other:  # nobody listens there
        note = notes.add_note(other, "engagement.b2", "Écrite ailleurs", author="Autre")
    qtbot.waitUntil(lambda: bool(_notes_heard(heard)), timeout=10_000)
    qtbot.wait(LONGER_THAN_ANY_SETTLE_MS)
    assert _notes_heard(heard) == [Change("note", frozenset({note.id}))]
    panel = window.notes.panel
    window.open_node("engagement.b2")
    qtbot.waitUntil(lambda: panel.note_ids() == [note.id], timeout=5_000)
