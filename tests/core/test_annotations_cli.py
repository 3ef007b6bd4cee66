"""Notes, cases, territories, authors and tags through the command line."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def _count(data_dir: Path, table: str) -> int:
    with sqlite3.connect(data_dir / "referentiel.sqlite3") as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_note_lifecycle(cli: Any, data_dir: Path) -> None:
    added = cli(
        "note", "add", "--target", "engagement.b3", "--text",
        "La confiance « se gagne » : l’œuvre d’un quartier", "--tag", "énergie",
        "--tag", "quartier", "--author", "Élise Durand", "--json",
    )  # fmt: skip
    assert added.code == 0, added.err
    note = added.json()
    assert note["text"] == "La confiance « se gagne » : l’œuvre d’un quartier"
    assert note["author"] == "Élise Durand" and note["visibility"] == "team"
    assert note["tags"] == ["énergie", "quartier"]
    assert note["created_at"].endswith("Z")
    authors = cli("author", "list", "--json").json()
    assert [a["name"] for a in authors] == ["Élise Durand"]  # added the first time seen
    assert authors[0]["initials"] == "ÉD"

    edited = cli("note", "edit", note["id"], "--text", "Révisé", "--private", "--json").json()
    assert edited["text"] == "Révisé" and edited["visibility"] == "private"
    assert edited["updated_at"] >= note["updated_at"]
    assert cli("note", "edit", note["id"], "--team", "--json").json()["visibility"] == "team"

    listed = cli("note", "list", "--target", "engagement.b3", "--json").json()
    assert [n["id"] for n in listed] == [note["id"]]
    assert cli("note", "list", "--tag", "énergie", "--json").json()[0]["id"] == note["id"]
    assert cli("note", "list", "--author", "Personne", "--json").json() == []

    assert cli("note", "delete", note["id"]).code == 0
    assert cli("note", "list", "--json").json() == []
    assert _count(data_dir, "note") == 1  # a marker, not a loss
    assert cli("note", "restore", note["id"]).code == 0
    assert len(cli("note", "list", "--json").json()) == 1


def test_notes_are_listed_newest_first(cli: Any) -> None:
    first = cli("note", "add", "--target", "value.b1", "--text", "un", "--json").json()
    second = cli("note", "add", "--target", "value.b1", "--text", "deux", "--json").json()
    assert [n["id"] for n in cli("note", "list", "--json").json()] == [second["id"], first["id"]]


def test_bad_input_changes_nothing(cli: Any, data_dir: Path) -> None:
    cli("note", "add", "--target", "engagement.b1", "--text", "ok")
    before = _count(data_dir, "note"), _count(data_dir, "author")
    unknown = cli("note", "add", "--target", "engagement.b9", "--text", "x", "--author", "Zoé")
    assert unknown.code == 1 and "engagement.b9" in unknown.err
    empty = cli("note", "add", "--target", "engagement.b1", "--text", "   ", "--author", "Zoé")
    assert empty.code == 1 and "empty" in empty.err
    assert (_count(data_dir, "note"), _count(data_dir, "author")) == before
    missing = cli("note", "edit", "00000000-0000-0000-0000-000000000000", "--text", "x")
    assert missing.code == 1
    no_territory = cli("case", "add", "--title", "T", "--territory", "Nulle-part",
                       "--balise", "engagement.b1")  # fmt: skip
    assert no_territory.code == 1 and "Nulle-part" in no_territory.err
    assert _count(data_dir, "case_record") == 0


def test_case_lifecycle_and_filters(cli: Any, data_dir: Path) -> None:
    assert cli("territory", "add", "Grande-Synthe", "--code", "59").code == 0
    described = "Communauté de communes « pionnière »"
    assert cli("territory", "add", "Le Mené", "--code", "22", "--description", described).code == 0
    assert cli("territory", "add", "Le Mené").code == 1
    territories = cli("territory", "list", "--json").json()
    assert [t["name"] for t in territories] == ["Grande-Synthe", "Le Mené"]
    assert territories[1]["description"] == described
    assert "Le Mené  (22)  — Communauté de communes « pionnière »" in cli("territory", "list").out
    case = cli(
        "case", "add", "--title", "Cantine bio « zéro déchet »", "--territory", "Grande-Synthe",
        "--balise", "engagement.b3", "--balise", "value.b2", "--period", "2015–2018",
        "--actors", "élus, parents", "--text", "Une cantine", "--lessons", "La confiance",
        "--tag", "alimentation", "--author", "Marc", "--json",
    ).json()  # fmt: skip
    assert case["balises"] == ["engagement.b3", "value.b2"]
    assert case["territory"] == "Grande-Synthe" and case["period"] == "2015–2018"
    no_balise = cli("case", "add", "--title", "X", "--territory", "Le Mené")
    assert no_balise.code != 0
    bad_balise = cli("case", "add", "--title", "X", "--territory", "Le Mené",
                     "--balise", "nowhere.b1")  # fmt: skip
    assert bad_balise.code == 1
    assert len(cli("case", "list", "--balise", "value.b2", "--json").json()) == 1
    assert cli("case", "list", "--territory", "Le Mené", "--json").json() == []
    assert len(cli("case", "list", "--tag", "alimentation", "--author", "Marc", "--json").json())
    edited = cli("case", "edit", case["id"], "--territory", "Le Mené", "--balise",
                 "cooperation.b1", "--json").json()  # fmt: skip
    assert edited["territory"] == "Le Mené" and edited["balises"] == ["cooperation.b1"]
    assert edited["text"] == "Une cantine"
    assert cli("case", "delete", case["id"]).code == 0
    assert cli("case", "list", "--json").json() == []
    assert _count(data_dir, "case_record") == 1
    assert cli("case", "restore", case["id"]).code == 0


def test_territory_edit_renames_it_on_its_cases_and_in_search(cli: Any, data_dir: Path) -> None:
    cli("territory", "add", "Le Mene", "--code", "22")
    cli("territory", "add", "Égleny")
    cli("territory", "add", "Zuydcoote")
    case = cli("case", "add", "--title", "Méthanisation", "--territory", "Le Mene",
               "--balise", "value.b6", "--json").json()  # fmt: skip
    assert [t["name"] for t in cli("territory", "list", "--json").json()] == [
        "Égleny", "Le Mene", "Zuydcoote"  # reading order, accents aside
    ]  # fmt: skip
    taken = cli("territory", "edit", "Le Mene", "--name", "Égleny")
    assert taken.code == 1 and "already exists" in taken.err
    assert cli("territory", "edit", "Nulle-part", "--code", "1").code == 1
    edited = cli("territory", "edit", "Le Mene", "--name", "Le Mené",
                 "--description", "Communauté de communes « pionnière »", "--json")  # fmt: skip
    assert edited.code == 0, edited.err
    assert edited.json()["code"] == "22"  # what was not given is kept
    assert cli("case", "list", "--json").json()[0]["territory"] == "Le Mené"
    hits = cli("search", "mené", "--kind", "case", "--json").json()["hits"]
    assert [h["id"] for h in hits] == [case["id"]]


def test_private_notes_are_marked(cli: Any) -> None:
    note = cli("note", "add", "--target", "ch1", "--text", "perso", "--private", "--json").json()
    assert note["visibility"] == "private"
    assert "(private)" in cli("note", "list").out


def test_default_author(cli: Any) -> None:
    cli("author", "default", "Chloé")
    note = cli("note", "add", "--target", "ch2", "--text", "x", "--json").json()
    assert note["author"] == "Chloé"
    assert cli("author", "add", "Chloé").code == 1


def test_team_writes_reach_the_search_index(cli: Any) -> None:
    cli("search", "confiance")  # builds the index
    note = cli("note", "add", "--target", "engagement.b3", "--text", "Ludothèque itinérante",
               "--json").json()  # fmt: skip
    hits = cli("search", "ludothèque", "--json").json()["hits"]
    assert [h["id"] for h in hits] == [note["id"]]
    assert hits[0]["target"] == ["engagement.b3"]
    cli("note", "delete", note["id"])
    assert cli("search", "ludothèque", "--json").json()["hits"] == []
