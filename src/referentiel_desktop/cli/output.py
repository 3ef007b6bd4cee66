"""Small helpers shared by the command modules."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from referentiel_desktop.cli import collector
from referentiel_desktop.workspace import Workspace


def open_workspace(args: argparse.Namespace) -> Workspace:
    """Open the workspace; what the user must know about it (a recovery) goes to stderr."""
    workspace = Workspace.open(getattr(args, "data_dir", None))
    collector.started()
    for notice in workspace.notices:
        print(f"referentiel-desktop: {notice}", file=sys.stderr)
    return workspace


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def add_lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=("fr", "en"),
        help="content language (default: the interface language)",
    )


def content_language(args: argparse.Namespace) -> str:
    from referentiel_desktop.i18n import current_language

    return str(args.lang or current_language())
