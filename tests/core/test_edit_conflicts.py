"""Two writers on one data folder: a save over a newer revision never silently wins."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from referentiel_desktop.annotations import cases, notes, people
from referentiel_desktop.annotations.conflicts import EditConflict
from referentiel_desktop.errors import UserError
from referentiel_desktop.store.models import Setting
from referentiel_desktop.workspace import StoreBusyError, Workspace

WRITER = Path(__file__).with_name("concurrent_writer.py")


def test_a_save_over_a_newer_note_raises_and_keeps_both_texts(workspace: Workspace) -> None:
    note = notes.add_note(workspace, "engagement.b3", "Première « version »", author="Élise")
    with Workspace.open(workspace.data_dir) as other:  # a second window on the same folder
        mine = notes.get_note(workspace, note.id)
        theirs = notes.get_note(other, note.id)
        saved = notes.edit_note(other, note.id, text="Leur texte : l’œuvre",
                                expected_rev=theirs.rev)  # fmt: skip
    with pytest.raises(EditConflict) as raised:
        notes.edit_note(workspace, note.id, text="Mon texte", expected_rev=mine.rev)
    conflict = raised.value
    assert isinstance(conflict, UserError) and "changed elsewhere" in str(conflict)
    assert (conflict.kind, conflict.record_id) == ("note", note.id)
    assert conflict.stored.text == "Leur texte : l’œuvre" and conflict.stored.rev == saved.rev
    assert notes.get_note(workspace, note.id) == conflict.stored  # nothing was written
    # "Keep mine": save again over the revision the conflict showed.
    kept = notes.edit_note(workspace, note.id, text="Mon texte", expected_rev=conflict.stored.rev)
    assert kept.text == "Mon texte" and kept.rev.startswith("3-")


def test_a_save_over_a_newer_case_raises(workspace: Workspace) -> None:
    people.add_territory(workspace, "Le Mené")
    case = cases.add_case(workspace, "Méthanisation", "Le Mené", ["engagement.b3"], author="É")
    with Workspace.open(workspace.data_dir) as other:
        cases.edit_case(other, case.id, actors="Élus, agriculteurs", expected_rev=case.rev)
    with pytest.raises(EditConflict) as raised:
        cases.edit_case(workspace, case.id, actors="Habitants", expected_rev=case.rev)
    assert raised.value.kind == "case" and raised.value.stored.actors == "Élus, agriculteurs"
    assert cases.get_case(workspace, case.id).actors == "Élus, agriculteurs"


def _run_writers(*commands: list[str]) -> list[str]:
    processes = [
        subprocess.Popen([sys.executable, str(WRITER), *c], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for c in commands
    ]  # fmt: skip
    outputs = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert "Traceback" not in err
        outputs.append(out)
    return outputs


def test_two_processes_appending_to_one_note_lose_no_line(workspace: Workspace) -> None:
    note = notes.add_note(workspace, "engagement.b3", "Début", author="Élise")
    data = str(workspace.data_dir)
    _run_writers(["append", data, note.id, "Anaïs", "25"], ["append", data, note.id, "Zoé", "25"])
    lines = notes.get_note(workspace, note.id).text.splitlines()
    assert lines[0] == "Début"
    assert sorted(lines[1:]) == sorted([f"Anaïs {n}" for n in range(25)] +
                                       [f"Zoé {n}" for n in range(25)])  # fmt: skip
    # In each process's own order: a line is never put back before an earlier one.
    for who in ("Anaïs", "Zoé"):
        assert [line for line in lines if line.startswith(who)] == [f"{who} {n}" for n in range(25)]


def test_read_then_write_transactions_in_two_processes_lose_no_update(
    workspace: Workspace,
) -> None:
    with workspace.transaction() as session:
        session.add(Setting(key="counter", value="0"))
    data = str(workspace.data_dir)
    _run_writers(["counter", data, "60"], ["counter", data, "60"])
    with workspace.reading() as session:
        counter = session.get(Setting, "counter")
        assert counter is not None and counter.value == "120"


def test_a_write_that_cannot_get_the_lock_says_so_and_changes_nothing(data_dir: Path) -> None:
    with Workspace.open(data_dir, busy_timeout_ms=50) as workspace:
        note = notes.add_note(workspace, "engagement.b3", "Avant", author="Élise")
        holder = sqlite3.connect(workspace.db_path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another process is writing
        try:
            with pytest.raises(StoreBusyError) as raised:
                notes.edit_note(workspace, note.id, text="Pendant")
            assert "try again" in str(raised.value)
            assert notes.get_note(workspace, note.id).text == "Avant"  # reads still work
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert notes.edit_note(workspace, note.id, text="Après").text == "Après"


def test_opening_does_not_wait_on_another_process_writing(data_dir: Path) -> None:
    Workspace.open(data_dir).close()
    holder = sqlite3.connect(data_dir / "referentiel.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process is in the middle of a write
    try:
        with Workspace.open(data_dir, busy_timeout_ms=50) as workspace:  # as the window does
            assert notes.list_notes(workspace) == []
            assert workspace.changes_since(workspace.latest_seq())[1] == []
    finally:
        holder.execute("ROLLBACK")
        holder.close()
