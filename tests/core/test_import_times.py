"""Times a bundle carries, within reach of every time zone (years 1900 to 2200, UTC),
and ``export --since``, which relays what this data folder received since then whatever
its author's clock said."""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.core.exchange_helpers import Laptop, balise
from tests.core.import_helpers import (
    anne_laptop,
    bruno_laptop,
    bundle_of,
    record_of,
    refused,
)
from tests.core.test_exchange_refusals import _parts, _rebuild


@pytest.fixture
def anne(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Laptop:
    return anne_laptop(tmp_path / "anne", capsys)


@pytest.fixture
def bruno(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Laptop:
    return bruno_laptop(tmp_path / "bruno", capsys)


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
    manifest, lines = bundle_of(anne, tmp_path / "anne.rdbundle")
    record_of(lines, "note")[key] = OUT_OF_REACH[case]
    bundle = _rebuild(tmp_path / "dated.rdbundle", manifest, lines)
    refused(bruno, bundle, key)


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Etc/GMT+12", "Europe/Paris"])
def test_times_at_the_bounds_make_booklets_in_every_time_zone(
    anne: Laptop,
    bruno: Laptop,
    tmp_path: Path,
    time_zone: Callable[[str], None],
    zone: str,
) -> None:
    manifest, lines = bundle_of(anne, tmp_path / "anne.rdbundle")
    note = record_of(lines, "note")
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


# -- export --since -----------------------------------------------------------------------
def test_since_relays_what_was_received_since_whatever_the_authors_clock(
    anne: Laptop, bruno: Laptop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first.rdbundle"
    assert anne("export", "--out", str(first)).code == 0
    assert bruno("import", str(first)).code == 0  # before the cut: not relayed
    anne.ok("note", "add", "--target", balise(anne), "--text", "Écrite hier « au soir »")
    manifest, lines = bundle_of(anne, tmp_path / "anne.rdbundle")
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


def test_since_sends_everything_when_the_log_forgot_what_an_import_wrote(
    anne: Laptop, bruno: Laptop, tmp_path: Path
) -> None:
    manifest, lines = bundle_of(anne, tmp_path / "anne.rdbundle")
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
