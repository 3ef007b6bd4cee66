"""Data folders that share a folder (as Nextcloud, OneDrive or Syncthing would sync it)
converge through `sync --folder`, each writing only its own bundle there."""

from __future__ import annotations

import os
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from tests.core.exchange_helpers import Laptop, balise


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "Nextcloud" / "Équipe"
    folder.mkdir(parents=True)
    return folder


def _laptops(tmp_path: Path, capsys: pytest.CaptureFixture[str], *names: str) -> list[Laptop]:
    return [Laptop(tmp_path / name, capsys) for name in names]


def sync(laptop: Laptop, shared: Path) -> dict[str, object]:
    report: dict[str, object] = laptop.ok("sync", "--folder", str(shared))
    return report


def _texts(laptop: Laptop) -> set[str]:
    return {n["text"] for n in laptop.ok("note", "list")}


def test_two_data_folders_converge_and_an_unchanged_bundle_is_not_read_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], shared: Path
) -> None:
    anne, bruno = _laptops(tmp_path, capsys, "anne", "bruno")
    anne.ok("note", "add", "--target", balise(anne), "--text", "Réunion « publique » à l’œuvre")
    anne.ok("territory", "add", "Saint-Étienne")
    bruno.ok("note", "add", "--target", balise(bruno), "--text", "Cœur de bourg")

    first = sync(anne, shared)
    assert first["written"] is True and first["merged"] == []
    own = Path(str(first["own_bundle"]))
    assert own.parent == shared and own.name == f"{first['laptop_id']}.rdbundle"
    assert stat.S_IMODE(own.stat().st_mode) == 0o666 & ~_umask()
    second = sync(bruno, shared)
    assert [m["file"] for m in second["merged"]] == [own.name]  # type: ignore[attr-defined]
    assert second["added"] == 2  # the note and the territory (the author is one)
    third = sync(anne, shared)
    assert _texts(anne) == _texts(bruno) == {"Réunion « publique » à l’œuvre", "Cœur de bourg"}
    assert [t["name"] for t in bruno.ok("territory", "list")] == ["Saint-Étienne"]
    assert third["added"] >= 1
    # nothing changed since: Bruno's bundle is remembered, and Anne's is not rewritten
    again = sync(anne, shared)
    assert again["merged"] == [] and again["bundles_unchanged"] == [
        f"{second['laptop_id']}.rdbundle"
    ]
    assert again["written"] is False
    assert sorted(p.name for p in shared.iterdir()) == sorted(
        [own.name, f"{second['laptop_id']}.rdbundle"]
    )
    words = anne("sync", "--folder", str(shared)).out
    assert "Synchronised through" in words and "unchanged since the last sync 1." in words


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def test_three_data_folders_converge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], shared: Path
) -> None:
    laptops = _laptops(tmp_path, capsys, "anne", "bruno", "chloe")
    for index, laptop in enumerate(laptops):
        laptop.ok("note", "add", "--target", balise(laptop), "--text", f"Note n° {index} d’équipe")
    for laptop in [*laptops, *laptops[:2]]:  # the third one's news reaches the first two
        sync(laptop, shared)
    expected = {f"Note n° {i} d’équipe" for i in range(3)}
    assert all(_texts(laptop) == expected for laptop in laptops)
    assert len(list(shared.glob("*.rdbundle"))) == 3


def test_conflicting_edits_are_shown_in_the_conflicts_view_and_settled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], shared: Path
) -> None:
    anne, bruno = _laptops(tmp_path, capsys, "anne", "bruno")
    note = anne.ok("note", "add", "--target", balise(anne), "--text", "Version commune")
    sync(anne, shared)
    sync(bruno, shared)
    anne.ok("note", "edit", note["id"], "--text", "Version d’Anne")
    bruno.ok("note", "edit", note["id"], "--text", "Version de Bruno")
    sync(anne, shared)
    report = sync(bruno, shared)
    assert report["conflicts"] == 1 and report["conflicts_pending"] == 1
    (conflict,) = bruno.ok("conflicts", "list")
    assert conflict["mine"]["fields"]["text"] == "Version de Bruno"
    assert conflict["theirs"]["fields"]["text"] == "Version d’Anne"
    assert bruno("conflicts", "resolve", note["id"], "--keep", "theirs").code == 0
    sync(bruno, shared)
    settled = sync(anne, shared)
    assert settled["conflicts"] == 0 and anne.ok("conflicts", "list") == []
    assert (
        anne.notes()[note["id"]]["text"] == bruno.notes()[note["id"]]["text"] == ("Version d’Anne")
    )
    # and Bruno, syncing again, sees no conflict come back
    assert sync(bruno, shared)["conflicts"] == 0


