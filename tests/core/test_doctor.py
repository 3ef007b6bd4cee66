"""`doctor`: integrity, foreign keys, the index against the database, orphaned links and
stored values that cannot be decoded, reported (never a crash) and repaired safely."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def _sql(data_dir: Path, statement: str, *params: object) -> None:
    conn = sqlite3.connect(data_dir / "referentiel.sqlite3")
    with conn:
        conn.execute(statement, params)
    conn.close()


def _latest_seq(data_dir: Path) -> int:
    conn = sqlite3.connect(data_dir / "referentiel.sqlite3")
    found = conn.execute("SELECT max(seq) FROM change_log").fetchone()[0]
    conn.close()
    return int(found or 0)


def _check(result: Any, name: str) -> dict[str, Any]:
    return next(c for c in result.json()["checks"] if c["name"] == name)


def test_a_sound_store_is_ok(cli: Any) -> None:
    assert cli("note", "add", "--target", "engagement.b3", "--text", "Saine").code == 0
    result = cli("doctor", "--json")
    assert result.code == 0 and result.json()["ok"] is True
    names = [c["name"] for c in result.json()["checks"]]
    assert names == [
        "integrity",
        "foreign_keys",
        "orphaned_links",
        "stored_values",
        "schema",
        "index",
        "backups",
    ]


def test_undecodable_values_are_reported_not_crashing_and_repaired(
    cli: Any, data_dir: Path
) -> None:
    assert cli("note", "add", "--target", "engagement.b3", "--text", "Énergie").code == 0
    _sql(data_dir, "UPDATE node SET keywords_fr = '[\"éner' WHERE id = 'engagement.b3'")
    # What crashed with a JSONDecodeError before: list, show, search, the window's tree.
    from referentiel_desktop.referential.snapshot import read_nodes

    nodes = read_nodes(data_dir / "referentiel.sqlite3")
    assert nodes is not None
    assert next(n for n in nodes if n.id == "engagement.b3").keywords_fr == ()
    assert cli("list").code == 0
    assert cli("show", "engagement.b3").code == 0
    searched = cli("search", "energie")
    assert searched.code == 0 and "Traceback" not in searched.err
    found = cli("doctor", "--json")
    assert found.code == 1
    assert (
        "node engagement.b3: keywords_fr cannot be decoded"
        in _check(found, "stored_values")["problems"]
    )
    repaired = cli("doctor", "--repair", "--json")
    assert repaired.code == 0, repaired.out
    assert _check(repaired, "stored_values")["repaired"]
    assert cli("doctor", "--repair", "--json").json()["ok"] is True  # safe to repeat
    assert "repair" in [b["reason"] for b in cli("backup", "list", "--json").json()]


def test_orphaned_links_and_a_stale_index_are_repaired(cli: Any, data_dir: Path) -> None:
    added = cli("note", "add", "--target", "engagement.b3", "--text", "Liée", "--tag", "eau")
    note_id = added.out.split()[0]
    assert cli("search", "liee").code == 0  # the index is built
    _sql(data_dir, "PRAGMA foreign_keys = OFF")
    conn = sqlite3.connect(data_dir / "referentiel.sqlite3")
    with conn:
        conn.execute("DELETE FROM note WHERE id = ?", (note_id,))
    conn.close()
    found = cli("doctor")
    assert found.code == 1 and "orphaned_links" in found.out and "PROBLEM" in found.out
    assert "doctor --repair" in found.out
    before = _latest_seq(data_dir)
    repaired = cli("doctor", "--repair", "--json")
    assert repaired.code == 0
    assert _check(repaired, "orphaned_links")["repaired"]
    assert _latest_seq(data_dir) > before  # the repair is in the change log, for followers
    # The repair is in the change log, so the index follows it: the deleted note is gone
    # from it without a rebuild.
    assert _check(repaired, "index")["ok"] is True
    assert cli("doctor", "--json").json()["ok"] is True
    hits = cli("search", "liee", "--json").json()["hits"]
    assert note_id not in [h["id"] for h in hits]
