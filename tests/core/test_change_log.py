"""One change log, written in the same transaction as every write; revisions that move."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import insert

from referentiel_desktop.annotations import cases, notes, people, tags
from referentiel_desktop.changes import Change
from referentiel_desktop.errors import UserError
from referentiel_desktop.store import migrations
from referentiel_desktop.store.change_log import insert_rows
from referentiel_desktop.store.models import Author, Note, NoteTag, Setting, Tag
from referentiel_desktop.workspace import Workspace


def _since(workspace: Workspace, seq: int) -> dict[str, frozenset[str]]:
    _newest, changes = workspace.changes_since(seq)
    return {change.kind: change.ids for change in changes}


def _log_rows(data_dir: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(data_dir / "referentiel.sqlite3") as conn:
        return list(conn.execute("SELECT kind, record_id, op FROM change_log ORDER BY seq"))


def test_every_kind_of_write_is_logged_with_its_records(workspace: Workspace) -> None:
    start = workspace.latest_seq()
    assert start > 0  # installing the referential is a write too
    territory = people.add_territory(workspace, "Le Mené", "22")
    note = notes.add_note(workspace, "engagement.b3", "La confiance « se gagne »",
                          tags=["Énergie"], author="Élise")  # fmt: skip
    case = cases.add_case(workspace, "Méthanisation", "Le Mené", ["engagement.b3"], author="Élise")
    seen = _since(workspace, start)
    assert seen["note"] == {note.id} and seen["case"] == {case.id}
    assert seen["territory"] == {territory.id}
    assert len(seen["author"]) == 1 and len(seen["tag"]) == 1

    after_adds = workspace.latest_seq()
    notes.edit_note(workspace, note.id, text="Révisée")
    people.edit_territory(workspace, "Le Mené", new_name="Le Mené (22)")
    assert _since(workspace, after_adds) == {
        "note": {note.id},
        "territory": {territory.id},
        "case": {case.id},  # its territory's name is part of it
    }
    after_edits = workspace.latest_seq()
    tags.rename_tag(workspace, "Énergie", "énergie locale")
    seen = _since(workspace, after_edits)
    assert seen["note"] == {note.id} and len(seen["tag"]) == 1
    newest, _ = workspace.changes_since(after_edits)
    assert newest == workspace.latest_seq() > after_edits
    assert workspace.changes_since(newest) == (newest, [])


def test_a_failed_write_logs_nothing(workspace: Workspace, data_dir: Path) -> None:
    note = notes.add_note(workspace, "engagement.b3", "Texte", author="Élise")
    before = _log_rows(data_dir)
    with pytest.raises(UserError):
        notes.edit_note(workspace, note.id, text="   ")
    with pytest.raises(RuntimeError), workspace.transaction() as session:
        stored = session.get(Note, note.id)
        assert stored is not None
        stored.text = "jamais enregistré"
        session.flush()  # the log row is written here, then rolled back with the text
        raise RuntimeError("crash in the middle")
    assert _log_rows(data_dir) == before
    assert notes.get_note(workspace, note.id).text == "Texte"


def test_bulk_statements_are_logged_too(workspace: Workspace) -> None:
    """A bulk insert (benchmarks) and bulk updates (tag renames) bypass the ORM's flush."""
    author = people.add_author(workspace, "Élise")
    start = workspace.latest_seq()
    with workspace.transaction() as session:
        session.execute(insert(Setting), [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}])
        session.execute(
            insert(Note),
            [
                {
                    "id": f"bulk-{i}",
                    "target_id": "value.b1",
                    "text": f"n° {i}",
                    "author_id": author.id,
                }
                for i in range(3)
            ],  # fmt: skip
        )
    assert _since(workspace, start) == {
        "setting": {"a", "b"},
        "note": {"bulk-0", "bulk-1", "bulk-2"},
    }
    assert notes.get_note(workspace, "bulk-1").rev.startswith("1-")


