"""Booklets through the command line, read back with poppler's pdftotext and pdffonts."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from referentiel_desktop.annotations import cases, notes, people
from referentiel_desktop.booklet.imposition import saddle_stitch_order
from referentiel_desktop.referential.snapshot import read_nodes
from referentiel_desktop.workspace import Workspace

HOSTILE = '<b>gras</b> & <img src="file:///dev/zero"> </para> <font size=80>'


def pdf_text(pdf: Path, page: int | None = None, layout: bool = False) -> str:
    command = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        command.append("-layout")
    if page is not None:
        command += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*command, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]


def flat(text: str) -> str:
    """pdftotext's text with lines joined, for titles that wrap."""
    return re.sub(r"\s+", " ", text.replace("-\n", "-"))


def titles(workspace: Workspace, lang: str, prefix: str) -> list[tuple[str, str]]:
    nodes = read_nodes(workspace.db_path) or []
    wanted = [n for n in nodes if n.id.startswith(prefix) or n.id == prefix.rstrip(".")]
    return [(n.id, n.title(lang)) for n in wanted if n.id != prefix]


@pytest.fixture
def team(workspace: Workspace) -> Workspace:
    people.set_default_author(workspace, "Élise Durand")
    people.add_territory(workspace, "Le Mené", code="22")
    people.add_territory(workspace, "Loos-en-Gohelle", code="62")
    notes.add_note(workspace, "engagement.b3", "La confiance « se gagne » : d’abord l’œuvre "
                   "commune — 1\u202f000 habitants.", tags=["participation"])  # fmt: skip
    notes.add_note(workspace, "engagement.b3", "SECRET privé à ne jamais imprimer", private=True)
    notes.add_note(workspace, "engagement.b3", HOSTILE, tags=["piège"])
    notes.add_note(workspace, "engagement.b2", "Le récit par Paul", author="Paul Martin")
    cases.add_case(workspace, "Méthanisation collective", "Le Mené", ["engagement.b3"],
                   lessons="Coopérer d’abord.")  # fmt: skip
    cases.add_case(workspace, "Base de la transition", "Loos-en-Gohelle", ["engagement.b3"])
    return workspace


def test_a_french_a4_booklet_holds_cover_contents_and_items_in_order(
    team: Workspace, cli: Any, tmp_path: Path
) -> None:
    out = tmp_path / "conseil.pdf"
    result = cli("booklet", "--select", "engagement", "--select", "inventory.q2", "--lang", "fr",
                 "--title", "Conseil municipal du 3 décembre", "--subtitle", "Transition",
                 "--territory", "Le Mené", "--team", "Équipe Fabrique", "--date", "2026-12-03",
                 "--out", str(out))  # fmt: skip
    assert result.code == 0, result.err
    cover = flat(pdf_text(out, 1))
    for field in ("Conseil municipal du 3 décembre", "Transition", "Le Mené", "3 déc. 2026",
                  "Équipe Fabrique"):  # fmt: skip
        assert field in cover
    whole = flat(pdf_text(out))
    expected = titles(team, "fr", "engagement.") + titles(team, "fr", "inventory.q2.")
    positions = []
    for node_id, title in expected:
        title = flat(title)  # its no-break spaces as pdftotext gives them
        assert title in whole, node_id
        positions.append(whole.rindex(title))  # the last one is the item, after the contents
    assert positions == sorted(positions), "items follow the referential's order"
    assert "Page 2 sur" in whole
    assert "Référentiel Villes pairs et territoires pilotes de la transition, IE-EFC 2019, " \
        "CC BY-NC-ND" in whole  # fmt: skip
    # Every contents line's number is the page its heading is on.
    contents = pdf_text(out, 2, layout=True)
    assert "Sommaire" in contents
    checked = 0
    for line in contents.splitlines():
        match = re.match(r"\s*(Balise \d — .+?)\s*[ .]*\s(\d+)$", line)
        if match:
            heading, page = match.group(1).strip(), int(match.group(2))
            assert heading in flat(pdf_text(out, page)), (heading, page)
            checked += 1
    assert checked >= 5


def test_every_font_is_embedded_and_french_survives(team: Workspace, cli: Any,
                                                    tmp_path: Path) -> None:  # fmt: skip
    out = tmp_path / "b.pdf"
    assert (
        cli("booklet", "--select", "engagement.b3", "--lang", "both", "--out", str(out)).code == 0
    )
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert len(rows) == 3  # regular, bold, italic
    for row in rows:
        assert "DejaVuSans" in row and row.split()[-5] == "yes", row  # emb column
    text = pdf_text(out)
    assert "« se gagne »" in text and "l’œuvre" in text and "—" in text
    assert "1\u00a0000" in text or "1 000" in text  # pdftotext may write either


