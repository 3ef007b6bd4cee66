"""A booklet that reads well: titles that never break inside a date or a name, French
prepositions contracted with the territory's name, blocks that name their balise when
they open a page, balise entries with their key words and linked questions, dates
written one way, and the PDF's own metadata (outline, language, title, author, subject,
key words, the real creation date), all read back from the PDF."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from referentiel_desktop.annotations import cases, notes, people
from referentiel_desktop.inventory import links
from referentiel_desktop.place_names import of_place
from referentiel_desktop.workspace import Workspace
from tests.core.pdf_reading import catalogue_and_info, outline_titles
from tests.core.test_booklet import flat, pdf_text

TITLE = "Conseil municipal du 3 décembre"


def _booklet(cli: Any, out: Path, *args: str) -> Path:
    result = cli("booklet", *args, "--out", str(out))
    assert result.code == 0, result.err
    return out


@pytest.mark.parametrize("paper", ["a4", "a5"])
def test_the_cover_title_never_breaks_inside_a_date_or_a_name(
    cli: Any, tmp_path: Path, paper: str
) -> None:
    out = _booklet(cli, tmp_path / "c.pdf", "--select", "engagement.b3", "--lang", "fr",
                   "--title", TITLE, "--territory", "Saint-Pierre de la Réunion",
                   "--date", "2026-12-03", "--paper", paper)  # fmt: skip
    lines = [line.strip() for line in pdf_text(out, 1).splitlines() if line.strip()]
    lines = lines[: lines.index("3 déc. 2026") + 1]  # the title, the territory, the date
    for line in lines:
        assert not re.search(r"\b\d{1,2}$", line), line  # a day cut from its month
    assert "Saint-Pierre de la Réunion" in [re.sub(r"\s", " ", line) for line in lines]


def test_french_prepositions_are_contracted_with_territory_names() -> None:
    assert of_place("Le Mené", "fr") == "du Mené"
    assert of_place("Les Mureaux", "fr") == "des Mureaux"
    assert of_place("La Rochelle", "fr") == "de La Rochelle"
    assert of_place("L’Île-d’Yeu", "fr") == "de l’Île-d’Yeu"
    assert of_place("Angers", "fr") == "d’Angers"
    assert of_place("Loos-en-Gohelle", "fr") == "de Loos-en-Gohelle"
    assert of_place("Le Mené", "en") == "of Le Mené"


@pytest.mark.parametrize(
    ("place", "heading"),
    [
        ("Le Mené", "Inventaire du Mené"),
        ("Les Mureaux", "Inventaire des Mureaux"),
        ("La Rochelle", "Inventaire de La Rochelle"),
    ],  # fmt: skip
)
def test_the_inventory_heading_contracts_the_preposition(
    cli: Any, tmp_path: Path, place: str, heading: str
) -> None:
    assert cli("territory", "add", place).code == 0
    assert cli("inventory", "set", "--territory", place, "--question", "inventory.q7",
               "--position", "emerging", "--date", "2026-03-20").code == 0  # fmt: skip
    out = _booklet(cli, tmp_path / "i.pdf", "--select", "inventory.q7", "--lang", "fr",
                   "--inventory", place)  # fmt: skip
    whole = flat(pdf_text(out))
    assert f"{heading} — 20 mars 2026" in whole
    assert "de Le" not in whole and "de Les" not in whole
    english = _booklet(cli, tmp_path / "e.pdf", "--select", "inventory.q7", "--lang", "en",
                       "--inventory", place)  # fmt: skip
    assert f"Inventory of {place} — Mar 20, 2026" in flat(pdf_text(english))


BARE_LABELS = {"Cas", "Vos notes", "Notes de l’équipe", "Questions pour la discussion",
               "Réponses du territoire"}  # fmt: skip


def test_a_block_that_opens_a_page_names_its_balise(workspace: Workspace, cli: Any,
                                                    tmp_path: Path) -> None:  # fmt: skip
    people.set_default_author(workspace, "Élise Durand")
    people.add_territory(workspace, "Le Mené", code="22")
    balises = [f"engagement.b{n}" for n in range(1, 7)]
    for index, balise in enumerate(balises):
        # Notes of different lengths put the blocks after them at every height of a page.
        for count in range(index + 2):
            notes.add_note(workspace, balise, "Une note de l’équipe. " * (12 + 9 * count))
        cases.add_case(workspace, f"Cas {index}", "Le Mené", [balise], text="Récit. " * 40)
    out = _booklet(cli, tmp_path / "long.pdf", "--select", "engagement", "--lang", "fr",
                   "--writing-space", "--paper", "a5")  # fmt: skip
    continued = 0
    pages = pdf_text(out).split("\f")
    for page in pages[2:]:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if len(lines) < 2:
            continue
        first = lines[1]  # after the running header
        assert first not in BARE_LABELS, page[:200]
        if "(suite)" in first:
            assert "Balise" in first, first
            continued += 1
    assert continued >= 2


def test_a_balise_entry_carries_its_key_words_and_linked_questions(
    workspace: Workspace, cli: Any, tmp_path: Path
) -> None:
    people.set_default_author(workspace, "Élise Durand")
    links.link(workspace, "inventory.q7", "engagement.b3")
    out = _booklet(cli, tmp_path / "b.pdf", "--select", "engagement.b3", "--lang", "fr")
    whole = flat(pdf_text(out))
    entry = whole[whole.rindex("Balise 3 — Créer les conditions de la confiance") :]
    assert "Mots-clés : CONFIANCE" in entry
    assert "Questions de l’inventaire : Q7." in entry


def test_dates_are_babel_s_medium_date_in_both_languages(
    workspace: Workspace, cli: Any, tmp_path: Path
) -> None:
    people.set_default_author(workspace, "Élise Durand")
    note = notes.add_note(workspace, "engagement.b3", "Une note")
    written = {"fr": note.created_at.astimezone().date(), "en": note.created_at.astimezone().date()}
    from babel.dates import format_date

    for lang, cover in (("fr", "3 déc. 2026"), ("en", "Dec 3, 2026")):
        out = _booklet(cli, tmp_path / f"{lang}.pdf", "--select", "engagement.b3",
                       "--lang", lang, "--date", "2026-12-03")  # fmt: skip
        assert cover in flat(pdf_text(out, 1))
        day = format_date(written[lang], "medium", locale=lang)
        assert f"Élise Durand · {day}" in flat(pdf_text(out))


def _pdf_date(value: str) -> datetime:
    match = re.match(r"u?:?D:(\d{14})([+-]\d{2})'(\d{2})'", value)
    assert match, value
    stamp, hours, minutes = match.groups()
    sign = -1 if hours.startswith("-") else 1
    offset = sign * (abs(int(hours)) * 60 + int(minutes))
    moment = datetime.strptime(stamp, "%Y%m%d%H%M%S")
    return moment.replace(tzinfo=UTC) - __import__("datetime").timedelta(minutes=offset)


def _text(value: str) -> str:
    return value.removeprefix("u:")


def test_the_pdf_carries_outline_language_and_the_booklet_s_metadata(
    workspace: Workspace, cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    people.set_default_author(workspace, "Élise Durand")
    people.add_territory(workspace, "Le Mené")
    assert cli("inventory", "set", "--territory", "Le Mené", "--question", "inventory.q7",
               "--position", "emerging", "--date", "2026-03-20").code == 0  # fmt: skip
    out = _booklet(cli, tmp_path / "m.pdf", "--select", "engagement", "--lang", "fr",
                   "--title", TITLE, "--subtitle", "Transition", "--territory", "Le Mené",
                   "--team", "Équipe Fabrique", "--inventory", "Le Mené")  # fmt: skip
    catalogue, info = catalogue_and_info(out)
    assert _text(catalogue["/Lang"]) == "fr"
    assert _text(info["/Title"]) == TITLE
    assert _text(info["/Author"]) == "Équipe Fabrique"
    assert _text(info["/Subject"]) == "Transition"
    keywords = _text(info["/Keywords"])
    assert "confiance" in keywords.lower() and "Le Mené" in keywords
    assert keywords.lower().count("confiance") == 1
    made = _pdf_date(info["/CreationDate"])
    assert abs((datetime.now(UTC) - made).total_seconds()) < 600
    outline = outline_titles(out)
    assert outline[0] == (0, "4. L’engagement des acteurs du territoire comme ressource")
    assert (1, "Balise 3 — Créer les conditions de la confiance") in outline
    assert outline[-1][0] == 0 and outline[-1][1].startswith("Inventaire du Mené")
    # Without a team, the default author; without a title, what the booklet is about.
    plain = _booklet(cli, tmp_path / "p.pdf", "--select", "cooperation.b1", "--lang", "en")
    catalogue, info = catalogue_and_info(plain)
    assert _text(catalogue["/Lang"]) == "en"
    assert _text(info["/Author"]) == "Élise Durand"
    assert _text(info["/Title"]) == "Booklet — Beacon 1 — Cooperating does not mean being aligned"


def test_source_date_epoch_makes_the_pdf_reproducible(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764720000")  # 3 Dec 2025, 00:00 UTC
    first = _booklet(cli, tmp_path / "1.pdf", "--select", "engagement.b3", "--lang", "fr")
    second = _booklet(cli, tmp_path / "2.pdf", "--select", "engagement.b3", "--lang", "fr")
    assert first.read_bytes() == second.read_bytes()
    _catalogue, info = catalogue_and_info(first)
    assert _pdf_date(info["/CreationDate"]) == datetime(2025, 12, 3, tzinfo=UTC)


@pytest.mark.parametrize("epoch", ["abc", "-5", "1e9", "99999999999999999"])
def test_an_unreadable_source_date_epoch_is_refused_with_one_line(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    out = tmp_path / "x.pdf"
    result = cli("booklet", "--select", "engagement.b3", "--out", str(out))
    assert result.code == 1 and "SOURCE_DATE_EPOCH" in result.err, result.err
    assert len(result.err.strip().splitlines()) == 1 and not out.exists()


def test_a_long_team_name_still_fits_the_cover_of_an_a5(cli: Any, tmp_path: Path) -> None:
    team = "Fabrique des transitions — équipe Bretagne, Pays de la Loire et Normandie"
    out = _booklet(cli, tmp_path / "t.pdf", "--select", "engagement.b3", "--lang", "fr",
                   "--team", team, "--paper", "a5")  # fmt: skip
    cover = [re.sub(r"\s+", " ", line.strip()) for line in pdf_text(out, 1).splitlines()]
    assert team not in cover  # wrapped on two lines, not run off the page
    assert team in flat(pdf_text(out, 1))
