"""Two data folders exchange bundles back and forth through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.exchange_helpers import Laptop, balise


@pytest.fixture
def laptops(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Laptop, Laptop]:
    return Laptop(tmp_path / "anne", capsys), Laptop(tmp_path / "bruno", capsys)


def _send(source: Laptop, target: Laptop, bundle: Path, *export: str) -> dict[str, object]:
    assert source("export", "--out", str(bundle), *export).code == 0
    report: dict[str, object] = target.ok("import", str(bundle))
    return report


def test_round_trip_back_and_forth(laptops: tuple[Laptop, Laptop], tmp_path: Path) -> None:
    anne, bruno = laptops
    target = balise(anne)
    note = anne.ok("note", "add", "--target", target, "--text", "Réunion « publique » à l’œuvre",
                   "--tag", "Énergie", "--author", "Anne Ébrard")  # fmt: skip
    anne.ok("territory", "add", "Saint-Étienne", "--code", "42218")
    anne.ok("case", "add", "--title", "Chaufferie bois", "--territory", "Saint-Étienne",
            "--balise", target, "--tag", "énergie", "--author", "Anne Ébrard")  # fmt: skip

    report = _send(anne, bruno, tmp_path / "a.rdbundle")
    assert (report["added"], report["conflicts"], report["refused"]) == (4, 0, 0)
    assert bruno.notes()[note["id"]]["text"] == "Réunion « publique » à l’œuvre"
    assert bruno.notes()[note["id"]]["tags"] == ["Énergie"]
    assert bruno.ok("case", "list")[0]["territory"] == "Saint-Étienne"

    bruno.ok("note", "edit", note["id"], "--text", "Réunion du 3 mars, compte rendu")
    back = _send(bruno, anne, tmp_path / "b.rdbundle")
    assert (back["updated"], back["added"], back["conflicts"]) == (1, 0, 0)
    assert anne.notes()[note["id"]]["text"] == "Réunion du 3 mars, compte rendu"
    # and once more the other way: nothing new for Bruno
    again = _send(anne, bruno, tmp_path / "a2.rdbundle")
    assert again["added"] == again["updated"] == again["conflicts"] == 0


def test_importing_twice_changes_nothing(laptops: tuple[Laptop, Laptop], tmp_path: Path) -> None:
    anne, bruno = laptops
    anne.ok("note", "add", "--target", balise(anne), "--text", "Première", "--tag", "Eau")
    bundle = tmp_path / "a.rdbundle"
    _send(anne, bruno, bundle)
    before = bruno.dump()
    second = bruno.ok("import", str(bundle))
    assert (second["added"], second["updated"], second["unchanged"]) == (0, 0, 2)
    assert bruno.dump() == before


def test_dry_run_reports_and_changes_nothing(
    laptops: tuple[Laptop, Laptop], tmp_path: Path
) -> None:
    anne, bruno = laptops
    anne.ok("note", "add", "--target", balise(anne), "--text", "Une note")
    bundle = tmp_path / "a.rdbundle"
    anne("export", "--out", str(bundle))
    bruno.ok("author", "list")  # Bruno's folder exists
    before = bruno.dump()
    preview = bruno.ok("import", str(bundle), "--dry-run")
    assert preview["dry_run"] is True and preview["added"] == 2
    assert set(preview) >= {"added", "updated", "unchanged", "deleted", "conflicts", "refused"}
    assert bruno.dump() == before
    words = bruno("import", str(bundle), "--dry-run").out
    assert "Preview (nothing changed yet)" in words and "added 2" in words


def test_edits_on_both_sides_make_a_conflict_keeping_both_versions(
    laptops: tuple[Laptop, Laptop], tmp_path: Path
) -> None:
    anne, bruno = laptops
    note = anne.ok("note", "add", "--target", balise(anne), "--text", "Version commune")
    _send(anne, bruno, tmp_path / "a.rdbundle")
    anne.ok("note", "edit", note["id"], "--text", "Version d’Anne")
    bruno.ok("note", "edit", note["id"], "--text", "Version de Bruno")

    report = _send(bruno, anne, tmp_path / "b.rdbundle")
    assert report["conflicts"] == 1 and report["updated"] == 0
    assert anne.notes()[note["id"]]["text"] == "Version d’Anne"  # mine stays meanwhile
    [conflict] = anne.ok("conflicts", "list")
    assert conflict["id"] == note["id"] and conflict["differences"] == ["text"]
    assert conflict["mine"]["fields"]["text"] == "Version d’Anne"
    assert conflict["theirs"]["fields"]["text"] == "Version de Bruno"
    # the same bundle again records no second conflict
    assert anne.ok("import", str(tmp_path / "b.rdbundle"))["conflicts"] == 1
    assert len(anne.ok("conflicts", "list")) == 1

    assert anne("conflicts", "resolve", note["id"], "--keep", "theirs").code == 0
    assert anne.notes()[note["id"]]["text"] == "Version de Bruno"
    assert anne.ok("conflicts", "list") == []
    # the settled version descends from both: each side's bundle now merges cleanly
    assert anne.ok("import", str(tmp_path / "b.rdbundle"))["conflicts"] == 0
    report = _send(anne, bruno, tmp_path / "a2.rdbundle")
    assert report["conflicts"] == 0  # same text: only the revision moves on
    assert bruno.notes()[note["id"]]["text"] == "Version de Bruno"
    bruno.ok("note", "edit", note["id"], "--text", "Version de Bruno, relue")
    report = _send(bruno, anne, tmp_path / "b2.rdbundle")
    assert (report["updated"], report["conflicts"]) == (1, 0)


@pytest.mark.parametrize("keep", ["mine", "both"])
def test_keeping_mine_or_both(laptops: tuple[Laptop, Laptop], tmp_path: Path, keep: str) -> None:
    anne, bruno = laptops
    note = anne.ok("note", "add", "--target", balise(anne), "--text", "Commune", "--tag", "Sol")
    _send(anne, bruno, tmp_path / "a.rdbundle")
    anne.ok("note", "edit", note["id"], "--text", "Anne")
    bruno.ok("note", "edit", note["id"], "--text", "Bruno", "--tag", "Mobilité")
    _send(bruno, anne, tmp_path / "b.rdbundle")
    assert anne("conflicts", "resolve", note["id"], "--keep", keep).code == 0
    texts = sorted(n["text"] for n in anne.notes().values())
    assert texts == (["Anne"] if keep == "mine" else ["Anne", "Bruno"])
    if keep == "both":
        copy = next(n for n in anne.notes().values() if n["text"] == "Bruno")
        assert copy["id"] != note["id"] and copy["tags"] == ["Mobilité"]
    assert anne.ok("import", str(tmp_path / "b.rdbundle"))["conflicts"] == 0


def test_resolving_what_is_not_in_conflict_is_refused(laptops: tuple[Laptop, Laptop]) -> None:
    anne, _bruno = laptops
    result = anne("conflicts", "resolve", "6f1d1f4e-0000-4000-8000-000000000000", "--keep", "mine")
    assert result.code == 1 and "No conflict" in result.err


def test_deletions_travel_as_markers(laptops: tuple[Laptop, Laptop], tmp_path: Path) -> None:
    anne, bruno = laptops
    note = anne.ok("note", "add", "--target", balise(anne), "--text", "À supprimer")
    _send(anne, bruno, tmp_path / "a.rdbundle")
    assert bruno("note", "delete", note["id"]).code == 0
    report = _send(bruno, anne, tmp_path / "b.rdbundle")
    assert report["deleted"] == 1
    assert note["id"] not in anne.notes()
    assert anne("note", "restore", note["id"]).code == 0  # a marker, not a loss


def test_deleted_here_edited_there_is_a_conflict(
    laptops: tuple[Laptop, Laptop], tmp_path: Path
) -> None:
    anne, bruno = laptops
    note = anne.ok("note", "add", "--target", balise(anne), "--text", "Disputée")
    _send(anne, bruno, tmp_path / "a.rdbundle")
    assert anne("note", "delete", note["id"]).code == 0
    bruno.ok("note", "edit", note["id"], "--text", "Disputée, complétée")
    report = _send(bruno, anne, tmp_path / "b.rdbundle")
    assert report["conflicts"] == 1
    [conflict] = anne.ok("conflicts", "list")
    assert set(conflict["differences"]) == {"text", "deleted"}


def test_private_notes_travel_only_when_asked(
    laptops: tuple[Laptop, Laptop], tmp_path: Path
) -> None:
    anne, bruno = laptops
    anne.ok("note", "add", "--target", balise(anne), "--text", "Mon secret", "--private")
    anne.ok("note", "add", "--target", balise(anne), "--text", "Pour l’équipe")
    _send(anne, bruno, tmp_path / "a.rdbundle")
    assert [n["text"] for n in bruno.notes().values()] == ["Pour l’équipe"]
    _send(anne, bruno, tmp_path / "all.rdbundle", "--include-private")
    assert sorted(n["text"] for n in bruno.notes().values()) == ["Mon secret", "Pour l’équipe"]


def test_partial_exports(laptops: tuple[Laptop, Laptop], tmp_path: Path) -> None:
    anne, bruno = laptops
    target = balise(anne)
    for name in ("Lyon", "Œuilly"):
        anne.ok("territory", "add", name)
        anne.ok("case", "add", "--title", f"Cas de {name}", "--territory", name,
                "--balise", target, "--author", "Anne")  # fmt: skip
    anne.ok("note", "add", "--target", target, "--text", "De Claire", "--author", "Claire")
    anne.ok("note", "add", "--target", target, "--text", "D’Anne", "--author", "Anne")

    _send(anne, bruno, tmp_path / "t.rdbundle", "--territory", "oeuilly")
    assert [c["title"] for c in bruno.ok("case", "list")] == ["Cas de Œuilly"]
    assert bruno.notes() == {}
    _send(anne, bruno, tmp_path / "c.rdbundle", "--author", "Claire")
    assert [n["text"] for n in bruno.notes().values()] == ["De Claire"]
    summary = anne.ok("export", "--out", str(tmp_path / "s.rdbundle"), "--since", "2999-01-01")
    assert summary["counts"] == {}
    bad = anne("export", "--out", str(tmp_path / "x.rdbundle"), "--since", "hier")
    assert bad.code == 1 and "not a date" in bad.err
    assert not (tmp_path / "x.rdbundle").exists()


def test_same_person_added_on_both_laptops_is_one_author(
    laptops: tuple[Laptop, Laptop], tmp_path: Path
) -> None:
    anne, bruno = laptops
    anne.ok("note", "add", "--target", balise(anne), "--text", "Note d’Anne", "--author", "Anne")
    bruno.ok("note", "add", "--target", balise(bruno), "--text", "Note de Bruno",
             "--author", "Anne")  # fmt: skip
    _send(anne, bruno, tmp_path / "a.rdbundle")
    assert [a["name"] for a in bruno.ok("author", "list")] == ["Anne"]
    assert {n["author"] for n in bruno.notes().values()} == {"Anne"}


def test_unknown_referential_ids_are_kept_and_reported(
    laptops: tuple[Laptop, Laptop], tmp_path: Path
) -> None:
    import json
    import zipfile

    from referentiel_desktop.exchange.bundle import BundleWriter

    anne, bruno = laptops
    anne.ok("note", "add", "--target", balise(anne), "--text", "Base")
    bundle = tmp_path / "a.rdbundle"
    anne("export", "--out", str(bundle))
    with zipfile.ZipFile(bundle) as zipped:
        manifest = json.loads(zipped.read("manifest.json"))
        lines = [json.loads(line) for line in zipped.read("records.jsonl").splitlines()]
    lines[-1]["fields"]["target_id"] = "engagement.z99"
    changed = tmp_path / "future.rdbundle"
    with BundleWriter(changed, {k: v for k, v in manifest.items() if k != "records"}) as out:
        for record in lines:
            out.write(record)
    report = bruno.ok("import", str(changed))
    assert report["unknown_references"] == ["engagement.z99"] and report["added"] == 2
    assert [n["target"] for n in bruno.notes().values()] == ["engagement.z99"]
    words = anne("import", str(changed), "--dry-run").out
    assert "engagement.z99" in words


def test_two_processes_importing_at_once_add_each_record_once(
    laptops: tuple[Laptop, Laptop], tmp_path: Path
) -> None:
    import json
    import subprocess
    import sys

    anne, bruno = laptops
    for number in range(30):
        anne.ok("note", "add", "--target", balise(anne), "--text", f"Note nº {number}")
    bundle = tmp_path / "a.rdbundle"
    anne("export", "--out", str(bundle))
    bruno.ok("author", "list")  # the folder exists before both start
    command = [sys.executable, "-m", "referentiel_desktop", "--data-dir", str(bruno.folder),
               "import", str(bundle), "--json"]  # fmt: skip
    running = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    reports = [json.loads(process.communicate(timeout=120)[0]) for process in running]
    assert all(process.returncode == 0 for process in running)
    assert sorted(r["added"] for r in reports) == [0, 31]  # one merged; the other found it
    assert len(bruno.notes()) == 30


def test_imported_notes_are_found_by_search(laptops: tuple[Laptop, Laptop], tmp_path: Path) -> None:
    anne, bruno = laptops
    note = anne.ok("note", "add", "--target", balise(anne), "--text", "Ludothèque itinérante")
    _send(anne, bruno, tmp_path / "a.rdbundle")
    anne.ok("note", "edit", note["id"], "--text", "Grainothèque partagée")
    bruno.ok("note", "add", "--target", balise(bruno), "--text", "Plus récente")
    bruno.ok("search", "confiance")  # Bruno's index has seen writes newer than Anne's edit
    _send(anne, bruno, tmp_path / "b.rdbundle")
    hits = bruno.ok("search", "grainotheque")["hits"]
    assert [h["id"] for h in hits] == [note["id"]]
    assert bruno.ok("search", "ludotheque")["hits"] == []
