"""``backup``, ``backup list``, ``restore`` and ``doctor``: keeping the data safe."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from referentiel_desktop.cli.output import open_workspace, print_json
from referentiel_desktop.i18n import _
from referentiel_desktop.store import backups


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup", help=_("back up the data now (or `backup list` to see the backups)")
    )
    backup.add_argument(
        "--out", type=Path, metavar="FILE", help=_("write the backup to FILE instead")
    )
    backup.add_argument("--json", action="store_true", help=_("print JSON"))
    backup.set_defaults(handler=backup_command)
    actions = backup.add_subparsers(dest="action", metavar=_("ACTION"))
    listing = actions.add_parser("list", help=_("list the backups, newest first"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=backup_list)

    restore = subparsers.add_parser(
        "restore", help=_("put a backup back (the current data is backed up first)")
    )
    restore.add_argument("file", type=Path, help=_("a backup file"))
    restore.set_defaults(handler=restore_command)

    doctor = subparsers.add_parser("doctor", help=_("check the data, and repair what is safe"))
    doctor.add_argument("--repair", action="store_true", help=_("make the safe repairs"))
    doctor.add_argument("--json", action="store_true", help=_("print JSON"))
    doctor.set_defaults(handler=doctor_command)


def _size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count / 1000:.0f} kB"


def backup_command(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        if args.out is not None:
            path = backups.copy_database(workspace.db_path, args.out)
            made: dict[str, Any] = {"path": str(path.absolute()), "size": path.stat().st_size}
        else:
            made = workspace.backup("manual").to_json()
    if args.json:
        print_json(made)
    else:
        print(
            _("Backed up to {path} ({size}).").format(path=made["path"], size=_size(made["size"]))
        )
    return 0


def backup_list(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        found = backups.list_backups(workspace.data_dir)
    if args.json:
        print_json([b.to_json() for b in found])
        return 0
    if not found:
        print(_("No backup yet."))
    for item in found:
        when = item.made_at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(f"{when}  {item.reason:<16}  {_size(item.size):>8}  {item.path}")
    return 0


def restore_command(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        safety = workspace.restore(args.file)
    print(_("Restored {path}.").format(path=args.file))
    if safety is not None:
        print(_("The data as it was before is backed up in {path}.").format(path=safety.path))
    return 0


def doctor_command(args: argparse.Namespace) -> int:
    from referentiel_desktop.doctor import run_doctor

    with open_workspace(args) as workspace:
        report = run_doctor(workspace, repair=args.repair)
    if args.json:
        print_json(report.to_json())
    else:
        for check in report.checks:
            state = _("ok") if check.ok else _("PROBLEM")
            print(f"{check.name:<16} {state}")
            repaired = _("repaired:")
            for line in check.repaired:
                print(f"    {repaired} {line}")
            for line in check.problems[:20]:
                print(f"    {line}")
        if not report.ok and not args.repair:
            print(_("Run `doctor --repair` to make the safe repairs."))
    return 0 if report.ok else 1
