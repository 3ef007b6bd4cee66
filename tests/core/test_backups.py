"""Backups: made with the backup API, verified, thinned; restore puts one back."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from referentiel_desktop.annotations.notes import add_note, list_notes
from referentiel_desktop.store import backup_files, backups
from referentiel_desktop.store.backup_check import Verdict
from referentiel_desktop.workspace import Workspace


def _note_texts(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        found = {row[0] for row in conn.execute("SELECT text FROM note")}
    conn.close()
    return found


def test_make_backup_is_a_verified_copy_of_the_live_database(workspace: Workspace) -> None:
    add_note(workspace, "engagement.b3", "Réunion « œuvre » à Nîmes")
    made = backups.make_backup(workspace, "import")
    assert made.reason == "import" and made.path.parent == workspace.data_dir / "backups"
    assert backups.quick_check(made.path) == "ok"
    assert "Réunion « œuvre » à Nîmes" in _note_texts(made.path)
    assert not Path(f"{made.path}-wal").exists()  # one self-contained file
    assert [b.path for b in backups.list_backups(workspace.data_dir)] == [made.path]


def test_one_daily_backup_when_the_data_changed(data_dir: Path) -> None:
    Workspace.open(data_dir).close()  # first start: nothing worth keeping yet
    assert backups.list_backups(data_dir) == []
    with Workspace.open(data_dir) as workspace:  # second start of the day: one backup
        add_note(workspace, "engagement.b3", "Première note")
    with Workspace.open(data_dir):
        pass
    made = backups.list_backups(data_dir)
    assert [b.reason for b in made] == ["daily"]
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    db = data_dir / "referentiel.sqlite3"
    assert backups.daily_backup_due(data_dir, db, now=tomorrow)
    # Once a backup holds everything written, none is due tomorrow: what a backup holds
    # is read from it (its change-log position), not guessed from file times.
    with Workspace.open(data_dir) as workspace:
        workspace.backup("manual")
    assert not backups.daily_backup_due(data_dir, db, now=tomorrow + timedelta(hours=2))


def test_thinning_keeps_recent_ones_dense_and_old_ones_sparse(tmp_path: Path) -> None:
    now = datetime(2026, 11, 28, 12, tzinfo=UTC)
    count = 4 * 365  # one every 6 hours for a year, each holding more work than the last
    made = [
        backups.Judged(
            backups.Backup(tmp_path / f"{i}.sqlite3", now - timedelta(hours=6 * i), "daily"),
            Verdict("", 8, count - i),
        )
        for i in range(count)
    ]
    kept_paths = backups.to_keep(made)
    kept = sorted(
        (j.backup for j in made if j.backup.path in kept_paths),
        key=lambda b: b.made_at,
        reverse=True,
    )
    assert len(kept) <= backups.KEEP_NEWEST + backups.KEEP_DAILY + backups.KEEP_WEEKLY + 6
    assert kept[0].path == made[0].backup.path  # the newest is always kept
    days = {b.made_at.date() for b in kept}
    assert {(now - timedelta(days=d)).date() for d in range(7)} <= days  # a week of dailies
    months = {(b.made_at.year, b.made_at.month) for b in kept}
    assert len(months) == 6  # and one a month for six months
    assert min(b.made_at for b in kept) > now - timedelta(days=200)


def test_a_backup_that_fails_its_check_is_not_kept(workspace: Workspace, monkeypatch: Any) -> None:
    monkeypatch.setattr(backup_files, "quick_check", lambda path: "*** page 2: btree damaged")
    try:
        backups.make_backup(workspace, "manual")
    except Exception as error:  # noqa: BLE001 - the message is what is checked
        assert "failed its check" in str(error)
    else:
        raise AssertionError("a damaged backup was accepted")
    assert list((workspace.data_dir / "backups").iterdir()) == []


def test_restore_backs_up_the_current_state_first(cli: Any, data_dir: Path) -> None:
    assert cli("note", "add", "--target", "engagement.b3", "--text", "Avant").code == 0
    made = cli("backup", "--json")
    assert made.code == 0, made.err
    saved = Path(made.json()["path"])
    assert cli("note", "add", "--target", "engagement.b3", "--text", "Après").code == 0
    restored = cli("restore", str(saved))
    assert restored.code == 0, restored.err
    assert "backed up in" in restored.out
    texts = [n["text"] for n in cli("note", "list", "--json").json()]
    assert texts == ["Avant"]
    listed = cli("backup", "list", "--json").json()
    assert [b["reason"] for b in listed][:2] == ["restore", "manual"]
    # The restore can itself be undone by restoring the backup it made.
    assert cli("restore", listed[0]["path"]).code == 0
    assert sorted(n["text"] for n in cli("note", "list", "--json").json()) == ["Après", "Avant"]


def test_restore_refuses_what_is_not_a_sound_backup(cli: Any, tmp_path: Path) -> None:
    assert cli("note", "add", "--target", "engagement.b3", "--text", "Gardée").code == 0
    junk = tmp_path / "notes.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    for bad, words in ((junk, "not a sound database"), (other, "not a Référentiel Desktop")):
        result = cli("restore", str(bad))
        assert result.code == 1 and words in result.err and "Traceback" not in result.err
    assert cli("restore", str(tmp_path / "missing.sqlite3")).code == 1
    assert [n["text"] for n in cli("note", "list", "--json").json()] == ["Gardée"]


def test_backup_out_writes_a_verified_file(cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "copie de sûreté.sqlite3"
    result = cli("backup", "--out", str(target))
    assert result.code == 0, result.err
    assert backups.quick_check(target) == "ok"
    assert cli("backup", "--out", str(tmp_path / "nowhere" / "x.sqlite3")).code == 1


def test_referential_load_backs_up_first(cli: Any, data_dir: Path, tmp_path: Path) -> None:
    from referentiel_desktop import paths

    text = paths.bundled_referential().read_text(encoding="utf-8")
    edition = tmp_path / "edition.toml"
    newer = re.sub(r"(?m)^version = (\d+)$", lambda m: f"version = {int(m[1]) + 1}", text, count=1)
    assert newer != text
    edition.write_text(newer, encoding="utf-8")
    assert cli("referential", "load", str(edition)).code == 0
    reasons = [b["reason"] for b in cli("backup", "list", "--json").json()]
    assert "referential-load" in reasons


def test_list_notes_survives_a_restore_in_the_same_workspace(workspace: Workspace) -> None:
    add_note(workspace, "engagement.b3", "Une")
    made = workspace.backup("manual")
    add_note(workspace, "engagement.b3", "Deux")
    workspace.restore(made.path)
    assert [n.text for n in list_notes(workspace)] == ["Une"]


def test_after_a_restore_the_change_log_goes_on_and_names_every_record(
    workspace: Workspace,
) -> None:
    add_note(workspace, "engagement.b3", "Une")
    made = workspace.backup("manual")
    for text in ("Deux", "Trois", "Quatre"):
        add_note(workspace, "engagement.b3", text)
    reached = workspace.latest_seq()
    workspace.restore(made.path)
    assert workspace.latest_seq() > reached  # never a seq handed out twice
    newest, changes = workspace.changes_since(reached)
    kinds = {c.kind for c in changes}
    assert {"note", "referential"} <= kinds
    note_ids = next(c.ids for c in changes if c.kind == "note")
    assert {n.id for n in list_notes(workspace)} <= note_ids
