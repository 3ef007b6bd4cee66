"""A damaged, foreign or hostile bundle is refused with one clear line and changes nothing."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.core.exchange_helpers import Laptop, balise


@pytest.fixture
def pair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Laptop, Path]:
    """Bruno (with a note of his own) and a good bundle from Anne."""
    anne, bruno = Laptop(tmp_path / "anne", capsys), Laptop(tmp_path / "bruno", capsys)
    anne.ok("note", "add", "--target", balise(anne), "--text", "Réunion « publique »",
            "--tag", "Énergie")  # fmt: skip
    anne.ok("territory", "add", "Œuilly")
    anne.ok("case", "add", "--title", "Cas", "--territory", "Œuilly", "--balise", balise(anne))
    bruno.ok("note", "add", "--target", balise(bruno), "--text", "À moi")
    bundle = tmp_path / "good.rdbundle"
    assert anne("export", "--out", str(bundle)).code == 0
    return bruno, bundle


def _parts(bundle: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    with zipfile.ZipFile(bundle) as zipped:
        manifest = json.loads(zipped.read("manifest.json"))
        lines = [json.loads(line) for line in zipped.read("records.jsonl").splitlines()]
    return manifest, lines


def _rebuild(target: Path, manifest: dict[str, Any], lines: list[dict[str, Any]]) -> Path:
    """A bundle holding these records under a manifest with the right checksum (JSON
    escapes, so that even a lone surrogate can be written)."""
    data = b"".join(json.dumps(line).encode() + b"\n" for line in lines)
    counts: dict[str, int] = {}
    for line in lines:
        counts[line["kind"]] = counts.get(line["kind"], 0) + 1
    manifest = {**manifest, "records": {"file": "records.jsonl", "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(), "count": counts}}  # fmt: skip
    return _zip(target, {"records.jsonl": data, "manifest.json": json.dumps(manifest).encode()})


def _zip(target: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
    return target


def _records_edit(change: Callable[[list[dict[str, Any]]], None]) -> Callable[[Path, Path], Path]:
    def make(bundle: Path, target: Path) -> Path:
        manifest, lines = _parts(bundle)
        change(lines)
        return _rebuild(target, manifest, lines)

    return make


def _truncated(bundle: Path, target: Path) -> Path:
    data = bundle.read_bytes()
    target.write_bytes(data[: len(data) * 2 // 3])
    return target


def _one_byte_changed(bundle: Path, target: Path) -> Path:
    with zipfile.ZipFile(bundle) as zipped:
        manifest, records = zipped.read("manifest.json"), zipped.read("records.jsonl")
    changed = records.replace(b"publique", b"publiqua", 1)
    return _zip(target, {"records.jsonl": changed, "manifest.json": manifest})


def _foreign(_bundle: Path, target: Path) -> Path:
    return _zip(target, {"word/document.xml": b"<w:document/>", "[Content_Types].xml": b"<x/>"})


def _not_a_zip(_bundle: Path, target: Path) -> Path:
    target.write_text("Bonjour, ceci n’est pas un paquet.", encoding="utf-8")
    return target


def _traversal(bundle: Path, target: Path) -> Path:
    with zipfile.ZipFile(bundle) as zipped:
        members = {name: zipped.read(name) for name in zipped.namelist()}
    members["../../evil.sh"] = b"rm -rf ~"
    return _zip(target, members)


def _zip_bomb(bundle: Path, target: Path) -> Path:
    with zipfile.ZipFile(bundle) as zipped:
        manifest = zipped.read("manifest.json")
    return _zip(target, {"manifest.json": manifest, "records.jsonl": b"\0" * 20_000_000})


def _newer_version(bundle: Path, target: Path) -> Path:
    manifest, lines = _parts(bundle)
    manifest["version"] = 99
    return _rebuild(target, manifest, lines)


def _dup(lines: list[dict[str, Any]]) -> None:
    lines.append(dict(lines[-1]))


def _wrong_type(lines: list[dict[str, Any]]) -> None:
    lines[-1]["fields"]["title"] = 42


def _nul(lines: list[dict[str, Any]]) -> None:
    lines[-1]["fields"]["title"] = "Cas\x00caché"


def _bad_uuid(lines: list[dict[str, Any]]) -> None:
    lines[-1]["id"] = "../../etc/passwd"


def _dangling(lines: list[dict[str, Any]]) -> None:
    lines[-1]["fields"]["author_id"] = "6f1d1f4e-0000-4000-8000-000000000000"


def _surrogate(lines: list[dict[str, Any]]) -> None:
    lines[-1]["fields"]["text"] = "\ud800"


CASES: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "truncated": (_truncated, "not a zip"),
    "one byte changed": (_one_byte_changed, "checksum"),
    "foreign zip": (_foreign, "exactly a manifest"),
    "not a zip": (_not_a_zip, "not a zip"),
    "path traversal": (_traversal, "exactly a manifest"),
    "zip bomb": (_zip_bomb, "zip bomb"),
    "newer format": (_newer_version, "newer"),
    "duplicate ids": (_records_edit(_dup), "appears twice"),
    "wrong type": (_records_edit(_wrong_type), "not text"),
    "NUL byte": (_records_edit(_nul), "NUL"),
    "not a UUID": (_records_edit(_bad_uuid), "not a UUID"),
    "unknown author": (_records_edit(_dangling), "refers to a author"),
    "lone surrogate": (_records_edit(_surrogate), "not valid Unicode"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_bundles_are_refused_and_change_nothing(
    pair: tuple[Laptop, Path], tmp_path: Path, case: str
) -> None:
    bruno, good = pair
    make, reason = CASES[case]
    bad = make(good, tmp_path / "bad.rdbundle")
    before = bruno.dump()
    for args in (("--dry-run",), ()):
        result = bruno("import", str(bad), *args)
        assert result.code == 1 and result.out == ""
        assert reason in result.err and "Nothing was changed" in result.err
        assert len(result.err.strip().splitlines()) == 1
    assert bruno.dump() == before
    assert not (bruno.folder / "backups").exists() or not any(
        p.name.startswith("before-import") for p in (bruno.folder / "backups").iterdir()
    )
    assert bruno("import", str(good)).code == 0  # the good one still goes in


def test_a_missing_file_is_refused(pair: tuple[Laptop, Path], tmp_path: Path) -> None:
    bruno, _good = pair
    result = bruno("import", str(tmp_path / "absent.rdbundle"))
    assert result.code == 1 and "cannot be read" in result.err
