"""Every title and body of the bundled referential, held against the seed texts word for
word: the only departures allowed are the ones the file records.

- a field listed in a node's ``translated`` was written for this project: not checked;
- a title with a ``source.title`` form: that form is the seed's, and the shown title
  differs from it only by case, accents, spaces or a final period (sentence case for
  headings the seeds print in capitals, one mended typo);
- a body with ``source.body`` fragments: each shown fragment stands for its seed form;
- seed 004 is OCR of posters: its sentences are read word by word in order, accents
  restored and noise between them dropped.

Everything else must appear in the seeds exactly, no-break spaces included, but for the
spaces French typography wants inside « » and before : ; ! ?: the file puts no-break ones
there, where the seeds have a plain space or none (``tests/core/test_typography.py``), so
both sides are compared with those spaces folded away.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from referentiel_desktop.paths import bundled_referential
from referentiel_desktop.referential.loader import NodeData, parse_file

SEEDS = Path(__file__).parents[3] / "shared" / "seeds"


def _seed(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside the repository")
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _lines_joined(text: str) -> str:
    """Line breaks and runs of ordinary spaces as one space; no-break spaces stay."""
    return re.sub(r"[ \t\n]+", " ", text)


_BEFORE_PUNCTUATION = re.compile(r"[ \u00a0\u202f]*([:;!?»])")
_AFTER_GUILLEMET = re.compile(r"«[ \u00a0\u202f]*")


def _typography_folded(text: str) -> str:
    """The spaces of French typography (around « » : ; ! ?) taken out."""
    return _AFTER_GUILLEMET.sub("«", _BEFORE_PUNCTUATION.sub(r"\1", text))


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    # OCR reads « l’ » as « I’ »: a lone i and a lone l are one word here.
    return ["l" if w == "i" else w for w in re.findall(r"[a-z0-9œ]+", folded)]


def _in_order(words: list[str], seed: list[str], gap: int = 40) -> bool:
    """``words`` appear in ``seed`` in order, with at most ``gap`` noise words between."""

    def from_(start: int) -> bool:
        at = start
        for word in words[1:]:
            window = seed[at + 1 : at + 1 + gap]
            if word not in window:
                return False
            at = at + 1 + window.index(word)
        return True

    return bool(words) and any(from_(i) for i, w in enumerate(seed) if w == words[0])


@pytest.fixture(scope="module")
def seeds() -> dict[str, Any]:
    return {
        "fr": _typography_folded(_lines_joined(_seed("001") + "\n" + _seed("002"))),
        "en": _typography_folded(_lines_joined(_seed("000") + "\n" + _seed("003"))),
        "poster": _words(_seed("004")),
    }


@pytest.fixture(scope="module")
def nodes() -> list[NodeData]:
    return parse_file(bundled_referential()).nodes


def _found(text: str, lang: str, seeds: dict[str, Any]) -> bool:
    if _typography_folded(_lines_joined(text)) in seeds[lang]:
        return True
    return lang == "fr" and _in_order(_words(text), seeds["poster"])


def _pieces(body: str) -> list[str]:
    """Paragraphs, and list items one by one (the seeds print each on its own line)."""
    out = []
    for line in body.splitlines():
        line = line.strip()
        if line:
            out.append(line.removeprefix("• "))
    return out


def _letters(text: str) -> str:
    """What a body edit may not change: the letters (an OCR'd i may stand for an l)."""
    return "".join(_words(text)).replace("i", "l")


def _same_but_case(shown: str, seed: str) -> bool:
    def key(text: str) -> str:
        return "".join(_words(text))

    return key(shown) == key(seed.rstrip("."))


def test_every_title_is_the_seeds_or_a_recorded_reading_of_it(
    nodes: list[NodeData], seeds: dict[str, Any]
) -> None:
    checked = 0
    for node in nodes:
        for lang in ("fr", "en"):
            if f"title.{lang}" in node.translated:
                continue
            seed_form = node.seed_title(lang)
            assert _found(seed_form, lang, seeds), (node.id, lang, seed_form)
            if seed_form != node.title[lang]:
                assert _same_but_case(node.title[lang], seed_form), (node.id, lang)
            checked += 1
    assert checked > 120  # titles of both tables of contents and of seed 003


def test_every_body_is_the_seeds_but_for_recorded_fragments(
    nodes: list[NodeData], seeds: dict[str, Any]
) -> None:
    checked = 0
    for node in nodes:
        for lang in ("fr", "en"):
            body = node.body[lang]
            if not body or f"body.{lang}" in node.translated:
                continue
            for edit in node.source.get("body", {}).get(lang, []):
                assert edit["shown"] in body, (node.id, edit)
                assert _letters(edit["shown"]) == _letters(edit["seed"]), (node.id, edit)
                body = body.replace(edit["shown"], edit["seed"])
            for piece in _pieces(body):
                assert _found(piece, lang, seeds), (node.id, lang, piece[:80])
                checked += 1
    assert checked > 60


def test_no_break_spaces_of_the_seeds_are_kept(nodes: list[NodeData]) -> None:
    by_id = {n.id: n for n in nodes}
    assert "ambition\u00a0: d’une part" in by_id["ambition"].body["fr"]
    assert "«\u202fVilles pairs" in by_id["ambition"].body["fr"]
    assert by_id["ch8.s11"].title["fr"] == "Et pour re-contextualiser\u202f?"
    # Where the seed glued « : » and « ? » to the word, French spacing (no-break).
    assert (
        by_id["ch8.s1"].title["fr"]
        == "Changement d’échelle, transfert\u00a0: que met-on derrière ces termes\u202f?"
    )


def test_headings_in_capitals_keep_their_seed_form(nodes: list[NodeData]) -> None:
    by_id = {n.id: n for n in nodes}
    assert by_id["ch8"].title["fr"] == "Changer d’échelle, transférer à d’autres territoires"
    assert by_id["ch8"].seed_title("fr") == "CHANGER D’ECHELLE, TRANSFERER A D’AUTRESTERRITOIRES"
    assert by_id["value"].seed_title("en").endswith("NEW ECONOMIC MODEL.")
    edited = [n.id for n in nodes if n.source.get("title")]
    assert set(edited) == {"ch1", "ch2", "ch3", "ch7", "ch8", "ch9"} | {
        "engagement", "integration", "cooperation", "value"
    }  # fmt: skip


def test_a_seed_text_not_found_fails_the_check(seeds: dict[str, Any]) -> None:
    """The check can fail: an added space, a word changed; French typography's spaces
    around « » : ; ! ? are the only spaces it lets differ."""
    assert _found("Quel dispositif pour décontextualiser?", "fr", seeds)
    assert _found("Quel dispositif pour décontextualiser\u202f?", "fr", seeds)
    assert not _found("Quel dispositif pour dé contextualiser?", "fr", seeds)
    assert not _found("Quel dispositif pour décontextualiser ? Oui", "fr", seeds)
    assert _found("L’atelier «Villes pairs et territoires pilotes", "fr", seeds)
    assert not _found("L’atelier « Villes paires et territoires pilotes", "fr", seeds)
    assert _found("Peu à peu émergent des écosystèmes territoriaux", "fr", seeds)
    assert not _found("Peu à peu disparaissent des écosystèmes territoriaux", "fr", seeds)


def test_seed_003_questions_are_written_once_and_linked(nodes: list[NodeData]) -> None:
    by_id = {n.id: n for n in nodes}
    questions = [n for n in nodes if n.kind == "question"]
    assert len(questions) == 20
    for node in nodes:
        if node.kind != "question":
            for lang in ("fr", "en"):
                for question in questions:
                    assert question.title[lang][:60] not in node.body[lang], (node.id, question.id)
    assert by_id["support.s2"].see == ["inventory"]
    assert by_id["inventory"].see == ["support.s2"]
    assert "title.en" in by_id["inventory"].translated  # the project's own words


def test_the_competences_list_stands_where_the_seed_has_it(nodes: list[NodeData]) -> None:
    order = [n.id for n in nodes if n.id.startswith("support")]
    assert order[:3] == ["support", "support.competences", "support.tailored"]
    support = nodes[[n.id for n in nodes].index("support")]
    competences = nodes[[n.id for n in nodes].index("support.competences")]
    assert support.body["en"].endswith('constitutes the "version 1.0" of the support.')
    assert competences.body["en"].startswith("• help a territory")
    assert competences.body["en"].endswith("shared by all.")
