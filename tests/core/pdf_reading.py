"""Reading a booklet back as a PDF reader does, with qpdf: each page's fill colours,
the document's catalogue (``/Lang``), information dictionary and outline."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

_FILL = re.compile(rb"(?m)(?:^|\s)([\d.]+) ([\d.]+) ([\d.]+) rg\b")


def page_fill_colours(pdf: Path) -> list[set[str]]:
    """The ``rg`` fill colours each page's content uses, as ``#rrggbb``."""
    qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(pdf), "-"],
                         capture_output=True, check=True).stdout  # fmt: skip
    pages = re.split(rb"%% Contents for page \d+", qdf)[1:]
    colours = []
    for page in pages:
        stream = page.split(b"endstream", 1)[0]
        found = {
            "#" + "".join(f"{round(float(c) * 255):02x}" for c in match.groups())
            for match in _FILL.finditer(stream)
        }
        colours.append(found)
    return colours


def saturated(colour: str) -> bool:
    """Not a grey: the themes' colours, not ink, rules and white."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return max(channels) - min(channels) > 40


def qpdf_json(pdf: Path) -> dict[str, Any]:
    out = subprocess.run(["qpdf", "--json", str(pdf)], capture_output=True, check=True).stdout
    return dict(json.loads(out))


def catalogue_and_info(pdf: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The document's ``/Root`` (catalogue) and ``/Info`` dictionaries, values decoded."""
    data = qpdf_json(pdf)
    objects = {key.removeprefix("obj:"): value.get("value") for key, value in
               data["qpdf"][1].items()}  # fmt: skip
    trailer = objects["trailer"]
    return objects[trailer["/Root"]], objects[trailer["/Info"]]


def outline_titles(pdf: Path) -> list[tuple[int, str]]:
    """The outline (bookmarks) as (depth, title), in order."""
    found: list[tuple[int, str]] = []

    def walk(items: list[dict[str, Any]], depth: int) -> None:
        for item in items:
            found.append((depth, item["title"]))
            walk(item.get("kids", []), depth + 1)

    walk(qpdf_json(pdf)["outlines"], 0)
    return found
