"""The map of the referential on a booklet's cover, through the command line."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from referentiel_desktop.referential.snapshot import read_nodes
from referentiel_desktop.workspace import Workspace
from tests.core.test_booklet import flat, page_count, pdf_text


def _theme_titles(workspace: Workspace, lang: str) -> list[str]:
    return [n.title(lang) for n in read_nodes(workspace.db_path) or [] if n.kind == "theme"]


def _cover_fits_the_page(pdf: Path) -> None:
    # The map is scaled to the cover: it never pushes the details onto a page of their own.
    cover = flat(pdf_text(pdf, 1))
    assert "Conseil" in cover and "Sommaire" not in cover and "Contents" not in cover


@pytest.mark.parametrize("paper", ["a4", "letter", "a5"])
def test_the_cover_shows_the_map_with_every_theme(
    cli: Any, workspace: Workspace, tmp_path: Path, paper: str
) -> None:
    out = tmp_path / f"{paper}.pdf"
    result = cli("booklet", "--select", "engagement.b3", "--lang", "fr", "--paper", paper,
                 "--title", "Conseil", "--out", str(out))  # fmt: skip
    assert result.code == 0, result.err
    cover = flat(pdf_text(out, 1))
    for title in _theme_titles(workspace, "fr"):
        assert title[:25] in cover, title
    _cover_fits_the_page(out)
    assert "Sommaire" in pdf_text(out, 2)


def test_the_map_speaks_the_booklet_s_language_and_folds(
    cli: Any, workspace: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "fold.pdf"
    result = cli("booklet", "--select", "engagement", "--lang", "en", "--fold", "--title",
                 "Council", "--out", str(out))  # fmt: skip
    assert result.code == 0, result.err
    assert page_count(out) % 2 == 0
    whole = flat(pdf_text(out))
    for title in _theme_titles(workspace, "en"):
        assert title[:25] in whole, title
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True)
    assert all(line.split()[-5] == "yes" for line in fonts.stdout.splitlines()[2:])


def test_no_map_without_a_balise(cli: Any, workspace: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "chapter.pdf"
    result = cli("booklet", "--select", "inventory.q2", "--lang", "fr", "--out", str(out))
    assert result.code == 0, result.err
    cover = flat(pdf_text(out, 1))
    assert not any(title[:25] in cover for title in _theme_titles(workspace, "fr"))
