"""A bundle's records are kept from the check for the merge when they are few, streamed
again when they are many: both roads leave the same data and the same change log, and a
file altered between the check and a streamed merge is refused whole."""

from __future__ import annotations

import gc
import json
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from referentiel_desktop.exchange import merge, validate
from referentiel_desktop.workspace import Workspace
from tests.core.exchange_helpers import Laptop, balise
from tests.core.import_helpers import counts
from tests.core.test_exchange_refusals import _parts, _rebuild

DAY = "2026-03-02"
TERRITORY = "Saint-Étienne"


def _rows(folder: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in order, clocks of this laptop aside (the import's mark is
    keyed by the time it ran; a conflict's row by a fresh id and the time it came)."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    with sqlite3.connect(folder / "referentiel.sqlite3") as conn:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in sorted(tables):
            if table == "sqlite_sequence":
                continue
            if table == "exchange_conflict":
                query = (
                    "SELECT kind, record_id, theirs_rev, theirs_json, bundle FROM exchange_conflict"
                )
            elif table == "setting":
                query = (
                    "SELECT CASE WHEN key LIKE 'exchange.received.%' THEN 'mark' ELSE key END,"
                    " value FROM setting"
                )
            else:
                query = f'SELECT * FROM "{table}"'
            found[table] = sorted(conn.execute(query), key=repr)
        log = (
            "SELECT seq, kind, CASE WHEN kind = 'exchange_conflict' THEN 'conflict'"
            " WHEN record_id LIKE 'exchange.received.%' THEN 'mark' ELSE record_id END, op"
            " FROM change_log ORDER BY seq"
        )
        found["change_log"] = list(conn.execute(log))
    return found


def _two_teammates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Laptop, Path]:
    """Bruno, who took Anne's first bundle and changed things since, and Anne's second
    bundle: added, updated, deleted, conflicting, aliased records, tags and balises."""
    anne, bruno = Laptop(tmp_path / "anne", capsys), Laptop(tmp_path / "bruno", capsys)
    anne.ok("author", "add", "Zoé L’Hôte")
    anne.ok("territory", "add", TERRITORY, "--code", "42218")
    shared = anne.ok("note", "add", "--target", balise(anne), "--text", "Version commune",
                     "--tag", "Énergie", "--author", "Zoé L’Hôte")  # fmt: skip
    edited = anne.ok("note", "add", "--target", balise(anne, 1), "--text", "À relire")
    gone = anne.ok("note", "add", "--target", balise(anne), "--text", "À supprimer")
    anne.ok("case", "add", "--title", "Chaufferie « bois »", "--territory", TERRITORY,
            "--balise", balise(anne), "--balise", balise(anne, 2), "--tag", "Forêt")  # fmt: skip
    first = tmp_path / "first.rdbundle"
    assert anne("export", "--out", str(first)).code == 0
    bruno.ok("note", "add", "--target", balise(bruno), "--text", "Déjà là", "--tag", "énergie")
    bruno.ok("import", str(first))
    bruno.ok("note", "edit", shared["id"], "--text", "Version de Bruno")
    bruno.ok("author", "add", "Claire Œillet")
    anne.ok("note", "edit", shared["id"], "--text", "Version d’Anne")
    anne.ok("note", "edit", edited["id"], "--text", "Relue, « corrigée »", "--tag", "Eau")
    assert anne("note", "delete", gone["id"]).code == 0
    anne.ok("author", "add", "Claire Œillet")
    for number in range(30):
        anne.ok("note", "add", "--target", balise(anne, number % 3), "--text",
                f"Note nº {number} de Claire, l’œuvre", "--author", "Claire Œillet",
                "--tag", f"Thème {number % 4}")  # fmt: skip
    anne.ok("inventory", "set", "--territory", TERRITORY, "--date", DAY, "--author",
            "Zoé L’Hôte", "--question", "inventory.q1", "--position", "emerging",
            "--text", "Des flux « mal connus »")  # fmt: skip
    second = tmp_path / "second.rdbundle"
    assert anne("export", "--out", str(second)).code == 0
    return bruno, second


def test_kept_and_streamed_imports_leave_the_same_data_and_change_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bruno, bundle = _two_teammates(tmp_path, capsys)
    shutil.copytree(bruno.folder, tmp_path / "bruno-streamed")
    streamed = Laptop(tmp_path / "bruno-streamed", capsys)
    with Workspace.open(bruno.folder) as workspace:
        assert validate.validate(workspace, bundle).kept is not None  # few records: kept
    kept_report = bruno.ok("import", str(bundle))
    monkeypatch.setattr(validate, "KEEP_BYTES", 0)  # as if the bundle were a large one
    with Workspace.open(streamed.folder) as workspace:
        assert validate.validate(workspace, bundle).kept is None
    streamed_report = streamed.ok("import", str(bundle))
    assert kept_report["added"] == 32 and kept_report["updated"] == 1
    assert kept_report["deleted"] == 1 and kept_report["conflicts"] == 1
    assert kept_report["unchanged"] == 5  # Claire, an alias of Bruno's own, among them
    for report in (kept_report, streamed_report):
        report.pop("backup")
    assert streamed_report == kept_report
    kept_rows, streamed_rows = _rows(bruno.folder), _rows(streamed.folder)
    assert streamed_rows["change_log"] == kept_rows["change_log"]
    assert len(kept_rows["change_log"]) > 40
    assert streamed_rows == kept_rows


def _another_export(bundle: Path, target: Path) -> None:
    """A good bundle, but not the one checked: a note's text changed."""
    manifest, lines = _parts(bundle)
    note = next(line for line in lines if line["kind"] == "note")
    note["fields"]["text"] = "Changée après la vérification"
    _rebuild(target, manifest, lines)


def _foreign_author(bundle: Path, target: Path) -> None:
    """The same manifest; a note now written by an author no one holds (the merge itself
    fails on it, half-way through the records)."""
    with zipfile.ZipFile(bundle) as zipped:
        manifest, records = zipped.read("manifest.json"), zipped.read("records.jsonl")
    lines = records.splitlines(keepends=True)
    index = max(i for i, line in enumerate(lines) if json.loads(line)["kind"] == "note")
    record = json.loads(lines[index])
    record["fields"]["author_id"] = "00000000-0000-4000-8000-000000000000"
    lines[index] = json.dumps(record, ensure_ascii=False).encode() + b"\n"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("records.jsonl", b"".join(lines))
        zipped.writestr("manifest.json", manifest)


def _not_json(bundle: Path, target: Path) -> None:
    with zipfile.ZipFile(bundle) as zipped:
        manifest, records = zipped.read("manifest.json"), zipped.read("records.jsonl")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("records.jsonl", records.replace(b'"kind"', b'"kind', 3))
        zipped.writestr("manifest.json", manifest)


@pytest.mark.parametrize("alter", [_another_export, _foreign_author, _not_json])
def test_a_large_bundle_altered_after_the_check_is_refused_and_changes_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    alter: Callable[[Path, Path], None],
) -> None:
    bruno, bundle = _two_teammates(tmp_path, capsys)
    original = tmp_path / "original.rdbundle"
    shutil.copyfile(bundle, original)
    checked = validate.validate

    def check_then_alter(workspace: Workspace, path: str | Path) -> validate.Validated:
        found = checked(workspace, path)
        alter(original, Path(path))  # another program rewrites the file just then
        return found

    monkeypatch.setattr(merge, "validate", check_then_alter)
    monkeypatch.setattr(validate, "KEEP_BYTES", 0)
    before_counts, before = counts(bruno), bruno.dump()
    result = bruno("import", str(bundle))
    assert result.code == 1 and "checksum" in result.err, result
    assert "Nothing was changed" in result.err and "Unexpected error" not in result.err
    assert counts(bruno) == before_counts
    assert bruno.dump() == before
    # Kept records are merged as they were checked: the same alteration cannot reach them.
    monkeypatch.setattr(validate, "KEEP_BYTES", 16 * 1024 * 1024)
    shutil.copyfile(original, bundle)
    report = bruno.ok("import", str(bundle))
    assert report["added"] == 32 and report["conflicts"] == 1
    texts = {n["text"] for n in bruno.notes().values()}
    assert "Changée après la vérification" not in texts and "Relue, « corrigée »" in texts


def test_the_check_leaves_the_cycle_collector_as_it_found_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It pauses Python's cycle collector while it parses; a refusal resumes it too."""
    bruno, bundle = _two_teammates(tmp_path, capsys)
    broken = tmp_path / "broken.rdbundle"
    _not_json(bundle, broken)
    assert gc.isenabled()
    assert bruno("import", str(broken)).code == 1
    assert gc.isenabled()
    gc.disable()
    try:
        assert bruno("import", str(bundle), "--dry-run").code == 0
        assert not gc.isenabled()  # paused by someone else: left paused
    finally:
        gc.enable()
