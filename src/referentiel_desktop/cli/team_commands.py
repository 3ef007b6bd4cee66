"""``territory``, ``author`` and ``tag``."""

from __future__ import annotations

import argparse
from typing import Any

from referentiel_desktop.annotations import people, tags
from referentiel_desktop.cli.output import open_workspace, print_json
from referentiel_desktop.i18n import _


def register(subparsers: Any) -> None:
    territory = subparsers.add_parser("territory", help=_("the territories the team works with"))
    actions = territory.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    add = actions.add_parser("add", help=_("add a territory"))
    add.add_argument("name")
    add.add_argument("--code", default="", help=_("INSEE code or département"))
    add.add_argument("--description", default="")
    add.add_argument("--json", action="store_true", help=_("print JSON"))
    add.set_defaults(handler=territory_add)
    edit = actions.add_parser("edit", help=_("change a territory's name, code or description"))
    edit.add_argument("name")
    edit.add_argument("--name", dest="new_name", help=_("the new name"))
    edit.add_argument("--code", help=_("INSEE code or département"))
    edit.add_argument("--description")
    edit.add_argument("--json", action="store_true", help=_("print JSON"))
    edit.set_defaults(handler=territory_edit)
    listing = actions.add_parser("list", help=_("list the territories"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=territory_list)

    author = subparsers.add_parser("author", help=_("the team's members"))
    actions = author.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    add = actions.add_parser("add", help=_("add a team member"))
    add.add_argument("name")
    add.add_argument("--initials")
    add.add_argument("--json", action="store_true", help=_("print JSON"))
    add.set_defaults(handler=author_add)
    listing = actions.add_parser("list", help=_("list the team's members"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=author_list)
    default = actions.add_parser("default", help=_("set who is using this computer"))
    default.add_argument("name")
    default.set_defaults(handler=author_default)

    tag = subparsers.add_parser("tag", help=_("the tags of notes and cases"))
    actions = tag.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    listing = actions.add_parser("list", help=_("list the tags and how often they are used"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=tag_list)
    rename = actions.add_parser("rename", help=_("rename a tag everywhere"))
    rename.add_argument("old")
    rename.add_argument("new")
    rename.set_defaults(handler=tag_rename)


def territory_add(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        view = people.add_territory(workspace, args.name, args.code, args.description)
    if args.json:
        print_json(view.to_json())
    else:
        print(_("Territory {name} added.").format(name=view.name))
    return 0


def territory_edit(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        view = people.edit_territory(
            workspace,
            args.name,
            new_name=args.new_name,
            code=args.code,
            description=args.description,
        )
    if args.json:
        print_json(view.to_json())
    else:
        print(_("Territory {name} saved.").format(name=view.name))
    return 0


def territory_list(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        found = people.list_territories(workspace)
    if args.json:
        print_json([t.to_json() for t in found])
    for view in [] if args.json else found:
        code = f"  ({view.code})" if view.code else ""
        description = f"  — {view.description}" if view.description else ""
        print(f"{view.name}{code}{description}")
    return 0


def author_add(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        view = people.add_author(workspace, args.name, args.initials)
    if args.json:
        print_json(view.to_json())
    else:
        print(_("{name} joined the team.").format(name=view.name))
    return 0


def author_list(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        found = people.list_authors(workspace)
    if args.json:
        print_json([a.to_json() for a in found])
    for view in [] if args.json else found:
        print(f"{view.name}  ({view.initials})")
    return 0


def author_default(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        view = people.set_default_author(workspace, args.name)
    print(_("Notes and cases will now be signed {name}.").format(name=view.name))
    return 0


def tag_list(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        found = tags.list_tags(workspace)
    if args.json:
        print_json([{"name": name, "count": count} for name, count in found])
    for name, count in [] if args.json else found:
        print(f"{name}  {count}")
    return 0


def tag_rename(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        touched = tags.rename_tag(workspace, args.old, args.new)
    print(_("Tag renamed; records touched: {count}.").format(count=touched))
    return 0
