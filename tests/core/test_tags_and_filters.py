"""Tags and the command line's filters fold case, accents and ligatures as search does;
unknown targets and territories are errors that say what to do."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from referentiel_desktop.annotations import cases, notes, people, tags
from referentiel_desktop.errors import UserError
from referentiel_desktop.store import migrations
from referentiel_desktop.workspace import Workspace


def _note(cli: Any, *tag_names: str, text: str = "x", target: str = "value.b1") -> Any:
    options = [part for name in tag_names for part in ("--tag", name)]
    added = cli("note", "add", "--target", target, "--text", text, *options, "--json")
    assert added.code == 0, added.err
    return added.json()


def test_a_tag_is_one_whatever_its_case_accents_and_ligatures(cli: Any) -> None:
    first = _note(cli, "Énergie", "Œuvre", "Budget")
    again = _note(cli, "Énergie")  # the second time used to end in a traceback
    assert first["tags"] == ["Budget", "Énergie", "Œuvre"]
    assert again["tags"] == ["Énergie"]
    spelled = _note(cli, "énergie", "energie", "ENERGIE", "oeuvre", "œuvre", "budget")
    assert spelled["tags"] == ["Budget", "Énergie", "Œuvre"]  # shown as first written
    assert cli("tag", "list", "--json").json() == [
        {"name": "Budget", "count": 2},
        {"name": "Énergie", "count": 3},
        {"name": "Œuvre", "count": 2},
    ]
    found = cli("note", "list", "--tag", "energie", "--json").json()
    assert {n["id"] for n in found} == {first["id"], again["id"], spelled["id"]}
    assert len(cli("note", "list", "--tag", "OEUVRE", "--json").json()) == 2
    edited = cli("note", "edit", again["id"], "--tag", "ÉNERGIE", "--tag", "Quartier", "--json")
    assert edited.code == 0, edited.err
    assert edited.json()["tags"] == ["Énergie", "Quartier"]


def test_tags_fold_through_the_core_too(workspace: Workspace) -> None:
    people.add_territory(workspace, "Malaunay")
    note = notes.add_note(workspace, "value.b1", "a", tags=["énergie"])
    notes.edit_note(workspace, note.id, tags=["Énergie", "énergie"])  # as the window saves it
    case = cases.add_case(workspace, "c", "Malaunay", ["value.b1"], tags=["ENERGIE"])
    assert notes.get_note(workspace, note.id).tags == ("énergie",)
    assert cases.get_case(workspace, case.id).tags == ("énergie",)
    assert [n.id for n in notes.list_notes(workspace, tag="Energie")] == [note.id]
    assert [c.id for c in cases.list_cases(workspace, tag="énergie")] == [case.id]
    assert tags.list_tags(workspace) == [("énergie", 2)]


def test_unused_tags_are_not_listed(cli: Any) -> None:
    note = _note(cli, "particip")
    assert cli("note", "edit", note["id"], "--tag", "participation").code == 0
    kept = _note(cli, "budget")
    assert cli("note", "delete", kept["id"]).code == 0  # its tag is no longer used either
    assert cli("tag", "list", "--json").json() == [{"name": "participation", "count": 1}]
    assert cli("tag", "list").out == "participation  1\n"


def test_tag_rename_and_merge_fold_too(cli: Any) -> None:
    cli("territory", "add", "Malaunay")
    note = _note(cli, "energie", "Climat")
    other = _note(cli, "climat", "budget")
    case = cli("case", "add", "--title", "c", "--territory", "Malaunay", "--balise",
               "value.b1", "--tag", "ÉNERGIE", "--json").json()  # fmt: skip
    assert case["tags"] == ["energie"]
    renamed = cli("tag", "rename", "ENERGIE", "Énergie")  # one tag: a plain rename
    assert renamed.code == 0, renamed.err
    assert cli("tag", "list", "--json").json() == [
        {"name": "budget", "count": 1},
        {"name": "Climat", "count": 2},
        {"name": "Énergie", "count": 2},
    ]
    merged = cli("tag", "rename", "CLIMAT", "energie")  # into the existing « Énergie »
    assert merged.code == 0, merged.err
    for listed in cli("note", "list", "--tag", "énergie", "--json").json():
        assert "Énergie" in listed["tags"] and "Climat" not in listed["tags"]
    notes_found = cli("note", "list", "--tag", "ENERGIE", "--json").json()
    assert {n["id"] for n in notes_found} == {note["id"], other["id"]}
    assert cli("case", "list", "--tag", "energie", "--json").json()[0]["id"] == case["id"]
    assert cli("tag", "list", "--json").json() == [
        {"name": "budget", "count": 1},
        {"name": "Énergie", "count": 3},
    ]
    assert cli("tag", "rename", "absent", "x").code == 1


def test_rename_knows_a_merge_from_a_rename(workspace: Workspace) -> None:
    notes.add_note(workspace, "value.b1", "a", tags=["énergie", "climat"])
    assert not tags.rename_merges(workspace, "énergie", "Énergie")
    assert not tags.rename_merges(workspace, "énergie", "nouveau")
    assert tags.rename_merges(workspace, "Climat", "ENERGIE")
    before = tags.tagged_with(workspace, ["CLIMAT", "energie"])
    tags.rename_tag(workspace, "climat", "Energie")
    assert tags.list_tags(workspace) == [("énergie", 1)]
    tags.set_tags(workspace, before)  # what undoing a merge does
    assert tags.list_tags(workspace) == [("climat", 1), ("énergie", 1)]


def test_filters_fold_names(cli: Any) -> None:
    cli("territory", "add", "Le Mené")
    _note(cli, text="autre")
    by_elise = cli("note", "add", "--target", "value.b1", "--text", "chaleur « renouvelable »",
                   "--author", "Élise Durand", "--tag", "Énergie", "--json").json()  # fmt: skip
    case = cli("case", "add", "--title", "Méthaniseur", "--territory", "Le Mené", "--balise",
               "value.b1", "--author", "Élise Durand", "--tag", "Œuvre", "--json")  # fmt: skip
    case = case.json()
    listed = cli("note", "list", "--author", "elise durand", "--json").json()
    assert [n["id"] for n in listed] == [by_elise["id"]]
    for territory in ("le mene", "LE MENÉ", " Le Mené "):
        found = cli("case", "list", "--territory", territory, "--json").json()
        assert [c["id"] for c in found] == [case["id"]], territory
    assert [c["id"] for c in cli("case", "list", "--author", "ÉLISE DURAND", "--json").json()] == [
        case["id"]
    ]
    moved = cli("case", "add", "--title", "Autre", "--territory", "le mene", "--balise",
                "value.b1", "--json")  # fmt: skip
    assert moved.code == 0 and moved.json()["territory"] == "Le Mené"
    hits = cli("search", "chaleur", "--tag", "energie", "--json").json()["hits"]
    assert [h["id"] for h in hits] == [by_elise["id"]]
    hits = cli("search", "chaleur", "--author", "ELISE DURAND", "--json").json()["hits"]
    assert [h["id"] for h in hits] == [by_elise["id"]]
    hits = cli("search", "methaniseur", "--territory", "le mene", "--tag", "oeuvre",
               "--json").json()["hits"]  # fmt: skip
    assert [h["id"] for h in hits] == [case["id"]]


def test_unknown_targets_and_territories_are_errors_that_say_what_to_do(
    cli: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _note(cli)
    unknown = cli("note", "list", "--target", "engagement.b9")
    assert unknown.code == 1 and unknown.out == ""
    assert "engagement.b9" in unknown.err and "Traceback" not in unknown.err
    assert cli("case", "list", "--balise", "engagement.b9").code == 1
    nowhere = cli("case", "list", "--territory", "Nulle-part")
    assert nowhere.code == 1 and 'territory add "Nulle-part"' in nowhere.err
    cli("territory", "add", "Malaunay")
    refused = cli("case", "add", "--title", "T", "--territory", "Nulle-part",
                  "--balise", "value.b1")  # fmt: skip
    assert refused.code == 1
    assert "Malaunay" in refused.err and 'territory add "Nulle-part"' in refused.err
    monkeypatch.setenv("LANGUAGE", "fr")
    french = cli("case", "list", "--territory", "Nulle-part")
    assert french.code == 1
    assert "Territoire inconnu\u00a0: Nulle-part." in french.err
    assert 'Ajoutez-le avec\u00a0: territory add "Nulle-part"' in french.err
    assert cli("case", "list", "--json").json() == []


def test_unknown_target_through_the_core(workspace: Workspace) -> None:
    with pytest.raises(UserError, match="engagement.b9"):
        notes.list_notes(workspace, target="engagement.b9")
    with pytest.raises(UserError, match='territory add "Ailleurs"'):
        cases.list_cases(workspace, territory="Ailleurs")


def test_migration_merges_tags_that_fold_alike_keeping_every_link(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    before = migrations.MIGRATIONS.index(migrations._tag_keys)
    for migration in migrations.MIGRATIONS[:before]:
        migration(conn)
    conn.execute(f"PRAGMA user_version = {before}")
    conn.executemany(
        "INSERT INTO tag (id, name) VALUES (?, ?)",
        [(1, "énergie"), (2, "Énergie"), (3, "energie"), (4, "Œuvre"), (5, "oeuvre"), (6, "x")],
    )
    # Links only (foreign keys are off on this bare connection): n1 carries two spellings.
    conn.executemany(
        "INSERT INTO note_tag (note_id, tag_id) VALUES (?, ?)",
        [("n1", 1), ("n1", 2), ("n2", 3), ("n3", 5), ("n3", 6)],
    )
    conn.executemany(
        "INSERT INTO case_tag (case_id, tag_id) VALUES (?, ?)", [("c1", 2), ("c1", 4), ("c2", 5)]
    )
    conn.close()
    assert migrations.migrate(db) is not None  # backed up first
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT id, name, key FROM tag ORDER BY id").fetchall() == [
            (1, "énergie", "energie"),
            (4, "Œuvre", "oeuvre"),
            (6, "x", "x"),
        ]
        linked = {
            (record, name)
            for link, column in (("note_tag", "note_id"), ("case_tag", "case_id"))
            for record, name in conn.execute(
                f"SELECT {column}, name FROM {link} JOIN tag ON tag.id = tag_id"
            )
        }
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO tag (name, key) VALUES ('ENERGIE', 'energie')")
    assert linked == {
        ("n1", "énergie"),
        ("n2", "énergie"),
        ("n3", "Œuvre"),
        ("n3", "x"),
        ("c1", "énergie"),
        ("c1", "Œuvre"),
        ("c2", "Œuvre"),
    }