def test_a_deletion_travels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], shared: Path
) -> None:
    anne, bruno = _laptops(tmp_path, capsys, "anne", "bruno")
    note = anne.ok("note", "add", "--target", balise(anne), "--text", "À supprimer")
    sync(anne, shared)
    sync(bruno, shared)
    assert note["id"] in bruno.notes()
    assert bruno("note", "delete", note["id"]).code == 0
    sync(bruno, shared)
    report = sync(anne, shared)
    assert report["deleted"] == 1 and note["id"] not in anne.notes()


def test_a_sync_clients_conflict_copies_are_read_as_bundles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], shared: Path
) -> None:
    anne, bruno, chloe = _laptops(tmp_path, capsys, "anne", "bruno", "chloe")
    anne.ok("note", "add", "--target", balise(anne), "--text", "D’Anne")
    chloe.ok("note", "add", "--target", balise(chloe), "--text", "De Chloé, copie en conflit")
    own = Path(str(sync(anne, shared)["own_bundle"]))
    # Chloé's bundle reached the folder only as the copies two sync clients made of it
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    chloe_bundle = Path(str(sync(chloe, elsewhere)["own_bundle"]))
    stem = own.name.removesuffix(".rdbundle")
    shutil.copy(chloe_bundle, shared / f"{stem}.sync-conflict-20261203-101500-ABCDEFG.rdbundle")
    shutil.copy(chloe_bundle, shared / f"{stem} (conflit).rdbundle")
    report = sync(bruno, shared)
    assert len(report["merged"]) == 3  # type: ignore[arg-type]
    assert _texts(bruno) == {"D’Anne", "De Chloé, copie en conflit"}
    assert all(p.exists() for p in shared.iterdir())  # never removed


def test_private_notes_never_reach_the_shared_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], shared: Path
) -> None:
    (anne,) = _laptops(tmp_path, capsys, "anne")
    anne.ok("note", "add", "--target", balise(anne), "--text", "Secret œcuménique", "--private")
    anne.ok("note", "add", "--target", balise(anne), "--text", "Pour l’équipe")
    sync(anne, shared)
    (bundle,) = shared.iterdir()
    with zipfile.ZipFile(bundle) as opened:
        text = b"".join(opened.read(name) for name in opened.namelist()).decode()
    assert "Pour l’équipe" in text and "Secret" not in text


def test_a_damaged_bundle_is_named_and_the_others_still_merge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], shared: Path
) -> None:
    anne, bruno = _laptops(tmp_path, capsys, "anne", "bruno")
    anne.ok("note", "add", "--target", balise(anne), "--text", "Intacte")
    sync(anne, shared)
    (shared / "0000-damaged.rdbundle").write_bytes(b"PK\x03\x04 not really a zip")
    (shared / ".partial.rdbundle.1234.abc.part").write_bytes(b"half")
    report = sync(bruno, shared)
    assert [r["file"] for r in report["bundles_refused"]] == ["0000-damaged.rdbundle"]  # type: ignore[attr-defined]
    assert _texts(bruno) == {"Intacte"}
    words = bruno("sync", "--folder", str(shared)).out
    assert "not merged: 0000-damaged.rdbundle" in words


def test_a_missing_folder_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (anne,) = _laptops(tmp_path, capsys, "anne")
    result = anne("sync", "--folder", str(tmp_path / "nowhere"))
    assert result.code == 1 and "does not exist" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_a_copied_data_folder_writing_under_the_same_name_loses_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], shared: Path
) -> None:
    (anne,) = _laptops(tmp_path, capsys, "anne")
    anne.ok("note", "add", "--target", balise(anne), "--text", "Avant la copie")
    sync(anne, shared)
    shutil.copytree(anne.folder, tmp_path / "anne-copie")  # the same laptop id, twice
    (copy,) = _laptops(tmp_path, capsys, "anne-copie")
    copy.ok("note", "add", "--target", balise(copy), "--text", "Écrite sur la copie")
    sync(copy, shared)
    anne.ok("note", "add", "--target", balise(anne), "--text", "Écrite sur l’original")
    report = sync(anne, shared)
    assert report["replaced_own"] is True
    sync(copy, shared)
    expected = {"Avant la copie", "Écrite sur la copie", "Écrite sur l’original"}
    assert _texts(anne) == _texts(copy) == expected
    assert len(list(shared.iterdir())) == 1
