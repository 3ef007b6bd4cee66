"""Whether the day's backup is due is decided from as few backups as possible (every
opening asks), and always as the rule says: due unless a valid backup was made today (not
dated ahead of the clock), or a valid one holds all the work the data holds. Every mix of
valid, stale, damaged, lying and future-dated backups is checked against that rule."""

from __future__ import annotations

import itertools
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from referentiel_desktop.annotations.notes import add_note
from referentiel_desktop.store import backup_files, backups
from referentiel_desktop.store.backup_check import read_only
from referentiel_desktop.workspace import Workspace


def _by_the_rule(data_dir: Path, db: Path, now: datetime) -> bool:
    """The rule, read off every backup: what ``daily_backup_due`` must answer."""
    valid = backups.valid_backups(data_dir)
    if not valid:
        return True
    with read_only(db) as conn:
        reached = backup_files.position(conn)
    if reached <= max(item.verdict.position for item in valid):
        return False
    today = [
        item
        for item in valid
        if item.backup.made_at.date() == now.date()
        and item.backup.made_at <= now + backups.CLOCK_TOLERANCE
    ]
    return not today


def _kinds_of_backup(data_dir: Path, db: Path, now: datetime) -> dict[str, Path]:
    """Backups of every kind, each in a file of its own (not yet in the folder)."""
    made: dict[str, Path] = {}

    def backup(name: str, when: datetime) -> Path:
        item = backup_files.write_database_backup(data_dir, db, "daily", now=when)
        made[name] = item.path
        return item.path

    with Workspace.open(data_dir) as workspace:
        add_note(workspace, "engagement.b3", "Première « note »")
        backup("yesterday", now - timedelta(days=1))
        stale = backup("stale-today", now - timedelta(hours=1))
        add_note(workspace, "engagement.b3", "Deuxième, d’été")
        backup("early-today", now - timedelta(minutes=30))
        future = backup("future", datetime(2099, 1, 1, tzinfo=UTC))
        add_note(workspace, "engagement.b3", "Troisième")  # the data now holds more
        backup("all-of-it", now - timedelta(days=1, hours=1))  # made then, under an old clock
    # One whose name claims more than it holds: a file renamed, so not a backup.
    lying = stale.with_name(backup_files.backup_name(now - timedelta(minutes=5), "daily", 99))
    shutil.copy(stale, lying)
    made["lying"] = lying
    # One named the older way, without a position: judged by its content.
    unclaimed = stale.with_name(
        f"referentiel-{(now - timedelta(days=2)).strftime(backups._STAMP)}-manual.sqlite3"  # noqa: SLF001
    )
    shutil.copy(future, unclaimed)
    made["unclaimed"] = unclaimed
    damaged = stale.with_name(backup_files.backup_name(now - timedelta(minutes=1), "daily", 50))
    damaged.write_bytes(b"\x00" * 4096)
    made["damaged"] = damaged
    aside = data_dir / "aside"
    aside.mkdir()
    for name, path in made.items():
        made[name] = path.rename(aside / path.name)
    return made


def test_the_daily_backup_is_due_exactly_as_the_rule_says(data_dir: Path) -> None:
    now = datetime.now(UTC).replace(hour=12)
    db = data_dir / "referentiel.sqlite3"
    made = _kinds_of_backup(data_dir, db, now)
    folder = backups.backup_dir(data_dir)
    answers: set[bool] = set()
    for count in range(len(made) + 1):
        for chosen in itertools.combinations(sorted(made), count):
            placed = {name: made[name].rename(folder / made[name].name) for name in chosen}
            for moment in (now, now + timedelta(days=1)):
                expected = _by_the_rule(data_dir, db, moment)
                assert backups.daily_backup_due(data_dir, db, now=moment) == expected, chosen
                answers.add(expected)
            for name, path in placed.items():
                path.rename(made[name])
    assert answers == {True, False}  # the mixes cover both answers


@settings(max_examples=300, deadline=None)
@given(
    st.from_regex(r"\A[0-9]{8}T[0-9]{12}Z\Z", fullmatch=True)
    | st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31)).map(
        lambda moment: moment.strftime(backups._STAMP)  # noqa: SLF001
    )
)
def test_a_backup_s_name_tells_its_time_as_strptime_reads_it(stamp: str) -> None:
    try:
        expected: datetime | None = datetime.strptime(stamp, backups._STAMP).replace(tzinfo=UTC)  # noqa: SLF001
    except ValueError:
        expected = None  # a date that does not exist: not a backup's name
    found = backup_files.parse_name(Path(f"referentiel-{stamp}-daily.sqlite3"))
    assert (found.made_at if found else None) == expected