def test_revisions_count_edits_and_keep_their_history(workspace: Workspace) -> None:
    note = notes.add_note(workspace, "engagement.b3", "v1", tags=["quartier"], author="Élise")
    assert note.rev.startswith("1-") and len(note.rev) == len("1-") + 12
    edited = notes.edit_note(workspace, note.id, text="v2")
    assert edited.rev.startswith("2-") and edited.rev != note.rev
    deleted = notes.delete_note(workspace, note.id)
    restored = notes.restore_note(workspace, note.id)
    assert [deleted.rev[:2], restored.rev[:2]] == ["3-", "4-"]
    assert notes.get_note(workspace, note.id).rev == restored.rev
    # A rename touches the note with a bulk statement: its revision moves too.
    tags.rename_tag(workspace, "quartier", "quartiers")
    renamed = notes.get_note(workspace, note.id)
    assert renamed.rev.startswith("5-") and renamed.tags == ("quartiers",)
    listed = {n.id: n.rev for n in notes.list_notes(workspace)}
    assert listed[note.id] == renamed.rev
    with workspace.reading() as session:
        stored = session.get(Note, note.id)
        assert stored is not None
        assert stored.rev_history == [note.rev, edited.rev, deleted.rev, restored.rev]


def test_the_revision_history_is_bounded(workspace: Workspace) -> None:
    note = notes.add_note(workspace, "engagement.b3", "0", author="Élise")
    for n in range(1, 106):
        note = notes.edit_note(workspace, note.id, text=str(n))
    assert note.rev.startswith("106-")
    with workspace.reading() as session:
        stored = session.get(Note, note.id)
        assert stored is not None
        assert len(stored.rev_history) == 100
        assert stored.rev_history[-1].startswith("105-")
        assert stored.rev_history[0].startswith("6-")


def test_cases_carry_revisions(workspace: Workspace) -> None:
    people.add_territory(workspace, "Loos-en-Gohelle")
    case = cases.add_case(workspace, "Éco-quartier", "Loos-en-Gohelle", ["value.b1"])
    assert case.rev.startswith("1-")
    edited = cases.edit_case(workspace, case.id, lessons="Écouter « d’abord »")
    assert edited.rev.startswith("2-")
    assert cases.list_cases(workspace)[0].rev == edited.rev
    relinked = cases.edit_case(workspace, case.id, balises=["value.b1", "value.b2"])
    assert relinked.rev.startswith("3-")


def test_data_version_moves_when_another_process_commits(workspace: Workspace) -> None:
    first = workspace.data_version()
    assert workspace.data_version() == first  # nothing happened
    with Workspace.open(workspace.data_dir) as other:
        notes.add_note(other, "engagement.b1", "Écrit ailleurs", author="Autre")
    assert workspace.data_version() != first
    seen = _since(workspace, 0)
    assert "note" in seen and "referential" in seen


def test_the_in_process_bus_still_hears_writes(workspace: Workspace) -> None:
    heard: list[Change] = []
    workspace.changes.subscribe(heard.append)
    note = notes.add_note(workspace, "engagement.b3", "x", author="Élise")
    assert Change("note", frozenset({note.id})) in heard


def test_records_of_an_older_database_get_a_revision(tmp_path: Path) -> None:
    db = tmp_path / "data" / "referentiel.sqlite3"
    db.parent.mkdir()
    conn = sqlite3.connect(db, isolation_level=None)
    for version, migration in enumerate(migrations.MIGRATIONS[:2]):
        migration(conn)
        conn.execute(f"PRAGMA user_version = {version + 1}")
    conn.execute(
        "INSERT INTO author VALUES ('a1', '2025-01-01T00:00:00+00:00',"
        " '2025-01-01T00:00:00+00:00', NULL, 'Élise', 'É')"
    )
    conn.close()
    with Workspace.open(db.parent) as workspace:
        [author] = people.list_authors(workspace)
        with workspace.reading() as session:
            stored = session.get(Author, author.id)
            assert stored is not None
            assert stored.rev.startswith("1-") and stored.rev_history == []
        assert workspace.last_backup is not None  # the data was copied before migrating


