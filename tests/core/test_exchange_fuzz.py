"""Property-based fuzzing of the importer (Hypothesis, a fixed seed): truncated, mutated,
markup-laden and Unicode-hostile bundles are refused cleanly with the database unchanged,
or, when a change happens to leave a valid bundle, imported exactly as sent."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referentiel_desktop.annotations import cases, notes, people
from referentiel_desktop.errors import UserError
from referentiel_desktop.exchange.export import export
from referentiel_desktop.exchange.merge import import_bundle
from referentiel_desktop.paths import DATABASE_NAME
from referentiel_desktop.store.engine import make_engine, make_session_factory
from referentiel_desktop.workspace import Workspace

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,  # a fixed seed: CI sees the same examples every run
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
HOSTILE = [
    '<img src="file:///dev/zero">',
    "</para><b>",
    "\x00",
    "\ud800",
    "e\u0301te\u0301",
    "« guillemets »\u202fet l’apostrophe",
    "œuvre",
    "\u202e\u200b",
    "../../etc/passwd",
    "x" * 5000,
    "",
    " ",
]


@dataclass(repr=False)
class Setup:
    folder: Path
    bundle: bytes
    clean_import: str


def _dump(db: Path) -> str:
    """The database's content, less the time an import ran (its mark for ``--since``)."""
    with sqlite3.connect(db) as conn:
        return "\n".join(line for line in conn.iterdump() if "'exchange.received." not in line)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    base = tmp_path_factory.mktemp("fuzz")
    with Workspace.open(base / "anne") as anne:
        target = "engagement.b1"
        notes.add_note(anne, target, "Réunion « publique »", tags=["Énergie"], author="Anne")
        people.add_territory(anne, "Œuilly")
        cases.add_case(anne, "Cas", "Œuilly", [target], author="Anne")
        export(anne, base / "a.rdbundle")
    with Workspace.open(base / "bruno") as bruno:
        notes.add_note(bruno, target, "À moi", author="Bruno")
    with _copy(base / "bruno", base / "clean") as ws:
        import_bundle(ws, base / "a.rdbundle")
        clean = _dump(ws.db_path)
    return Setup(base / "bruno", (base / "a.rdbundle").read_bytes(), clean)


class _copy:
    """A throwaway copy of a data folder, opened without re-reading the referential."""

    def __init__(self, source: Path, target: Path) -> None:
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        shutil.copy(source / DATABASE_NAME, target / DATABASE_NAME)
        engine = make_engine(target / DATABASE_NAME)
        self.workspace = Workspace(target, engine, make_session_factory(engine))

    def __enter__(self) -> Workspace:
        return self.workspace

    def __exit__(self, *_exc: object) -> None:
        self.workspace.close()


def _try(ws: Workspace, bundle: Path) -> bool:
    """Import; ``False`` when refused (and then it must be a clean UserError)."""
    try:
        import_bundle(ws, bundle)
    except UserError as error:
        assert "Nothing was changed" in str(error) and "\n" not in str(error)
        return False
    return True


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    how = draw(st.sampled_from(["truncate", "flip", "insert", "splice"]))
    at = draw(st.integers(0, len(data) - 1))
    if how == "truncate":
        return bytes(data[:at])
    if how == "flip":
        data[at] ^= draw(st.integers(1, 255))
    elif how == "insert":
        data[at:at] = draw(st.binary(min_size=1, max_size=64))
    else:
        end = draw(st.integers(at, min(len(data), at + 200)))
        data[at:end] = draw(st.binary(max_size=200))
    return bytes(data)


@pytest.fixture
def scratch(setup: Setup, tmp_path: Path) -> Iterator[Path]:
    yield tmp_path


@FUZZ
@given(data=st.data())
def test_mutated_bundles_are_refused_or_imported_whole(
    setup: Setup, scratch: Path, data: st.DataObject
) -> None:
    bundle = scratch / "m.rdbundle"
    bundle.write_bytes(data.draw(mutated(setup.bundle)))
    with _copy(setup.folder, scratch / "b") as ws:
        before = _dump(ws.db_path)
        accepted = _try(ws, bundle)
        after = _dump(ws.db_path)
    assert after == (setup.clean_import if accepted else before)


def _records(original: bytes) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    with zipfile.ZipFile(__import__("io").BytesIO(original)) as zipped:
        manifest = json.loads(zipped.read("manifest.json"))
        lines = [json.loads(line) for line in zipped.read("records.jsonl").splitlines()]
    return manifest, lines


def _write(target: Path, manifest: dict[str, Any], lines: list[dict[str, Any]]) -> None:
    data = b"".join(json.dumps(line).encode() + b"\n" for line in lines)
    counts: dict[str, int] = {}
    for line in lines:
        kind = line.get("kind") if isinstance(line, dict) else None
        if isinstance(kind, str):
            counts[kind] = counts.get(kind, 0) + 1
    manifest = {**manifest, "records": {"file": "records.jsonl", "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(), "count": counts}}  # fmt: skip
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("records.jsonl", data)
        zipped.writestr("manifest.json", json.dumps(manifest))


HOSTILE_VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers(),
    st.none(),
    st.booleans(),
    st.lists(st.sampled_from(HOSTILE), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)


@FUZZ
@given(data=st.data())
def test_hostile_records_are_refused_or_stored_as_sent(
    setup: Setup, scratch: Path, data: st.DataObject
) -> None:
    manifest, lines = _records(setup.bundle)
    index = data.draw(st.integers(0, len(lines) - 1))
    record = lines[index]
    where = data.draw(st.sampled_from([*record, *(f"fields.{k}" for k in record["fields"])]))
    value = data.draw(HOSTILE_VALUES)
    if where.startswith("fields."):
        record["fields"][where[7:]] = value
    else:
        record[where] = value
    bundle = scratch / "h.rdbundle"
    _write(bundle, manifest, lines)
    with _copy(setup.folder, scratch / "b") as ws:
        before = _dump(ws.db_path)
        accepted = _try(ws, bundle)
        db = ws.db_path
    if not accepted:
        assert _dump(db) == before
        return
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        if where.startswith("fields.") and isinstance(value, str) and where[7:] != "tags":
            table = {"case": "case_record"}.get(record["kind"], record["kind"])
            column = where[7:]
            stored = conn.execute(
                f"SELECT {column} FROM {table} WHERE id = ?", (record["id"],)
            ).fetchone()
            if stored is not None and column in {"text", "title", "name", "code", "period",
                                                 "actors", "lessons", "description",
                                                 "initials"}:  # fmt: skip
                assert stored[0] == unicodedata.normalize("NFC", value)
