"""``note`` and ``case``: the team's notes and cases, headless and scriptable."""

from __future__ import annotations

import argparse
from typing import Any

from referentiel_desktop.annotations import cases, notes
from referentiel_desktop.annotations.views import CaseView, NoteView
from referentiel_desktop.cli.output import open_workspace, print_json
from referentiel_desktop.i18n import _


def register(subparsers: Any) -> None:
    note = subparsers.add_parser("note", help=_("the team's notes on the referential"))
    note_actions = note.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    add = note_actions.add_parser("add", help=_("add a note to an item"))
    add.add_argument("--target", required=True, help=_("the item's id, such as engagement.b3"))
    add.add_argument("--text", required=True)
    add.add_argument("--tag", action="append", default=[], help=_("repeatable"))
    add.add_argument("--author", help=_("a team member (added the first time)"))
    add.add_argument("--private", action="store_true", help=_("never exported nor printed"))
    add.add_argument("--json", action="store_true", help=_("print JSON"))
    add.set_defaults(handler=note_add)
    listing = note_actions.add_parser("list", help=_("list notes, newest first"))
    listing.add_argument("--target")
    listing.add_argument("--tag")
    listing.add_argument("--author")
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=note_list)
    edit = note_actions.add_parser("edit", help=_("change a note"))
    edit.add_argument("id")
    edit.add_argument("--text")
    edit.add_argument("--tag", action="append", help=_("replaces the tags; repeatable"))
    visibility = edit.add_mutually_exclusive_group()
    visibility.add_argument("--private", dest="visibility", action="store_const", const="private")
    visibility.add_argument("--team", dest="visibility", action="store_const", const="team")
    edit.add_argument("--json", action="store_true", help=_("print JSON"))
    edit.set_defaults(handler=note_edit)
    for name, handler, text in (
        ("delete", note_delete, _("delete a note (it can be restored)")),
        ("restore", note_restore, _("restore a deleted note")),
    ):
        sub = note_actions.add_parser(name, help=text)
        sub.add_argument("id")
        sub.set_defaults(handler=handler)

    case = subparsers.add_parser("case", help=_("the team's cases: local experiences"))
    case_actions = case.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    add = case_actions.add_parser("add", help=_("add a case"))
    add.add_argument("--title", required=True)
    add.add_argument("--territory", required=True)
    _case_fields(add, balise_required=True)
    add.add_argument("--author", help=_("a team member (added the first time)"))
    add.set_defaults(handler=case_add)
    listing = case_actions.add_parser("list", help=_("list cases, newest first"))
    for option in ("--territory", "--balise", "--tag", "--author"):
        listing.add_argument(option)
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=case_list)
    edit = case_actions.add_parser("edit", help=_("change a case"))
    edit.add_argument("id")
    edit.add_argument("--title")
    edit.add_argument("--territory")
    _case_fields(edit, balise_required=False)
    edit.set_defaults(handler=case_edit)
    for name, handler, text in (
        ("delete", case_delete, _("delete a case (it can be restored)")),
        ("restore", case_restore, _("restore a deleted case")),
    ):
        sub = case_actions.add_parser(name, help=text)
        sub.add_argument("id")
        sub.set_defaults(handler=handler)


def _case_fields(parser: argparse.ArgumentParser, *, balise_required: bool) -> None:
    parser.add_argument(
        "--balise", action="append", required=balise_required,
        help=_("a linked balise's id; repeatable"),
    )  # fmt: skip
    parser.add_argument("--period", help=_("dates or free text"))
    parser.add_argument("--actors", help=_("the actors involved"))
    parser.add_argument("--text", help=_("what was done"))
    parser.add_argument("--lessons", help=_("what it produced or taught"))
    parser.add_argument("--tag", action="append", help=_("repeatable"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))


def _show_note(view: NoteView, as_json: bool) -> None:
    if as_json:
        print_json(view.to_json())
        return
    tags = f"  [{', '.join(view.tags)}]" if view.tags else ""
    private = "  " + _("(private)") if view.visibility == "private" else ""
    print(f"{view.id}  {view.target}  {view.author}  {view.updated_at:%Y-%m-%d}{tags}{private}")
    print(f"    {view.text}")


def _show_case(view: CaseView, as_json: bool) -> None:
    if as_json:
        print_json(view.to_json())
        return
    tags = f"  [{', '.join(view.tags)}]" if view.tags else ""
    print(f"{view.id}  {view.title} — {view.territory}  ({', '.join(view.balises)}){tags}")


def note_add(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        view = notes.add_note(
            workspace, args.target, args.text, tags=args.tag, author=args.author,
            private=args.private,
        )  # fmt: skip
    _show_note(view, args.json)
    return 0


def note_list(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        found = notes.list_notes(workspace, target=args.target, tag=args.tag, author=args.author)
    if args.json:
        print_json([n.to_json() for n in found])
    else:
        for view in found:
            _show_note(view, False)
    return 0


def note_edit(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        view = notes.edit_note(
            workspace, args.id, text=args.text, tags=args.tag, visibility=args.visibility
        )
    _show_note(view, args.json)
    return 0


def note_delete(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        notes.delete_note(workspace, args.id)
    print(_("Note {id} deleted.").format(id=args.id))
    return 0


def note_restore(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        notes.restore_note(workspace, args.id)
    print(_("Note {id} restored.").format(id=args.id))
    return 0


def _case_texts(args: argparse.Namespace) -> dict[str, Any]:
    return {"period": args.period, "actors": args.actors, "text": args.text,
            "lessons": args.lessons}  # fmt: skip


def case_add(args: argparse.Namespace) -> int:
    texts = {k: v or "" for k, v in _case_texts(args).items()}
    with open_workspace(args) as workspace:
        view = cases.add_case(
            workspace, args.title, args.territory, args.balise, tags=args.tag or [],
            author=args.author, **texts,
        )  # fmt: skip
    _show_case(view, args.json)
    return 0


def case_list(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        found = cases.list_cases(
            workspace, territory=args.territory, balise=args.balise, tag=args.tag,
            author=args.author,
        )  # fmt: skip
    if args.json:
        print_json([c.to_json() for c in found])
    else:
        for view in found:
            _show_case(view, False)
    return 0


def case_edit(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        view = cases.edit_case(
            workspace, args.id, title=args.title, territory=args.territory,
            balises=args.balise, tags=args.tag, **_case_texts(args),
        )  # fmt: skip
    _show_case(view, args.json)
    return 0


def case_delete(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        cases.delete_case(workspace, args.id)
    print(_("Case {id} deleted.").format(id=args.id))
    return 0


def case_restore(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        cases.restore_case(workspace, args.id)
    print(_("Case {id} restored.").format(id=args.id))
    return 0
