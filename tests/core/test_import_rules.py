"""A bundle holds to what the app itself allows: names as the app compares them, deletion
markers only where the app deletes, presets the preset command would save, dates within
reach of every time zone, one kind per UUID; and ``export --since`` relays what this
data folder received since then, whatever its author's clock said."""

from __future__ import annotations

import json
import random
import sqlite3
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from referentiel_desktop.text import fold
from tests.core.exchange_helpers import Laptop, balise
from tests.core.test_exchange_refusals import _parts, _rebuild

MENE = "Le Mené"
LHOTE = "Zoé L’Hôte"


@pytest.fixture
def anne(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Laptop:
    laptop = Laptop(tmp_path / "anne", capsys)
    laptop.ok("author", "add", LHOTE)
    laptop.ok("territory", "add", MENE, "--code", "22")
    laptop.ok("case", "add", "--title", "Cœur de bourg « vivant »", "--territory", MENE,
              "--balise", balise(laptop), "--author", LHOTE)  # fmt: skip
    laptop.ok("note", "add", "--target", balise(laptop), "--text", "L’œil du conseil",
              "--author", LHOTE)  # fmt: skip
    return laptop


@pytest.fixture
def bruno(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Laptop:
    laptop = Laptop(tmp_path / "bruno", capsys)
    laptop.ok("note", "add", "--target", balise(laptop), "--text", "Déjà là")
    return laptop


def _bundle(laptop: Laptop, target: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    assert laptop("export", "--out", str(target)).code == 0
    return _parts(target)


def _one(lines: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    return next(line for line in lines if line["kind"] == kind)


def _twin(lines: list[dict[str, Any]], kind: str, name: str) -> str:
    """Add, right after the record of ``kind``, another one called ``name`` under a new id
    and give it the bundle's case (or note): the bundle now says two things of one."""
    first = _one(lines, kind)
    twin = {**first, "id": str(uuid.uuid4()), "fields": {**first["fields"], "name": name}}
    lines.insert(lines.index(first) + 1, twin)
    for line in lines:
        if line["kind"] in ("case", "note") and line["fields"].get(f"{kind}_id") == first["id"]:
            line["fields"][f"{kind}_id"] = twin["id"]
            break
    return str(twin["id"])


def _counts(laptop: Laptop) -> dict[str, int]:
    tables = ("author", "territory", "note", "case_record", "booklet_preset", "change_log",
              "exchange_conflict", "setting")  # fmt: skip
    with sqlite3.connect(laptop.folder / "referentiel.sqlite3") as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def _refused(laptop: Laptop, bundle: Path, reason: str) -> str:
    """The bundle is refused, dry run or not, with one line, and nothing changes."""
    counts, before = _counts(laptop), laptop.dump()
    for args in (("--dry-run",), ()):
        result = laptop("import", str(bundle), *args)
        assert result.code == 1 and result.out == "", result
        assert len(result.err.strip().splitlines()) == 1, result.err
        assert reason in result.err and "Nothing was changed" in result.err, result.err
        assert "Unexpected error" not in result.err
    assert _counts(laptop) == counts
    assert laptop.dump() == before
    return result.err


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
    manifest, lines = _bundle(anne, tmp_path / "anne.rdbundle")
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
    manifest, lines = _bundle(anne, tmp_path / "anne.rdbundle")
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
    manifest, lines = _bundle(anne, tmp_path / "anne.rdbundle")
    _one(lines, "territory")["fields"]["name"] = SPELLINGS[spelling]
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
    manifest, lines = _bundle(anne, tmp_path / "anne.rdbundle")
    _one(lines, "territory")["fields"]["name"] = f"  {MENE}  "
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
    manifest, lines = _bundle(anne, tmp_path / "anne.rdbundle")
    assert bruno("import", str(tmp_path / "anne.rdbundle")).code == 0
    record = _one(lines, kind)
    record["deleted_at"] = record["updated_at"]
    record["rev_history"] = [*record["rev_history"], record["rev"]]
    record["rev"] = "9-0123456789ab"
    bundle = _rebuild(tmp_path / "deleted.rdbundle", manifest, lines)
    _refused(bruno, bundle, f"record of kind {kind}, which the application never deletes")
    assert [t["name"] for t in bruno.ok("territory", "list")] == [MENE]
    assert bruno.ok("case", "list")[0]["territory"] == MENE


def test_a_deletion_marker_on_a_note_still_goes_through(
    anne: Laptop, bruno: Laptop, tmp_path: Path
) -> None:
    manifest, lines = _bundle(anne, tmp_path / "anne.rdbundle")
    assert bruno("import", str(tmp_path / "anne.rdbundle")).code == 0
    note = _one(lines, "note")
    assert anne("note", "delete", note["id"]).code == 0
    assert bruno("import", str(_bundle_path(anne, tmp_path / "later.rdbundle"))).code == 0
    assert note["id"] not in bruno.notes()


def _bundle_path(laptop: Laptop, target: Path) -> Path:
    assert laptop("export", "--out", str(target)).code == 0
    return target


# -- presets ------------------------------------------------------------------------------
def _with_preset(anne: Laptop, tmp_path: Path, definition: str) -> Path:
    saved = anne("booklet", "preset", "save", "Conseil « mensuel »", "--select", balise(anne))
    assert saved.code == 0, saved.err
    manifest, lines = _bundle(anne, tmp_path / "anne.rdbundle")
    _one(lines, "booklet_preset")["fields"]["definition_json"] = definition
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
    _refused(bruno, _with_preset(anne, tmp_path, definition), reason)
    listed = bruno("booklet", "preset", "list")
    assert listed.code == 0 and "Mon modèle" in listed.out


def test_a_good_preset_travels(anne: Laptop, bruno: Laptop, tmp_path: Path) -> None:
    definition = json.dumps({"selection": [balise(anne)], "fold": True, "title": "Cœur « vivant »"})
    result = bruno("import", str(_with_preset(anne, tmp_path, definition)))
    assert result.code == 0, result.err
    (preset,) = bruno.ok("booklet", "preset", "list")
    assert preset["fold"] is True and preset["title"] == "Cœur « vivant »"


# -- dates --------------------------------------------------------------------------------
@pytest.fixture
def time_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    def use(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


OUT_OF_REACH = {
    "year 1 at +14:00": "0001-01-01T00:00:00+14:00",
    "year 1": "0001-01-01T00:00:00+00:00",
    "year 9999 at -05:00": "9999-12-31T23:59:59-05:00",
    "year 9999": "9999-12-31T12:00:00+00:00",
    "before 1900": "1899-12-31T23:59:59+00:00",
    "after 2200": "2201-01-01T00:00:00+00:00",
    "offset past a day": "2026-12-03T10:00:00+24:00",
}


@pytest.mark.parametrize("case", sorted(OUT_OF_REACH))
@pytest.mark.parametrize("key", ["created_at", "updated_at", "deleted_at"])
def test_a_time_out_of_reach_is_refused(
    anne: Laptop, bruno: Laptop, tmp_path: Path, case: str, key: str
) -> None:
    manifest, lines = _bundle(anne, tmp_path / "anne.rdbundle")
    _one(lines, "note")[key] = OUT_OF_REACH[case]
    bundle = _rebuild(tmp_path / "dated.rdbundle", manifest, lines)
    _refused(bruno, bundle, key)


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Etc/GMT+12", "Europe/Paris"])
def test_times_at_the_bounds_make_booklets_in_every_time_zone(
    anne: Laptop,
    bruno: Laptop,
    tmp_path: Path,
    time_zone: Callable[[str], None],
    zone: str,
) -> None:
    manifest, lines = _bundle(anne, tmp_path / "anne.rdbundle")
    note = _one(lines, "note")
    later = {**note, "id": str(uuid.uuid4()), "fields": {**note["fields"], "text": "Dernière"}}
    note["created_at"] = note["updated_at"] = "1900-01-01T00:00:00+00:00"
    later["created_at"] = later["updated_at"] = "2200-12-31T23:59:59+00:00"
    lines.insert(lines.index(note) + 1, later)
    bundle = _rebuild(tmp_path / "bounds.rdbundle", manifest, lines)
    time_zone(zone)
    result = bruno("import", str(bundle))
    assert result.code == 0, result.err
    pdf = tmp_path / "livret.pdf"
    made = bruno("booklet", "--select", balise(bruno), "--out", str(pdf))
    assert made.code == 0, made.err
    assert pdf.read_bytes().startswith(b"%PDF")


# -- one kind per UUID --------------------------------------------------------------------
def test_a_note_under_an_existing_case_id_is_refused(
    anne: Laptop, bruno: Laptop, tmp_path: Path
) -> None:
    bruno.ok("territory", "add", "Œuilly")
    case = bruno.ok("case", "add", "--title", "Cas à moi", "--territory", "Œuilly",
                    "--balise", balise(bruno))  # fmt: skip
    manifest, lines = _bundle(anne, tmp_path / "anne.rdbundle")
    _one(lines, "note")["id"] = case["id"]
    bundle = _rebuild(tmp_path / "same-id.rdbundle", manifest, lines)
    _refused(bruno, bundle, f"{case['id']} (kind note) has the id of a record of kind case")


# -- export --since -----------------------------------------------------------------------
def test_since_relays_what_was_received_since_whatever_the_authors_clock(
    anne: Laptop, bruno: Laptop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first.rdbundle"
    assert anne("export", "--out", str(first)).code == 0
    assert bruno("import", str(first)).code == 0  # before the cut: not relayed
    anne.ok("note", "add", "--target", balise(anne), "--text", "Écrite hier « au soir »")
    manifest, lines = _bundle(anne, tmp_path / "anne.rdbundle")
    late = [line for line in lines if line["fields"].get("text") == "Écrite hier « au soir »"]
    for line in late:  # Anne's clock was two years behind
        line["created_at"] = line["updated_at"] = "2024-11-02T09:00:00+00:00"
    second = _rebuild(tmp_path / "second.rdbundle", manifest, lines)
    time.sleep(0.01)
    cut = datetime.now(UTC)
    time.sleep(0.01)
    assert bruno("import", str(second)).code == 0

    relay = tmp_path / "relay.rdbundle"
    assert bruno("export", "--out", str(relay), "--since", cut.isoformat()).code == 0
    _manifest, relayed = _parts(relay)
    texts = {line["fields"].get("text") for line in relayed if line["kind"] == "note"}
    assert texts == {"Écrite hier « au soir »"}

    claire = Laptop(tmp_path / "claire", capsys)
    assert claire("import", str(relay)).code == 0
    assert "Écrite hier « au soir »" in {n["text"] for n in claire.ok("note", "list")}


def test_since_still_selects_what_was_changed_here(bruno: Laptop, tmp_path: Path) -> None:
    cut = datetime.now(UTC)
    time.sleep(0.01)
    bruno.ok("note", "add", "--target", balise(bruno), "--text", "Après « la coupure »")
    relay = tmp_path / "relay.rdbundle"
    assert bruno("export", "--out", str(relay), "--since", cut.isoformat()).code == 0
    _manifest, relayed = _parts(relay)
    assert [line["fields"]["text"] for line in relayed if line["kind"] == "note"] == [
        "Après « la coupure »"
    ]


@pytest.mark.parametrize(
    ("since", "notes"), [("0001-01-01T00:00:00+14:00", 1), ("9999-12-31T23:59:59-12:00", 0)]
)
def test_since_at_the_ends_of_time_means_always_or_never(
    bruno: Laptop, tmp_path: Path, since: str, notes: int
) -> None:
    summary = bruno.ok("export", "--out", str(tmp_path / "x.rdbundle"), "--since", since)
    assert summary["counts"].get("note", 0) == notes


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
    manifest, lines = _bundle(anne, tmp_path / "anne.rdbundle")
    _one(lines, kind)["fields"][name] = value
    error = _refused(bruno, _rebuild(tmp_path / "text.rdbundle", manifest, lines), reason)
    assert "\x1b" not in error and "\x07" not in error and "\x9b" not in error


def test_tabs_and_line_breaks_still_travel(anne: Laptop, bruno: Laptop, tmp_path: Path) -> None:
    manifest, lines = _bundle(anne, tmp_path / "anne.rdbundle")
    _one(lines, "note")["fields"]["text"] = "Ordre du jour :\n\t– l’œil « neuf »\r\n\tfin"
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
    manifest, lines = _bundle(anne, tmp_path / "anne.rdbundle")
    twin = _twin(lines, "territory", "le mene")
    assessment = _one(lines, "inventory_assessment")
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
    assert bruno("import", str(_bundle_path(anne, tmp_path / "a.rdbundle"))).code == 0
    anne.ok("note", "edit", note["id"], "--text", "Version d’Anne")
    bruno.ok("note", "edit", note["id"], "--text", "Version de Bruno")
    assert bruno("import", str(_bundle_path(anne, tmp_path / "b.rdbundle"))).code == 0
    assert [c["id"] for c in bruno.ok("conflicts", "list")] == [note["id"]]
    with sqlite3.connect(bruno.folder / "referentiel.sqlite3") as conn:
        (stored,) = conn.execute("SELECT theirs_json FROM exchange_conflict").fetchone()
        theirs = json.loads(stored)
        theirs["fields"]["text"] = "Version \x1b[31md’Anne"
        conn.execute("UPDATE exchange_conflict SET theirs_json = ?", (json.dumps(theirs),))
    listed = bruno("conflicts", "list")
    assert listed.code == 0 and listed.out.strip() == "No conflicts.", listed
    assert bruno.notes()[note["id"]]["text"] == "Version de Bruno"


def test_since_sends_everything_when_the_log_forgot_what_an_import_wrote(
    anne: Laptop, bruno: Laptop, tmp_path: Path
) -> None:
    manifest, lines = _bundle(anne, tmp_path / "anne.rdbundle")
    for line in lines:  # Anne's clock was two years behind
        line["created_at"] = line["updated_at"] = "2024-11-02T09:00:00+00:00"
    cut = datetime.now(UTC)
    time.sleep(0.01)
    assert bruno("import", str(_rebuild(tmp_path / "old.rdbundle", manifest, lines))).code == 0
    with sqlite3.connect(bruno.folder / "referentiel.sqlite3") as conn:
        (newest,) = conn.execute("SELECT max(seq) FROM change_log").fetchone()
        conn.execute("DELETE FROM change_log WHERE seq < ?", (newest,))  # as pruning does
    relay = tmp_path / "relay.rdbundle"
    assert bruno("export", "--out", str(relay), "--since", cut.isoformat()).code == 0
    _manifest, relayed = _parts(relay)
    texts = {line["fields"]["text"] for line in relayed if line["kind"] == "note"}
    assert texts == {"L’œil du conseil", "Déjà là"}  # too much rather than too little
