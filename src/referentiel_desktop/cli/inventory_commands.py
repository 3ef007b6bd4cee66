"""``inventory``: the twenty questions answered per territory, compared over time, the
support path, and the questions' links to balises."""

from __future__ import annotations

import argparse
from typing import Any

from referentiel_desktop.cli.output import (
    add_lang_option,
    content_language,
    open_workspace,
    print_json,
)
from referentiel_desktop.i18n import _, ngettext
from referentiel_desktop.inventory import answers, links, overview, path
from referentiel_desktop.inventory.scale import POSITIONS, position_label
from referentiel_desktop.inventory.views import Answer, SupportPath

ARROWS = {"forward": "↑", "back": "↓", "changed": "≠", "same": " "}


def register(subparsers: Any) -> None:
    inventory = subparsers.add_parser(
        "inventory", help=_("the territory inventory: twenty questions, answered over time")
    )
    actions = inventory.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    show = actions.add_parser("show", help=_("every question with its position and answer"))
    _territory(show)
    show.add_argument("--date", help=_("the assessment's day, YYYY-MM-DD (default: the latest)"))
    add_lang_option(show)
    _json(show)
    show.set_defaults(handler=inventory_show)

    new = actions.add_parser("new", help=_("start an assessment"))
    _territory(new)
    new.add_argument("--date", help=_("YYYY-MM-DD (default: today)"))
    new.add_argument(
        "--copy-previous", action="store_true",
        help=_("start from the previous assessment's answers"),
    )  # fmt: skip
    new.add_argument("--author", help=_("a team member (added the first time)"))
    _json(new)
    new.set_defaults(handler=inventory_new)

    put = actions.add_parser("set", help=_("answer a question"))
    _territory(put)
    put.add_argument("--question", required=True, help=_("inventory.q1 to inventory.q20"))
    put.add_argument("--position", required=True, help=", ".join(POSITIONS))
    put.add_argument("--text", help=_("the answer"))
    put.add_argument("--evidence", help=_("evidence or sources"))
    put.add_argument("--date", help=_("the assessment's day, YYYY-MM-DD (default: today)"))
    put.add_argument("--author", help=_("a team member (added the first time)"))
    _json(put)
    put.set_defaults(handler=inventory_set)

    comparing = actions.add_parser("compare", help=_("compare two assessments"))
    _territory(comparing)
    comparing.add_argument("first", metavar="DATE1")
    comparing.add_argument("second", metavar="DATE2")
    _json(comparing)
    comparing.set_defaults(handler=inventory_compare)

    for name, handler, text in (
        ("delete", inventory_delete, _("delete an assessment (it can be restored)")),
        ("restore", inventory_restore, _("restore a deleted assessment")),
    ):
        sub = actions.add_parser(name, help=text)
        _territory(sub)
        sub.add_argument("--date", required=True, help=_("the assessment's day, YYYY-MM-DD"))
        sub.set_defaults(handler=handler)

    glance = actions.add_parser("overview", help=_("every assessment side by side"))
    _territory(glance)
    _json(glance)
    glance.set_defaults(handler=inventory_overview)

    stage = actions.add_parser("path", help=_("where the territory stands on the support path"))
    _territory(stage)
    stage.add_argument("--scenario", help=_("support.s1 to support.s6: sets it"))
    stage.add_argument("--since", help=_("YYYY-MM-DD (default: today)"))
    stage.add_argument("--author", help=_("a team member (added the first time)"))
    add_lang_option(stage)
    _json(stage)
    stage.set_defaults(handler=inventory_path)

    for name, handler, text in (
        ("link", inventory_link, _("link a question to a balise")),
        ("unlink", inventory_unlink, _("remove a question's link to a balise")),
    ):
        sub = actions.add_parser(name, help=text)
        sub.add_argument("--question", required=True)
        sub.add_argument("--balise", required=True)
        sub.set_defaults(handler=handler)
    listing = actions.add_parser("links", help=_("list the links between questions and balises"))
    listing.add_argument("--question")
    listing.add_argument("--balise")
    _json(listing)
    listing.set_defaults(handler=inventory_links)


def _territory(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--territory", required=True, help=_("the territory's name"))


def _json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=_("print JSON"))


def _print_answer(answer: Answer) -> None:
    position = answer.position or "-"
    print(f"{answer.question.id:<15} {position:<12} {position_label(answer.position)}")
    for value in (answer.text, answer.evidence):
        if value:
            print(f"    {value}")


