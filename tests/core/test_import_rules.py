"""A bundle holds to what the app itself allows: names as the app compares them, deletion
markers only where the app deletes, presets the preset command would save, one kind per
UUID, text the app would keep typed. (Times and ``export --since``: test_import_times.)"""

from __future__ import annotations

import json
import random
import sqlite3
import unicodedata
import uuid
from pathlib import Path
from typing import Any

import pytest

from referentiel_desktop.text import fold
from tests.core.exchange_helpers import Laptop, balise
from tests.core.import_helpers import (
    LHOTE,
    MENE,
    anne_laptop,
    bruno_laptop,
    bundle_of,
    bundle_path,
    record_of,
    refused,
)
from tests.core.test_exchange_refusals import _rebuild


@pytest.fixture
def anne(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Laptop:
    return anne_laptop(tmp_path / "anne", capsys)


@pytest.fixture
def bruno(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Laptop:
    return bruno_laptop(tmp_path / "bruno", capsys)


def _twin(lines: list[dict[str, Any]], kind: str, name: str) -> str:
    """Add, right after the record of ``kind``, another one called ``name`` under a new id
    and give it the bundle's case (or note): the bundle now says two things of one."""
    first = record_of(lines, kind)
    twin = {**first, "id": str(uuid.uuid4()), "fields": {**first["fields"], "name": name}}
    lines.insert(lines.index(first) + 1, twin)
    for line in lines:
        if line["kind"] in ("case", "note") and line["fields"].get(f"{kind}_id") == first["id"]:
            line["fields"][f"{kind}_id"] = twin["id"]
            break
    return str(twin["id"])


# -- names, as the app compares them ------------------------------------------------------
NFD_MENE = unicodedata.normalize("NFD", MENE)
SPELLINGS = {
    "capitals": "LE MENÉ",
    "no accents": "le mene",
    "NFD": NFD_MENE,
    "spaces around": f"  {MENE} \t",
}


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_two_territories_of_one_bundle_that_fold_alike_become_one(
    anne: Laptop, bruno: Laptop, tmp_path: Path, spelling: str
) -> None:
    manifest, lines = bundle_of(anne, tmp_path / "anne.rdbundle")
    _twin(lines, "territory", SPELLINGS[spelling])
    bundle = _rebuild(tmp_path / "twins.rdbundle", manifest, lines)

    result = bruno("import", str(bundle))
    assert result.code == 0, result.err
    assert [t["name"] for t in bruno.ok("territory", "list")] == [MENE]
    assert [c["territory"] for c in bruno.ok("case", "list")] == [MENE]
    edited = bruno.ok("territory", "edit", "le mene", "--code", "22100")
    assert edited["name"] == MENE and edited["code"] == "22100"


@pytest.mark.parametrize("spelling", ["ZOÉ L’HÔTE", "zoe l’hote", " Zoé L’Hôte "])
def test_two_authors_of_one_bundle_that_fold_alike_become_one(
    anne: Laptop, bruno: Laptop, tmp_path: Path, spelling: str
) -> None:
    manifest, lines = bundle_of(anne, tmp_path / "anne.rdbundle")
    _twin(lines, "author", spelling)
    bundle = _rebuild(tmp_path / "twins.rdbundle", manifest, lines)

    result = bruno("import", str(bundle))
    assert result.code == 0, result.err
    names = [a["name"] for a in bruno.ok("author", "list")]
    assert [n for n in names if fold(n.strip()) == fold(LHOTE)] == [LHOTE], names


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_a_bundle_name_folding_like_a_local_one_merges_with_it(
    anne: Laptop, bruno: Laptop, tmp_path: Path, spelling: str
) -> None:
    bruno.ok("territory", "add", MENE, "--code", "22")
    manifest, lines = bundle_of(anne, tmp_path / "anne.rdbundle")
    record_of(lines, "territory")["fields"]["name"] = SPELLINGS[spelling]
    bundle = _rebuild(tmp_path / "spelled.rdbundle", manifest, lines)

    result = bruno("import", str(bundle))
    assert result.code == 0, result.err
    assert [t["name"] for t in bruno.ok("territory", "list")] == [MENE]
    assert [c["territory"] for c in bruno.ok("case", "list")] == [MENE]
    edited = bruno.ok("territory", "edit", MENE, "--description", "Bretagne « centre »")
    assert [t["description"] for t in bruno.ok("territory", "list")] == [edited["description"]]


def test_a_new_territory_with_spaces_around_its_name_is_kept_trimmed(
    anne: Laptop, bruno: Laptop, tmp_path: Path
) -> None:
    manifest, lines = bundle_of(anne, tmp_path / "anne.rdbundle")
    record_of(lines, "territory")["fields"]["name"] = f"  {MENE}  "
    bundle = _rebuild(tmp_path / "spaced.rdbundle", manifest, lines)
    assert bruno("import", str(bundle)).code == 0
    assert [t["name"] for t in bruno.ok("territory", "list")] == [MENE]
    again = bruno.ok("import", str(bundle))
    assert again["by_kind"]["territory"]["unchanged"] == 1 and again["added"] == 0


# -- deletion markers ---------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["territory", "author"])
def test_a_deletion_marker_the_app_cannot_make_is_refused(
    anne: Laptop, bruno: Laptop, tmp_path: Path, kind: str
) -> None:
    manifest, lines = bundle_of(anne, tmp_path / "anne.rdbundle")
    assert bruno("import", str(tmp_path / "anne.rdbundle")).code == 0
    record = record_of(lines, kind)
    record["deleted_at"] = record["updated_at"]
    record["rev_history"] = [*record["rev_history"], record["rev"]]
    record["rev"] = "9-0123456789ab"
    bundle = _rebuild(tmp_path / "deleted.rdbundle", manifest, lines)
    refused(bruno, bundle, f"record of kind {kind}, which the application never deletes")
    assert [t["name"] for t in bruno.ok("territory", "list")] == [MENE]
    assert bruno.ok("case", "list")[0]["territory"] == MENE


def test_a_deletion_marker_on_a_note_still_goes_through(
    anne: Laptop, bruno: Laptop, tmp_path: Path
) -> None:
    manifest, lines = bundle_of(anne, tmp_path / "anne.rdbundle")
    assert bruno("import", str(tmp_path / "anne.rdbundle")).code == 0
    note = record_of(lines, "note")
    assert anne("note", "delete", note["id"]).code == 0
    assert bruno("import", str(bundle_path(anne, tmp_path / "later.rdbundle"))).code == 0
    assert note["id"] not in bruno.notes()


# -- presets ------------------------------------------------------------------------------
def _with_preset(anne: Laptop, tmp_path: Path, definition: str) -> Path:
    saved = anne("booklet", "preset", "save", "Conseil « mensuel »", "--select", balise(anne))
    assert saved.code == 0, saved.err
    manifest, lines = bundle_of(anne, tmp_path / "anne.rdbundle")
    record_of(lines, "booklet_preset")["fields"]["definition_json"] = definition
    return _rebuild(tmp_path / "preset.rdbundle", manifest, lines)


BAD_DEFINITIONS = {
    "selection not a list": ('{"selection": 5}', "selection"),
    "fold not a boolean": ('{"selection": ["engagement"], "fold": "oui"}', "fold"),
    "title not text": ('{"selection": ["engagement"], "title": ["Conseil"]}', "title"),
    "questions not pairs": ('{"selection": ["engagement"], "questions": [1, 2]}', "questions"),
    "unknown paper": ('{"selection": ["engagement"], "paper": "a0"}', "a0"),
    "nothing selected": ('{"selection": []}', "Nothing is selected"),
}


@pytest.mark.parametrize("case", sorted(BAD_DEFINITIONS))
def test_a_preset_the_preset_command_would_refuse_is_refused(
    anne: Laptop, bruno: Laptop, tmp_path: Path, case: str
) -> None:
    assert bruno("booklet", "preset", "save", "Mon modèle", "--select", balise(bruno)).code == 0
    definition, reason = BAD_DEFINITIONS[case]
    refused(bruno, _with_preset(anne, tmp_path, definition), reason)
    listed = bruno("booklet", "preset", "list")
    assert listed.code == 0 and "Mon modèle" in listed.out


def test_a_good_preset_travels(anne: Laptop, bruno: Laptop, tmp_path: Path) -> None:
    definition = json.dumps({"selection": [balise(anne)], "fold": True, "title": "Cœur « vivant »"})
    result = bruno("import", str(_with_preset(anne, tmp_path, definition)))
    assert result.code == 0, result.err
    (preset,) = bruno.ok("booklet", "preset", "list")
    assert preset["fold"] is True and preset["title"] == "Cœur « vivant »"


# -- one kind per UUID --------------------------------------------------------------------
def test_a_note_under_an_existing_case_id_is_refused(
    anne: Laptop, bruno: Laptop, tmp_path: Path
) -> None:
    bruno.ok("territory", "add", "Œuilly")
    case = bruno.ok("case", "add", "--title", "Cas à moi", "--territory", "Œuilly",
                    "--balise", balise(bruno))  # fmt: skip
    manifest, lines = bundle_of(anne, tmp_path / "anne.rdbundle")
    record_of(lines, "note")["id"] = case["id"]
    bundle = _rebuild(tmp_path / "same-id.rdbundle", manifest, lines)
    refused(bruno, bundle, f"{case['id']} (kind note) has the id of a record of kind case")


# -- text the app would refuse ------------------------------------------------------------
UNKEEPABLE = {
    "escape in a note": ("note", "text", "Réunion \x1b[31m« rouge »", "control character"),
    "bell in a name": ("territory", "name", "Le Mené\x07", "control character"),
    "C1 in a case": ("case", "title", "Cœur\x9b de bourg", "control character"),
    "note past the limit": (
        "note",
        "text",
        "".join(random.Random(7).choices("aéœ’« »", k=100_001)),
        "100,000",
    ),  # fmt: skip
    "tag with an escape": ("note", "tags", ["Énergie\x1b"], "control character"),
}


@pytest.mark.parametrize("case", sorted(UNKEEPABLE))
def test_text_the_app_would_refuse_is_refused(
    anne: Laptop, bruno: Laptop, tmp_path: Path, case: str
) -> None:
    kind, name, value, reason = UNKEEPABLE[case]
    manifest, lines = bundle_of(anne, tmp_path / "anne.rdbundle")
    record_of(lines, kind)["fields"][name] = value
    error = refused(bruno, _rebuild(tmp_path / "text.rdbundle", manifest, lines), reason)
    assert "\x1b" not in error and "\x07" not in error and "\x9b" not in error


def test_tabs_and_line_breaks_still_travel(anne: Laptop, bruno: Laptop, tmp_path: Path) -> None:
    manifest, lines = bundle_of(anne, tmp_path / "anne.rdbundle")
    record_of(lines, "note")["fields"]["text"] = "Ordre du jour :\n\t– l’œil « neuf »\r\n\tfin"
    assert bruno("import", str(_rebuild(tmp_path / "ok.rdbundle", manifest, lines))).code == 0
    assert "Ordre du jour :\n\t– l’œil « neuf »\r\n\tfin" in {
        n["text"] for n in bruno.ok("note", "list")
    }


def test_twin_territories_each_assessed_on_one_day_make_one_assessment(
    anne: Laptop, bruno: Laptop, tmp_path: Path
) -> None:
    where = ("--territory", MENE, "--date", "2026-11-04", "--author", LHOTE)
    anne.ok("inventory", "set", *where, "--question", "inventory.q1", "--position", "emerging",
            "--text", "Première « lecture »")  # fmt: skip
    manifest, lines = bundle_of(anne, tmp_path / "anne.rdbundle")
    twin = _twin(lines, "territory", "le mene")
    assessment = record_of(lines, "inventory_assessment")
    other = {**assessment, "id": str(uuid.uuid4()), "rev": "1-00000000000a", "rev_history": [],
             "fields": {**assessment["fields"], "territory_id": twin}}  # fmt: skip
    lines.insert(lines.index(assessment) + 1, other)
    bundle = _rebuild(tmp_path / "twins.rdbundle", manifest, lines)

    result = bruno("import", str(bundle))
    assert result.code == 0, result.err
    shown = bruno.ok("inventory", "show", "--territory", "le mené", "--date", "2026-11-04")
    assert [a["text"] for a in shown["answers"] if a["id"]] == ["Première « lecture »"]


def test_a_bad_preset_an_older_import_let_in_hides_no_other(bruno: Laptop) -> None:
    assert bruno("booklet", "preset", "save", "Mon modèle", "--select", balise(bruno)).code == 0
    assert bruno("booklet", "preset", "save", "Conseil", "--select", balise(bruno)).code == 0
    with sqlite3.connect(bruno.folder / "referentiel.sqlite3") as conn:
        conn.execute(
            "UPDATE booklet_preset SET definition_json = ? WHERE name = ?",
            ('{"selection": 5, "fold": "oui"}', "Conseil"),
        )
    listed = bruno("booklet", "preset", "list")
    assert listed.code == 0 and "Mon modèle" in listed.out and "Conseil" not in listed.out
    assert bruno("booklet", "preset", "save", "Conseil", "--select", balise(bruno)).code == 0
    assert "Conseil" in bruno("booklet", "preset", "list").out


def test_a_conflict_an_older_import_kept_with_text_now_refused_breaks_no_list(
    anne: Laptop, bruno: Laptop, tmp_path: Path
) -> None:
    note = anne.ok("note", "add", "--target", balise(anne), "--text", "Version commune")
    assert bruno("import", str(bundle_path(anne, tmp_path / "a.rdbundle"))).code == 0
    anne.ok("note", "edit", note["id"], "--text", "Version d’Anne")
    bruno.ok("note", "edit", note["id"], "--text", "Version de Bruno")
    assert bruno("import", str(bundle_path(anne, tmp_path / "b.rdbundle"))).code == 0
    assert [c["id"] for c in bruno.ok("conflicts", "list")] == [note["id"]]
    with sqlite3.connect(bruno.folder / "referentiel.sqlite3") as conn:
        (stored,) = conn.execute("SELECT theirs_json FROM exchange_conflict").fetchone()
        theirs = json.loads(stored)
        theirs["fields"]["text"] = "Version \x1b[31md’Anne"
        conn.execute("UPDATE exchange_conflict SET theirs_json = ?", (json.dumps(theirs),))
    listed = bruno("conflicts", "list")
    assert listed.code == 0 and listed.out.strip() == "No conflicts.", listed
    assert bruno.notes()[note["id"]]["text"] == "Version de Bruno"
