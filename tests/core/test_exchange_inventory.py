"""Inventory assessments, answers, links, stages and booklet presets travel between two
data folders through the command line; the same day assessed on both sides meets as one."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.core.exchange_helpers import Laptop
from tests.core.test_exchange_refusals import _parts, _rebuild

DAY = "2026-03-02"
TERRITORY = "Saint-Étienne"


@pytest.fixture
def laptops(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Laptop, Laptop]:
    return Laptop(tmp_path / "anne", capsys), Laptop(tmp_path / "bruno", capsys)


def _send(source: Laptop, target: Laptop, bundle: Path, *export: str) -> dict[str, Any]:
    assert source("export", "--out", str(bundle), *export).code == 0
    report: dict[str, Any] = target.ok("import", str(bundle))
    return report


def _answer(laptop: Laptop, question: str, position: str, text: str, author: str) -> None:
    where = ("--territory", TERRITORY, "--date", DAY, "--author", author)
    laptop.ok("inventory", "set", *where, "--question", question, "--position", position,
              "--text", text)  # fmt: skip


def _answers(laptop: Laptop) -> dict[str, tuple[str | None, str]]:
    shown = laptop.ok("inventory", "show", "--territory", TERRITORY, "--date", DAY)
    return {a["question"]: (a["position"], a["text"]) for a in shown["answers"] if a["id"]}


def _kinds(bundle: Path) -> set[str]:
    with zipfile.ZipFile(bundle) as zipped:
        return {json.loads(line)["kind"] for line in zipped.read("records.jsonl").splitlines()}


def test_inventory_and_presets_go_there_and_back(
    laptops: tuple[Laptop, Laptop], tmp_path: Path
) -> None:
    anne, bruno = laptops
    anne.ok("territory", "add", TERRITORY)
    _answer(anne, "inventory.q1", "emerging", "Des flux « mal connus », l’eau d’abord", "Anne")
    anne("inventory", "path", "--territory", TERRITORY, "--scenario", "support.s2",
         "--since", "2026-01-15", "--author", "Anne")  # fmt: skip
    assert (
        anne("inventory", "link", "--question", "inventory.q1", "--balise", "engagement.b3").code
        == 0
    )
    assert anne("booklet", "preset", "save", "Réunion œuvre", "--select", "engagement.b3").code == 0

    report = _send(anne, bruno, tmp_path / "a.rdbundle")
    assert (report["conflicts"], report["refused"]) == (0, 0)
    assert _answers(bruno) == {
        "inventory.q1": ("emerging", "Des flux « mal connus », l’eau d’abord")
    }
    stage = bruno.ok("inventory", "path", "--territory", TERRITORY)["current"]
    assert (stage["scenario"], stage["since"]) == ("support.s2", "2026-01-15")
    assert [(link["question"], link["balise"]) for link in bruno.ok("inventory", "links")] == [
        ("inventory.q1", "engagement.b3")
    ]
    assert [p["name"] for p in bruno.ok("booklet", "preset", "list")] == ["Réunion œuvre"]

    _answer(bruno, "inventory.q1", "established", "Un bilan des flux publié", "Bruno")
    back = _send(bruno, anne, tmp_path / "b.rdbundle")
    assert back["by_kind"]["inventory_answer"]["updated"] == 1 and back["conflicts"] == 0
    assert _answers(anne)["inventory.q1"] == ("established", "Un bilan des flux publié")
    again = _send(anne, bruno, tmp_path / "a2.rdbundle")
    assert again["added"] == again["updated"] == again["conflicts"] == 0


def test_one_territory_brings_its_inventory_only(
    laptops: tuple[Laptop, Laptop], tmp_path: Path
) -> None:
    anne, _bruno = laptops
    anne.ok("territory", "add", TERRITORY)
    anne.ok("territory", "add", "Œuilly")
    _answer(anne, "inventory.q1", "emerging", "Ici", "Anne")
    anne.ok("inventory", "set", "--territory", "Œuilly", "--question", "inventory.q2",
            "--position", "not-yet", "--date", DAY)  # fmt: skip
    anne("booklet", "preset", "save", "Réunion", "--select", "engagement.b3")
    bundle = tmp_path / "t.rdbundle"
    assert anne("export", "--out", str(bundle), "--territory", "Œuilly").code == 0
    _manifest, lines = _parts(bundle)
    answers = [r for r in lines if r["kind"] == "inventory_answer"]
    assert [a["fields"]["question_id"] for a in answers] == ["inventory.q2"]
    assert "booklet_preset" not in _kinds(bundle)
    by_author = tmp_path / "author.rdbundle"
    assert anne("export", "--out", str(by_author), "--author", "Anne").code == 0
    assert _kinds(by_author) >= {"inventory_assessment", "inventory_answer"}
    assert "booklet_preset" not in _kinds(by_author)
    later = tmp_path / "later.rdbundle"
    assert anne("export", "--out", str(later), "--since", "2099-01-01").code == 0
    assert not _kinds(later) & {"inventory_assessment", "inventory_answer", "booklet_preset"}


def test_the_same_day_assessed_on_both_sides_meets_as_one(
    laptops: tuple[Laptop, Laptop], tmp_path: Path
) -> None:
    anne, bruno = laptops
    for laptop in (anne, bruno):
        laptop.ok("territory", "add", TERRITORY)
    _answer(anne, "inventory.q1", "emerging", "Vu par Anne", "Anne")
    _answer(anne, "inventory.q2", "not-yet", "Rien encore", "Anne")
    _answer(bruno, "inventory.q1", "established", "Vu par Bruno", "Bruno")
    _answer(bruno, "inventory.q3", "emerging", "Une piste", "Bruno")

    report = _send(anne, bruno, tmp_path / "a.rdbundle")  # two ids, one (territory, day)
    assert report["refused"] == 0 and report["conflicts"] >= 1
    kept = _answers(bruno)
    assert kept["inventory.q1"] == ("established", "Vu par Bruno")  # mine, until I choose
    assert kept["inventory.q2"] == ("not-yet", "Rien encore")  # theirs, added
    assert kept["inventory.q3"] == ("emerging", "Une piste")
    pending = {c["kind"]: c for c in bruno.ok("conflicts", "list")}
    answer = pending["inventory_answer"]
    assert answer["theirs"]["fields"]["text"] == "Vu par Anne"
    assert bruno("conflicts", "resolve", answer["id"], "--keep", "both").code == 1
    assert bruno("conflicts", "resolve", answer["id"], "--keep", "theirs").code == 0
    for conflict in bruno.ok("conflicts", "list"):
        assert bruno("conflicts", "resolve", conflict["id"], "--keep", "mine").code == 0
    assert _answers(bruno)["inventory.q1"] == ("emerging", "Vu par Anne")

    back = _send(bruno, anne, tmp_path / "b.rdbundle")
    assert back["refused"] == 0 and back["conflicts"] == 0
    assert _answers(anne) == _answers(bruno)
    assert len(_answers(anne)) == 3
    twice = anne.ok("import", str(tmp_path / "b.rdbundle"))
    assert twice["added"] == twice["updated"] == twice["conflicts"] == 0


def test_same_named_presets_meet_and_differing_ones_conflict(
    laptops: tuple[Laptop, Laptop], tmp_path: Path
) -> None:
    anne, bruno = laptops
    anne("booklet", "preset", "save", "Réunion", "--select", "engagement.b3")
    bruno("booklet", "preset", "save", "Réunion", "--select", "engagement.b3")
    same = _send(anne, bruno, tmp_path / "a.rdbundle")
    assert same["by_kind"]["booklet_preset"]["unchanged"] == 1 and same["conflicts"] == 0
    anne("booklet", "preset", "save", "Réunion", "--select", "engagement.b3", "--paper", "a5")
    bruno("booklet", "preset", "save", "Réunion", "--select", "engagement.b2")
    report = _send(anne, bruno, tmp_path / "a2.rdbundle")
    assert report["by_kind"]["booklet_preset"]["conflicts"] == 1
    assert [p["name"] for p in bruno.ok("booklet", "preset", "list")] == ["Réunion"]


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("definition_json", "[1, 2]", "not a JSON object"),
        ("definition_json", "{" * 10, "not a JSON object"),
        (
            "definition_json",
            json.dumps({"t": " ".join(str(i * 7919) for i in range(20_000))}),
            "not a JSON object",
        ),
        ("date", "2026-02-30", "not a date"),
        ("position", "excellent", "not one of"),
    ],
)
def test_bad_inventory_or_preset_records_are_refused(
    laptops: tuple[Laptop, Laptop], tmp_path: Path, field: str, value: str, reason: str
) -> None:
    anne, bruno = laptops
    anne.ok("territory", "add", TERRITORY)
    _answer(anne, "inventory.q1", "emerging", "Texte", "Anne")
    anne("booklet", "preset", "save", "Réunion", "--select", "engagement.b3")
    good = tmp_path / "good.rdbundle"
    assert anne("export", "--out", str(good)).code == 0
    manifest, lines = _parts(good)
    next(r for r in lines if field in r["fields"])["fields"][field] = value
    bad = _rebuild(tmp_path / "bad.rdbundle", manifest, lines)
    bruno.ok("author", "list")
    before = bruno.dump()
    result = bruno("import", str(bad))
    assert result.code == 1 and reason in result.err
    assert bruno.dump() == before
