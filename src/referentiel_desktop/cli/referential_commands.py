"""``list``, ``show`` and ``referential load``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from referentiel_desktop.cli.output import (
    add_lang_option,
    content_language,
    open_workspace,
    print_json,
)
from referentiel_desktop.i18n import _
from referentiel_desktop.referential import repository
from referentiel_desktop.referential.kinds import NODE_KINDS
from referentiel_desktop.store.models import Node

TRANSLATION_MARK = "†"


def register(subparsers: Any) -> None:
    listing = subparsers.add_parser("list", help=_("list the referential's items"))
    listing.add_argument("--kind", choices=NODE_KINDS, help=_("only items of this kind"))
    add_lang_option(listing)
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=list_command)

    show = subparsers.add_parser("show", help=_("show one item of the referential"))
    show.add_argument("id", help=_("the item's id, such as engagement.b3"))
    add_lang_option(show)
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.set_defaults(handler=show_command)

    referential = subparsers.add_parser("referential", help=_("manage the loaded referential"))
    actions = referential.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    load = actions.add_parser("load", help=_("validate and load another edition file"))
    load.add_argument("file", type=Path)
    load.set_defaults(handler=load_command)


def node_summary(node: Node, lang: str) -> dict[str, Any]:
    return {"id": node.id, "kind": node.kind, "title": node.title(lang), "parent": node.parent_id}


def list_command(args: argparse.Namespace) -> int:
    lang = content_language(args)
    with open_workspace(args) as workspace, workspace.reading() as session:
        nodes = repository.list_nodes(session, args.kind)
        rows = [node_summary(n, lang) for n in nodes]
    if args.json:
        print_json(rows)
        return 0
    width = max((len(r["id"]) for r in rows), default=0)
    for row in rows:
        print(f"{row['id']:<{width}}  {row['kind']:<8}  {row['title']}")
    return 0


def show_command(args: argparse.Namespace) -> int:
    lang = content_language(args)
    with open_workspace(args) as workspace, workspace.reading() as session:
        node = repository.require_node(session, args.id)
        kids = repository.children(session, node.id)
        record = node_summary(node, lang) | {
            "number": node.number,
            "body": node.body(lang),
            "keywords": node.keywords(lang),
            "children": [k.id for k in kids],
            "translated": [t for t in node.translated if t.endswith("." + lang)],
            "source": seed_forms(node, lang),
            "see": list(node.see),
        }
        child_titles = {k.id: k.title(lang) for k in kids}
    if args.json:
        print_json(record)
        return 0
    marked = {t.split(".")[0] for t in record["translated"]}

    def mark(field: str) -> str:
        return TRANSLATION_MARK if field in marked else ""

    print(f"{record['id']}  ({record['kind']})")
    print(record["title"] + mark("title"))
    if record["keywords"]:
        print(" · ".join(record["keywords"]) + mark("keywords"))
    if record["body"]:
        print()
        print(record["body"] + mark("body"))
    if kids:
        print()
        for kid_id, title in child_titles.items():
            print(f"  {kid_id}  {title}")
    if record["see"]:
        print()
        print(_("See: {ids}").format(ids=", ".join(record["see"])))
    if "title" in record["source"]:
        print()
        print(_("As the source prints it: {title}").format(title=record["source"]["title"]))
    if marked:
        print()
        print(
            f"{TRANSLATION_MARK} "
            + _("Translated for this application; the source text is in the other language.")
        )
    return 0


def seed_forms(node: Node, lang: str) -> dict[str, Any]:
    """Where the shown text departs from the source text in ``lang``: the source's form."""
    source = json.loads(node.source_json or "{}")
    out: dict[str, Any] = {}
    if lang in source.get("title", {}):
        out["title"] = source["title"][lang]
    if source.get("body", {}).get(lang):
        out["body"] = source["body"][lang]
    return out


def load_command(args: argparse.Namespace) -> int:
    from referentiel_desktop.referential.loader import parse_file  # here: the rare path

    ref = parse_file(args.file)
    with open_workspace(args) as workspace:
        report = workspace.load_referential(ref)
    print(
        _(
            "Loaded edition {edition} version {version}: {added} added, {updated} updated, "
            "{retired} retired."
        ).format(
            edition=report.edition_id,
            version=report.version,
            added=report.added,
            updated=report.updated,
            retired=report.retired,
        )
    )
    return 0
