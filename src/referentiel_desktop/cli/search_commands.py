"""``search`` and ``index rebuild``."""

from __future__ import annotations

import argparse
import re
import sys
from html import unescape
from typing import Any

from referentiel_desktop.cli.output import (
    add_lang_option,
    content_language,
    open_workspace,
    print_json,
)
from referentiel_desktop.cli.terminal import write_progress
from referentiel_desktop.i18n import _

SEARCH_KINDS = (
    "balise", "method", "device", "chapter", "section", "scenario", "question", "theme",
    "part", "preface", "note", "case",
)  # fmt: skip
THEMES = ("engagement", "integration", "cooperation", "value")


def register(subparsers: Any) -> None:
    search = subparsers.add_parser("search", help=_("search the referential and the team's notes"))
    search.add_argument("query", help=_('words; "a phrase", prefix*, OR, -excluded'))
    add_lang_option(search)
    search.add_argument("--kind", action="append", choices=SEARCH_KINDS, help=_("repeatable"))
    search.add_argument("--theme", choices=THEMES)
    search.add_argument("--source", choices=("referential", "team"))
    search.add_argument("--territory")
    search.add_argument("--tag")
    search.add_argument("--author")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true", help=_("print JSON"))
    search.set_defaults(handler=search_command)

    index = subparsers.add_parser("index", help=_("manage the search index"))
    actions = index.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    rebuild = actions.add_parser("rebuild", help=_("rebuild the search index from the database"))
    rebuild.set_defaults(handler=rebuild_command)


def _bar(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    write_progress(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")


def _plain(snippet: str) -> str:
    return unescape(re.sub(r"</?b>", "", snippet))


def search_command(args: argparse.Namespace) -> int:
    from referentiel_desktop.search.service import SearchService

    lang = content_language(args)
    with open_workspace(args) as workspace:
        service = SearchService(workspace)
        try:
            service.prepare(_bar if sys.stderr.isatty() else None)
            result = service.search(
                args.query, lang, kinds=args.kind, theme=args.theme, source=args.source,
                territory=args.territory, tag=args.tag, author=args.author,
                limit=max(1, args.limit),
            )  # fmt: skip
        finally:
            service.close()
    if args.json:
        print_json(result.to_json())
        return 0
    for hit in result.hits:
        print(f"{hit.id:<22} {hit.kind:<9} {hit.title}")
        print(f"{'':<22} {_plain(hit.snippet)}")
    if not result.hits:
        print(_("No results."))
    if result.suggestion:
        print(_("Did you mean: {suggestion}?").format(suggestion=result.suggestion))
    return 0


def rebuild_command(args: argparse.Namespace) -> int:
    from referentiel_desktop.search.index import SearchIndex

    with open_workspace(args) as workspace:
        index = SearchIndex(workspace)
        count = index.rebuild(_bar)
        index.close()
    sys.stderr.write("\n")
    print(_("Search index rebuilt: {count} documents.").format(count=count))
    return 0