def inventory_show(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        found = answers.get_assessment(workspace, args.territory, args.date)
        dates = answers.assessment_dates(workspace, args.territory)
        found_path = path.support_path(workspace, args.territory)
        stage = found_path.current
        blank = [Answer(q, None) for q in answers.questions(workspace)]
    if args.json:
        data: dict[str, Any] = found.to_json() if found else {
            "id": None, "territory": found_path.territory, "date": None, "author": None,
            "answers": [a.to_json() for a in blank],
        }  # fmt: skip
        data["dates"] = [d.isoformat() for d in dates]
        data["stage"] = stage.to_json() if stage else None
        print_json(data)
        return 0
    if found is None:
        print(_("{territory} has not been assessed yet.").format(territory=found_path.territory))
        for answer in blank:
            _print_answer(answer)
        return 0
    print(
        _("{territory}, assessment of {date}").format(
            territory=found.territory, date=found.date.isoformat()
        )
    )
    if stage is not None:
        language = content_language(args)
        print(
            _("Support path: {scenario} ({title}) since {date}").format(
                scenario=stage.scenario, title=stage.title(language), date=stage.since.isoformat()
            )
        )
    for answer in found.answers:
        _print_answer(answer)
    return 0


def inventory_new(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        found = answers.start_assessment(
            workspace, args.territory, args.date, copy_previous=args.copy_previous,
            author=args.author,
        )  # fmt: skip
    if args.json:
        print_json(found.to_json())
    else:
        message = _("Assessment of {date} started for {territory}.")
        print(message.format(date=found.date.isoformat(), territory=found.territory))
    return 0


def inventory_delete(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        answers.delete_assessment(workspace, args.territory, args.date)
    message = _("Assessment of {date} deleted for {territory}.")
    print(message.format(date=args.date, territory=args.territory))
    return 0


def inventory_restore(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        found = answers.restore_assessment(workspace, args.territory, args.date)
    message = _("Assessment of {date} restored for {territory}.")
    print(message.format(date=found.date.isoformat(), territory=found.territory))
    return 0


def inventory_set(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        answer = answers.set_answer(
            workspace, args.territory, args.question, args.position, text=args.text,
            evidence=args.evidence, day=args.date, author=args.author,
        )  # fmt: skip
    if args.json:
        print_json(answer.to_json())
    else:
        _print_answer(answer)
    return 0


def inventory_compare(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        result = overview.compare(workspace, args.territory, args.first, args.second)
    if args.json:
        print_json(result.to_json())
        return 0
    print(f"{result.territory}: {result.before.isoformat()} → {result.after.isoformat()}")
    for change in result.changes:
        before, after = change.before.position or "-", change.after.position or "-"
        shown = f"{before} → {after}" if change.moved else after
        text = "  " + _("(answer rewritten)") if change.text_changed else ""
        print(f"{ARROWS[change.movement]} {change.question.id:<15} {shown}{text}")
    count = len(result.moved)
    summary = ngettext("{count} question moved.", "{count} questions moved.", count)
    print(summary.format(count=count))
    return 0


def inventory_overview(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        result = overview.overview(workspace, args.territory)
    if args.json:
        print_json(result.to_json())
        return 0
    print(result.territory + "  " + "  ".join(d.isoformat() for d in result.dates))
    for row in result.rows:
        mark = "*" if row.question.id in result.moved else " "
        cells = "  ".join(f"{p or '-':<11}" for p in row.positions)
        print(f"{mark} {row.question.id:<15} {cells}")
    return 0


def _print_path(found: SupportPath, language: str) -> None:
    if found.current is None:
        print(_("{territory} has no step on the support path yet.").format(
            territory=found.territory))  # fmt: skip
        return
    for step in found.steps:
        mark = "*" if step is found.current else " "
        since = _("since {date}").format(date=step.since.isoformat())
        print(f"{mark} {step.scenario:<11} {since}  {step.title(language)}")


def inventory_path(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        if args.scenario:
            found = path.set_stage(
                workspace, args.territory, args.scenario, args.since, author=args.author
            )
        else:
            found = path.support_path(workspace, args.territory)
    if args.json:
        print_json(found.to_json())
    else:
        _print_path(found, content_language(args))
    return 0


def inventory_link(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        made = links.link(workspace, args.question, args.balise)
    print(_("{question} linked to {balise}.").format(question=made.question, balise=made.balise))
    return 0


def inventory_unlink(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        links.unlink(workspace, args.question, args.balise)
    print(_("{question} no longer linked to {balise}.").format(
        question=args.question, balise=args.balise))  # fmt: skip
    return 0


def inventory_links(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        found = links.links(workspace, question=args.question, balise=args.balise)
    if args.json:
        print_json([item.to_json() for item in found])
    for item in [] if args.json else found:
        print(f"{item.question:<15} {item.balise}")
    return 0
