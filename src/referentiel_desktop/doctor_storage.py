"""``doctor``'s look at the storage itself: the live file's schema, the backup folder.

A schema edited behind the application's back (a table dropped, a trigger added by a
crafted file) is told, and repaired from the schema our migrations build: what is
missing is created again, a trigger or view that is not ours is dropped. Files in the
backup folder that do not count as backups (empty, damaged, not ours, oddly named, or a
link to a device) are told; the repair moves them into ``backups/set-aside`` so that
they stop being reported, deleting nothing.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Protocol

from referentiel_desktop.i18n import _, ngettext
from referentiel_desktop.store import backup_check, backup_files, backups, migrations

SET_ASIDE = "set-aside"


class Findings(Protocol):
    problems: list[str]
    repaired: list[str]


def _reference_sql() -> dict[str, tuple[str, str]]:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("BEGIN")
        for step in migrations.MIGRATIONS:
            step(conn)
        conn.execute("COMMIT")
        rows = conn.execute(
            "SELECT name, type, sql FROM sqlite_master WHERE sql IS NOT NULL"
        ).fetchall()
        return {name: (kind, sql) for name, kind, sql in rows}
    finally:
        conn.close()


def schema(conn: sqlite3.Connection, check: Findings, repair: bool) -> None:
    found = backup_check.shape(conn)
    expected = backup_check.reference_shape(migrations.SCHEMA_VERSION)
    if found == expected:
        return
    missing = sorted({fact[1] for fact in expected - found})
    foreign = sorted({fact[1] for fact in found - expected})
    if missing:
        check.problems.append(
            _("missing from the data file's schema: {names}").format(names=", ".join(missing))
        )
    if foreign:
        check.problems.append(
            _("not part of this application's schema: {names}").format(names=", ".join(foreign))
        )
    if not repair:
        return
    reference = _reference_sql()
    kinds = dict(conn.execute("SELECT name, type FROM sqlite_master").fetchall())
    for name in foreign:
        if kinds.get(name) in ("trigger", "view") and name not in reference:
            conn.execute(f'DROP {kinds[name].upper()} "{name}"')
    for wanted in ("table", "index"):  # tables first: an index needs its table
        for name in missing:
            kind, sql = reference.get(name, ("", ""))
            if kind == wanted and name not in kinds:
                conn.execute(sql)
    if backup_check.shape(conn) == expected:
        check.problems = []
        check.repaired.append(_("the schema was put back as this version builds it"))


def backup_folder(data_dir: Path, check: Findings, repair: bool) -> None:
    judged = [item for item in backups.judged_backups(data_dir) if not item.verdict.ok]
    unnamed = [path for path in backup_files.unnamed_files(data_dir) if not path.is_dir()]
    check.problems += [
        _("{name} is not counted as a backup: {reason}").format(
            name=item.backup.path.name, reason=item.verdict.problem
        )
        for item in judged
    ]
    check.problems += [
        _("{name} is not named as a backup: it is not counted").format(name=path.name)
        for path in unnamed
    ]
    clock = backups.clock_problem(data_dir)
    if clock:
        check.problems.append(clock)
    if not repair or not (judged or unnamed):
        return
    folder = backup_files.backup_dir(data_dir) / SET_ASIDE
    moved = 0
    with contextlib.suppress(OSError):
        folder.mkdir(exist_ok=True)
        for path in [item.backup.path for item in judged] + unnamed:
            path.rename(folder / path.name)
            moved += 1
    if moved:
        check.problems = [clock] if clock else []
        check.repaired.append(
            ngettext(
                "{count} file that is not a backup moved to {folder}",
                "{count} files that are not backups moved to {folder}",
                moved,
            ).format(count=moved, folder=folder)
        )