def test_french_spaces_never_break_a_line(workspace: Workspace, cli: Any, tmp_path: Path) -> None:
    people.set_default_author(workspace, "Élise Durand")
    quoted = " ".join(f"«\u202fmot{i}\u202f» et 1\u202f{i:03d}\u202f€" for i in range(60))
    notes.add_note(workspace, "value.b1", quoted)
    out = tmp_path / "q.pdf"
    assert cli("booklet", "--select", "value.b1", "--paper", "a5", "--out", str(out)).code == 0
    lines = [line.strip() for line in pdf_text(out).splitlines() if "mot" in line]
    assert len(lines) > 5
    for line in lines:
        assert not line.endswith("«") and not line.startswith("»"), line
        assert not re.search(r"\b1$", line) and not line.startswith("€"), line


def test_private_notes_only_on_request_and_hostile_text_prints_literally(
    team: Workspace, cli: Any, tmp_path: Path
) -> None:
    plain, private = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert cli("booklet", "--select", "engagement.b3", "--out", str(plain)).code == 0
    assert cli("booklet", "--select", "engagement.b3", "--private", "--out", str(private)).code == 0
    assert "SECRET" not in pdf_text(plain)
    assert "SECRET privé" in pdf_text(private)
    assert HOSTILE in flat(pdf_text(plain))


def test_notes_and_cases_follow_the_filters(team: Workspace, cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "f.pdf"
    args = ["booklet", "--select", "engagement.b2", "--select", "engagement.b3", "--lang", "en"]
    assert cli(*args, "--tag", "participation", "--out", str(out)).code == 0
    text = flat(pdf_text(out))
    assert "se gagne" in text and "gras" not in text and "Le récit par Paul" not in text
    assert cli(*args, "--author", "Paul Martin", "--no-cases", "--out", str(out)).code == 0
    text = flat(pdf_text(out))
    assert "Le récit par Paul" in text and "se gagne" not in text and "Méthanisation" not in text
    assert cli(*args, "--cases-territory", "Le Mené", "--no-notes", "--out", str(out)).code == 0
    text = flat(pdf_text(out))
    assert "Méthanisation collective" in text and "Coopérer d’abord" in text
    assert "Base de la transition" not in text and "se gagne" not in text


def test_english_booklet_with_questions_and_room_to_write(
    team: Workspace, cli: Any, tmp_path: Path
) -> None:
    out = tmp_path / "en.pdf"
    result = cli("booklet", "--select", "cooperation", "--lang", "en", "--date", "2026-12-03",
                 "--writing-space", "box", "--question", "cooperation.b3=Who <decides> & how?",
                 "--out", str(out))  # fmt: skip
    assert result.code == 0, result.err
    text = flat(pdf_text(out))
    assert "Dec 3, 2026" in text
    for node_id, title in titles(team, "en", "cooperation."):
        assert title in text, node_id
    assert "Coopérer" not in text  # French titles stay out of an English booklet
    assert "Questions for discussion" in text and "Who <decides> & how?" in text
    assert "Your notes" in text


def test_a_balise_is_not_split_from_its_first_note(
    workspace: Workspace, cli: Any, tmp_path: Path
) -> None:
    people.set_default_author(workspace, "Élise Durand")
    balises = [n for n in read_nodes(workspace.db_path) or [] if n.kind == "balise"]
    for index, node in enumerate(balises):
        words = " ".join(["transition"] * (20 + 13 * (index % 7)))
        notes.add_note(workspace, node.id, f"FIRST{index}X {words}")
        notes.add_note(workspace, node.id, f"second note {words}")
    out = tmp_path / "long.pdf"
    args = ["--select", "engagement", "--select", "integration", "--select", "cooperation"]
    assert cli("booklet", *args, "--paper", "a5", "--lang", "en", "--out", str(out)).code == 0
    seen = 0
    # A label that names its balise at the top of a page (« … (continued) ») is no heading.
    label = re.compile(r"\b(Team notes|Cases|Your notes) — .*?\(continued\)")
    pages = range(1, page_count(out) + 1)
    texts = [label.sub("", flat(pdf_text(out, page))) for page in pages]
    body_starts = next(i for i, text in enumerate(texts) if "FIRST" in text)
    for page, text in enumerate(texts[body_starts:], start=body_starts + 1):
        for index, node in enumerate(balises):
            if f"— {node.title_en[:25]}" in text and node.id.split(".")[0] in args[1::2]:
                assert f"FIRST{index}X" in text, (node.id, page)
                seen += 1
    assert seen >= 10


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (8, [(8, 1), (2, 7), (6, 3), (4, 5)]),
        (12, [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]),
        (13, [(None, 1), (2, None), (None, 3), (4, 13), (12, 5), (6, 11), (10, 7), (8, 9)]),
    ],
)  # fmt: skip
def test_saddle_stitch_order(count: int, expected: list[tuple[int | None, int | None]]) -> None:
    one_based = [tuple(None if p is None else p + 1 for p in side)
                 for side in saddle_stitch_order(count)]  # fmt: skip
    assert one_based == expected


