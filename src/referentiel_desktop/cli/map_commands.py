"""``map --out FILE.svg|png``: the map of the referential, for a booklet, a slide, a wall."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from referentiel_desktop.annotations.counts import read_counts
from referentiel_desktop.cli.output import add_lang_option, content_language, open_workspace
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.output_paths import user_output
from referentiel_desktop.referential.map_figure import MapFigure, referential_map
from referentiel_desktop.referential.map_svg import map_svg
from referentiel_desktop.referential.snapshot import read_nodes


def register(subparsers: Any) -> None:
    command = subparsers.add_parser(
        "map", help=_("write the map of the referential (its themes and balises) as SVG or PNG")
    )
    command.add_argument("--out", required=True, type=Path, help=_("FILE.svg or FILE.png"))
    add_lang_option(command)
    command.add_argument("--palette", choices=("light", "dark"), default="light")
    command.add_argument("--width", type=int, default=1200, help=_("width in points"))
    command.add_argument(
        "--no-counts", action="store_true", help=_("leave out the team's notes and cases counts")
    )
    command.set_defaults(handler=map_command)


def build_figure(args: argparse.Namespace) -> MapFigure:
    with open_workspace(args) as workspace:
        db_path = workspace.db_path
    nodes = read_nodes(db_path) or []
    counts = (
        {} if args.no_counts else {k: (v.notes, v.cases) for k, v in read_counts(db_path).items()}
    )
    return referential_map(
        nodes, content_language(args), counts, width=float(args.width), palette=args.palette
    )


def map_command(args: argparse.Namespace) -> int:
    kind = args.out.suffix.lower()
    if kind not in (".svg", ".png"):
        raise UserError(
            _("The map is written as .svg or .png, not {name}.").format(name=args.out.name)
        )
    if not 400 <= args.width <= 10000:
        raise UserError(_("The width must be between 400 and 10000 points."))
    figure = build_figure(args)
    if kind == ".svg":
        with user_output(args.out) as temporary:
            temporary.write_text(map_svg(figure), encoding="utf-8")
    else:
        _write_png(figure, args.out)
    print(_("Map written to {path}.").format(path=args.out))
    return 0


def _write_png(figure: MapFigure, target: Path) -> None:
    """PNG needs a painter: Qt's, behind the one adapter of ``gui/`` a command may load."""
    from referentiel_desktop.gui.map_png import write_png

    with user_output(target) as temporary:
        write_png(figure, temporary)