def test_an_old_log_is_pruned_and_a_follower_left_behind_reloads(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from referentiel_desktop.search.service import SearchService
    from referentiel_desktop.store import change_log

    service = SearchService(workspace)
    service.prepare()  # an index that applied the log up to here…
    service.close()
    monkeypatch.setattr(change_log, "KEEP_ENTRIES", 20)
    written = [notes.add_note(workspace, "value.b1", f"Composteur n° {n}", author="É").id
               for n in range(30)]  # fmt: skip
    newest = workspace.latest_seq()
    assert workspace.forgotten_seq() == 0
    with Workspace.open(workspace.data_dir) as reopened:  # pruned at open
        assert reopened.latest_seq() == newest
        assert reopened.forgotten_seq() == newest - 20
        assert len(_log_rows(workspace.data_dir)) == 20
        note = notes.add_note(reopened, "value.b1", "Après", author="É")
        assert reopened.changes_since(newest) == (
            newest + 1,
            [Change("note", frozenset({note.id}))],
        )
        service = SearchService(reopened)
        service.prepare()  # …is too far behind to catch up: rebuilt
        try:
            found = service.search("composteur", "fr", source="team", limit=50).hits
            assert sorted(h.id for h in found) == sorted(written)
        finally:
            service.close()


def _bulk_notes(workspace: Workspace, through_rows: bool) -> None:
    """The same new notes and tag links, written by the ORM's bulk insert or by
    ``insert_rows``; times in two zones, histories empty or not, a deletion marker."""
    paris = timezone(timedelta(hours=1))
    columns = ("id", "created_at", "updated_at", "deleted_at", "rev", "rev_history",
               "target_id", "text", "visibility", "author_id")  # fmt: skip
    rows = [
        (f"bulk-{i}", datetime(2026, 3, 2, 9, i, tzinfo=paris),
         datetime(2026, 3, 2, 8, i, tzinfo=UTC),
         datetime(2026, 4, 1, tzinfo=UTC) if i == 2 else None, f"{i + 1}-00000000000{i}",
         [f"{n + 1}-00000000000{n}" for n in range(i)], "engagement.b3",
         f"Réunion nº {i} « publique », l’œuvre", "team", "a0000000-0000-4000-8000-000000000000")
        for i in range(4)
    ]  # fmt: skip
    with workspace.transaction() as session:
        session.execute(insert(Author), [{"id": "a0000000-0000-4000-8000-000000000000",
                                          "name": "Élise", "rev": "1-000000000000"}])  # fmt: skip
        session.add(Tag(name="Énergie"))
        session.flush()
        links = [("bulk-1", 1), ("bulk-3", 1)]
        if through_rows:
            insert_rows(session, Note.__table__, columns, rows)
            insert_rows(session, NoteTag.__table__, ("note_id", "tag_id"), links)
        else:
            session.execute(insert(Note), [dict(zip(columns, row, strict=True)) for row in rows])
            session.execute(insert(NoteTag), [{"note_id": n, "tag_id": t} for n, t in links])


def test_rows_inserted_in_bulk_are_stored_and_logged_as_the_orm_would(tmp_path: Path) -> None:
    written: list[tuple[object, ...]] = []
    for through_rows in (False, True):
        folder = tmp_path / ("rows" if through_rows else "orm")
        with Workspace.open(folder) as workspace:
            start = workspace.latest_seq()
            _bulk_notes(workspace, through_rows)
            assert notes.get_note(workspace, "bulk-3").tags == ("Énergie",)
        with sqlite3.connect(folder / "referentiel.sqlite3") as conn:
            stored = (
                list(conn.execute("SELECT * FROM note ORDER BY rowid")),
                list(conn.execute("SELECT * FROM note_tag ORDER BY rowid")),
                list(conn.execute("SELECT kind, record_id, op FROM change_log WHERE seq > ?"
                                  " ORDER BY seq", (start,))),
            )  # fmt: skip
        written.append(stored)
    orm, rows = written
    assert rows == orm
    assert rows[0][0][1] == "2026-03-02T08:00:00.000000+00:00"  # Paris time stored as UTC
    assert [entry for entry in rows[2] if entry[0] == "note"] == [
        ("note", f"bulk-{i}", "insert") for i in range(4)
    ]  # the links' "update" of a note inserted in the same transaction says nothing more


def test_rows_inserted_in_bulk_roll_back_with_their_log(
    workspace: Workspace, data_dir: Path
) -> None:
    before = _log_rows(data_dir)
    with pytest.raises(RuntimeError), workspace.transaction() as session:
        insert_rows(session, Setting.__table__, ("key", "value"), [("a", "1"), ("b", "2")])
        raise RuntimeError("crash in the middle")
    assert _log_rows(data_dir) == before
    with workspace.reading() as session:
        assert session.get(Setting, "a") is None
    with pytest.raises(ValueError, match="value"), workspace.transaction() as session:
        insert_rows(session, Setting.__table__, ("key",), [("a",)])  # no default applied