def test_a_folded_booklet_is_imposed_two_up_in_saddle_stitch_order(
    team: Workspace, cli: Any, tmp_path: Path
) -> None:
    out = tmp_path / "fold.pdf"
    result = cli("booklet", "--select", "engagement", "--select", "value", "--fold",
                 "--writing-space", "--lang", "fr", "--out", str(out))  # fmt: skip
    assert result.code == 0, result.err
    sides = page_count(out)
    pages = int(re.search(r"\((\d+) pages", result.out).group(1))  # type: ignore[union-attr]
    assert sides == (pages + 3) // 4 * 4 // 2
    size = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "841.89 x 595.276 pts (A4)" in size  # landscape
    order = saddle_stitch_order(pages)
    for side, (left, right) in enumerate(order, start=1):
        found = [int(n) for n in re.findall(r"Page (\d+) sur", pdf_text(out, side, layout=True))]
        wanted = [p + 1 for p in (left, right) if p is not None and p > 0]  # the cover: no footer
        assert found == wanted, side


def test_bad_input_is_refused_and_leaves_the_old_file(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "keep.pdf"
    out.write_bytes(b"the old booklet")
    for args, message in (
        (["--select", "engagement.b99"], "engagement.b99"),
        ([], "Nothing is selected"),
        (["--select", "value", "--date", "3/12/2026"], "YYYY-MM-DD"),
        (["--select", "value", "--question", "no equals sign"], "ID=TEXT"),
    ):
        result = cli("booklet", *args, "--out", str(out))
        assert result.code == 1 and message in result.err and result.err.count("\n") == 1
        assert out.read_bytes() == b"the old booklet"
    result = cli("booklet", "--select", "value", "--out", str(tmp_path / "missing" / "b.pdf"))
    assert result.code == 1 and "does not exist" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "keep.pdf"]


def test_presets_are_saved_listed_and_reused_with_a_new_date(cli: Any, tmp_path: Path) -> None:
    saved = cli("booklet", "preset", "save", "Conseil mensuel", "--select", "engagement.b3",
                "--lang", "fr", "--title", "Conseil municipal", "--paper", "a5",
                "--date", "2026-11-05", "--writing-space")  # fmt: skip
    assert saved.code == 0, saved.err
    listed = cli("booklet", "preset", "list", "--json").json()
    assert [p["name"] for p in listed] == ["Conseil mensuel"]
    assert listed[0]["selection"] == ["engagement.b3"] and "meeting_date" not in listed[0]
    out = tmp_path / "dec.pdf"
    made = cli("booklet", "--preset", "Conseil mensuel", "--date", "2026-12-03", "--out", str(out))
    assert made.code == 0, made.err
    text = pdf_text(out)
    assert "Conseil municipal" in text and "3 déc. 2026" in text and "5 nov." not in text
    assert "Créer les conditions de la confiance" in text and "Vos notes" in text
    missing = cli("booklet", "--preset", "Nope", "--out", str(out))
    assert missing.code == 1 and "Conseil mensuel" in missing.err
    assert cli("booklet", "preset", "save", "Vide").code == 1


def test_a_heading_is_never_left_alone_at_the_foot_of_a_page(
    workspace: Workspace, cli: Any, tmp_path: Path
) -> None:
    out = tmp_path / "space.pdf"
    args = ["--select", "engagement", "--select", "integration", "--select", "value"]
    result = cli("booklet", *args, "--writing-space", "--paper", "a5", "--lang", "en",
                 "--out", str(out))  # fmt: skip
    assert result.code == 0, result.err
    texts = [flat(pdf_text(out, page)) for page in range(1, page_count(out) + 1)]
    first = next(i for i, t in enumerate(texts) if "Key words:" in t)  # after the contents
    body = texts[first:]
    items = [n for n in read_nodes(workspace.db_path) or []
             if n.parent_id in ("engagement", "integration", "value")]  # fmt: skip
    for node in items:
        start = node.title_en
        if node.kind == "balise":
            start = f"Beacon {node.number} — {start}"
        pages = [t for t in body if start + " " in t]
        assert len(pages) == 1, node.id
        assert "Your notes" in pages[0][pages[0].index(start) :], node.id
