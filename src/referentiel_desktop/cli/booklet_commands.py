"""``booklet``: a PDF handout for a council meeting; ``booklet preset save|list``."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from referentiel_desktop.booklet.options import LANGUAGES, PAPERS, WRITING_SPACES, BookletOptions
from referentiel_desktop.booklet.presets import list_presets, load_preset, save_preset
from referentiel_desktop.cli.output import open_workspace, print_json
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _, current_language, ngettext


def register(subparsers: Any) -> None:
    booklet = subparsers.add_parser(
        "booklet", help=_("make a PDF booklet for a meeting; save and list presets")
    )
    add_definition_options(booklet)
    booklet.add_argument("--out", metavar="FILE.pdf", help=_("the PDF to write"))
    booklet.set_defaults(handler=booklet_build)
    actions = booklet.add_subparsers(dest="booklet_action", metavar=_("ACTION"))
    preset = actions.add_parser("preset", help=_("booklet definitions saved under a name"))
    preset_actions = preset.add_subparsers(dest="preset_action", required=True,
                                           metavar=_("ACTION"))  # fmt: skip
    save = preset_actions.add_parser("save", help=_("save a booklet's definition under a name"))
    save.add_argument("name")
    add_definition_options(save)
    save.set_defaults(handler=preset_save)
    listing = preset_actions.add_parser("list", help=_("list the saved presets"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=preset_list)


def add_definition_options(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("--preset", metavar=_("NAME"), help=_("start from a saved preset"))
    add(
        "--select",
        action="append",
        metavar="ID",
        help=_("an item to include (a theme brings its balises, methods and devices); repeatable"),
    )
    add("--lang", choices=LANGUAGES, help=_("the booklet's language (default: the interface's)"))
    add(
        "--title",
        help=_("the cover's title, such as «\u00a0Conseil municipal du 3\u00a0décembre\u00a0»"),
    )
    add("--subtitle")
    add("--date", metavar="YYYY-MM-DD", help=_("the meeting's date"))
    add("--territory", help=_("the territory named on the cover"))
    add("--team", help=_("the team named on the cover"))
    add("--paper", choices=PAPERS, help=_("paper size (default a4)"))
    add(
        "--fold",
        action=argparse.BooleanOptionalAction,
        help=_("A5 pages two-up on A4 sheets, in order to fold"),
    )
    add("--notes", action=argparse.BooleanOptionalAction, help=_("the team's notes"))
    add("--cases", action=argparse.BooleanOptionalAction, help=_("the linked cases"))
    add(
        "--private",
        action=argparse.BooleanOptionalAction,
        help=_("include private notes too (never by default)"),
    )
    add("--tag", action="append", help=_("only notes and cases with this tag; repeatable"))
    add("--author", action="append", help=_("only notes by this author; repeatable"))
    add(
        "--cases-territory",
        action="append",
        metavar=_("NAME"),
        help=_("only cases from this territory; repeatable"),
    )
    add(
        "--writing-space",
        nargs="?",
        const="lines",
        choices=WRITING_SPACES,
        help=_("room to write after each item: lines (default) or box"),
    )
    add(
        "--inventory",
        metavar=_("TERRITORY"),
        help=_("print this territory's inventory: its overview chart and answers"),
    )
    add("--inventory-date", metavar="YYYY-MM-DD",
        help=_("the assessment to print (default: the latest)"))  # fmt: skip
    add("--question", action="append", metavar="ID=TEXT",
        help=_("a discussion question printed after an item; repeatable"))  # fmt: skip


def _meeting_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        message = _("The date {value} is not a date written YYYY-MM-DD.")
        raise UserError(message.format(value=repr(value))) from None


def _questions(values: list[str]) -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []
    for value in values:
        target, sep, text = value.partition("=")
        if not sep or not target.strip() or not text.strip():
            message = _("A question is written ID=TEXT, such as engagement.b3=Who decides?")
            raise UserError(message)
        pairs.append((target.strip(), text.strip()))
    return tuple(pairs)


def options_from(args: argparse.Namespace, base: BookletOptions) -> BookletOptions:
    """``base`` (a preset, or the defaults) with what the command line says on top."""
    changes: dict[str, Any] = {}
    simple = ("title", "subtitle", "territory", "team", "lang", "paper", "fold", "notes",
              "cases", "private", "writing_space", "inventory")  # fmt: skip
    for name in simple:
        value = getattr(args, name, None)
        if value is not None:
            changes[name] = value
    for arg, field in (("select", "selection"), ("tag", "tags"), ("author", "authors"),
                       ("cases_territory", "case_territories")):  # fmt: skip
        values = getattr(args, arg, None)
        if values:
            changes[field] = tuple(values)
    if args.question:
        changes["questions"] = _questions(args.question)
    if args.date:
        changes["meeting_date"] = _meeting_date(args.date)
    if getattr(args, "inventory_date", None):
        changes["inventory_date"] = _meeting_date(args.inventory_date)
    return base.replace(**changes)


def _base(args: argparse.Namespace, workspace: Any) -> BookletOptions:
    if args.preset:
        return load_preset(workspace, args.preset)
    return BookletOptions(lang=current_language())


def booklet_build(args: argparse.Namespace) -> int:
    if not args.out:
        raise UserError(_("Say where to write the booklet: --out FILE.pdf"))
    from referentiel_desktop.booklet.export import export_booklet  # ReportLab: only here

    with open_workspace(args) as workspace:
        options = options_from(args, _base(args, workspace))
        result = export_booklet(workspace, options, args.out)
    pages = ngettext("{count} page", "{count} pages", result.pages).format(count=result.pages)
    if options.fold:
        sheets = result.sheets // 2
        pages += ", " + ngettext(
            "{count} sheet to print on both sides", "{count} sheets to print on both sides", sheets
        ).format(count=sheets)
    print(_("Wrote {path} ({pages}).").format(path=args.out, pages=pages))
    return 0


def preset_save(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        options = options_from(args, _base(args, workspace))
        view = save_preset(workspace, args.name, options)
    print(_("Saved the preset {name}.").format(name=view.name))
    return 0


def preset_list(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        presets = list_presets(workspace)
    if args.json:
        print_json([{"name": p.name, **p.options.to_json()} for p in presets])
        return 0
    for preset in presets:
        o = preset.options
        print(f"{preset.name}\t{o.lang}\t{o.paper}{' fold' if o.fold else ''}\t"
              f"{' '.join(o.selection)}")  # fmt: skip
    return 0
