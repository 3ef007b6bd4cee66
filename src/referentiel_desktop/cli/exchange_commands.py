"""``export``, ``import`` and ``conflicts``: the team exchange from the command line."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from referentiel_desktop.cli.output import open_workspace, print_json
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.record_words import kind_counts, kind_name


def register(subparsers: Any) -> None:
    export = subparsers.add_parser("export", help=_("write the team's records to a bundle file"))
    export.add_argument("--out", required=True, metavar=_("FILE"), help=_("the bundle to write"))
    export.add_argument("--territory", help=_("only this territory's cases"))
    export.add_argument("--author", help=_("only this author's notes and cases"))
    export.add_argument(
        "--since",
        metavar=_("DATE"),
        help=_("only records changed or received here since (UTC)"),
    )
    export.add_argument("--include-private", action="store_true", help=_("include private notes"))
    export.add_argument("--json", action="store_true", help=_("print JSON"))
    export.set_defaults(handler=export_command)

    imported = subparsers.add_parser("import", help=_("merge a teammate's bundle into this data"))
    imported.add_argument("file", metavar=_("FILE"))
    imported.add_argument(
        "--dry-run", action="store_true", help=_("say what would change, change nothing")
    )
    imported.add_argument("--json", action="store_true", help=_("print JSON"))
    imported.set_defaults(handler=import_command)

    conflicts = subparsers.add_parser("conflicts", help=_("records changed on both sides"))
    actions = conflicts.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    listing = actions.add_parser("list", help=_("list the conflicts waiting for a choice"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=conflicts_list)
    resolve = actions.add_parser("resolve", help=_("settle a conflict"))
    resolve.add_argument("id", metavar="UUID")
    resolve.add_argument(
        "--keep",
        required=True,
        choices=("mine", "theirs", "both"),
        help=_("keep my version, theirs, or both as two records"),
    )
    resolve.set_defaults(handler=conflicts_resolve)


def parse_since(text: str) -> datetime:
    """``2026-11-01`` or ``2026-11-01T08:00`` (UTC unless a zone is given). A day before
    any record could be (year 1 at +14:00 is before the first day Python knows) means
    since always; one after any record could be, since never."""
    from referentiel_desktop.exchange.kinds import EARLIEST, LATEST

    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as error:
        message = _("{value} is not a date (write it 2026-11-01 or 2026-11-01T08:00).")
        raise UserError(message.format(value=text)) from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return min(max(moment.astimezone(UTC), EARLIEST), LATEST)
    except OverflowError:
        return EARLIEST if moment.year < 2000 else LATEST


def export_command(args: argparse.Namespace) -> int:
    from referentiel_desktop.exchange.export import export

    since = parse_since(args.since) if args.since else None
    with open_workspace(args) as workspace:
        summary = export(
            workspace,
            args.out,
            territory=args.territory,
            author=args.author,
            since=since,
            include_private=args.include_private,
        )
    if args.json:
        print_json(summary.to_json())
    else:
        counts = kind_counts(summary.counts)
        print(_("Bundle written: {path} ({counts}).").format(path=summary.path, counts=counts))
    return 0


def import_command(args: argparse.Namespace) -> int:
    from referentiel_desktop.exchange.merge import import_bundle

    with open_workspace(args) as workspace:
        report = import_bundle(workspace, args.file, dry_run=args.dry_run)
        _reindex(workspace, report.written)
    if args.json:
        print_json(report.to_json())
    else:
        print("\n".join(report.lines()))
    return 0


def _reindex(workspace: Any, written: dict[str, set[str]]) -> None:
    """Bring the search index (if one was built) up to the imported records now rather
    than at the next search: they are in the change log, which the index follows."""
    from referentiel_desktop.search.index import SearchIndex

    if not (written.get("note") or written.get("case")) or not workspace.index_dir.exists():
        return
    index = SearchIndex(workspace)
    try:
        index.usable()  # opens the index and catches up on the change log
    finally:
        index.close()


def conflicts_list(args: argparse.Namespace) -> int:
    from referentiel_desktop.exchange.conflicts import list_conflicts

    with open_workspace(args) as workspace:
        found = list_conflicts(workspace)
    if args.json:
        print_json([c.to_json() for c in found])
        return 0
    if not found:
        print(_("No conflicts."))
    for conflict in found:
        differences = ", ".join(conflict.differences())
        kind = kind_name(conflict.kind)
        print(f"{conflict.record_id}  {kind}  « {conflict.label} »  [{differences}]")
    return 0


def conflicts_resolve(args: argparse.Namespace) -> int:
    from referentiel_desktop.exchange.conflicts import resolve

    with open_workspace(args) as workspace:
        conflict = resolve(workspace, args.id, args.keep)
    print(_("Conflict on «\u00a0{label}\u00a0» settled.").format(label=conflict.label))
    return 0
