"""The bundled referential, held against the seed texts it was built from."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from referentiel_desktop.paths import bundled_referential
from referentiel_desktop.referential.loader import parse_file

SEEDS = Path(__file__).parents[3] / "shared" / "seeds"
THEMES = {"engagement": 6, "integration": 5, "cooperation": 6, "value": 6}


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    text = re.sub(r"[–—-]", "-", text).replace("’", "'")
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"«\s*", "«", re.sub(r"\s*»", "»", text))
    text = re.sub(r"\s*([?:;!])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip(" .")


def _fold(text: str) -> str:
    """Fold accents too: the seeds write « Elargir », the capitals drop accents."""
    decomposed = unicodedata.normalize("NFD", _norm(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@pytest.fixture(scope="module")
def ref() -> Any:
    return parse_file(bundled_referential())


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return tomllib.loads(bundled_referential().read_text(encoding="utf-8"))


def _seed(name_start: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside the repository")
    (path,) = SEEDS.glob(f"{name_start}_*.txt")
    return path.read_text(encoding="utf-8")


def test_counts_and_ids(ref: Any) -> None:
    kinds = Counter(n.kind for n in ref.nodes)
    assert kinds["balise"] == 23
    assert kinds["method"] == 13
    assert kinds["device"] == 11
    assert kinds["scenario"] == 6
    assert kinds["question"] == 20
    ids = [n.id for n in ref.nodes]
    assert len(ids) == len(set(ids))
    expected = {f"{t}.b{i}" for t, n in THEMES.items() for i in range(1, n + 1)}
    assert {n.id for n in ref.nodes if n.kind == "balise"} == expected
    assert [n.id for n in ref.nodes if n.kind == "chapter"] == [
        "ch1",
        "ch2",
        "ch3",
        "ch7",
        "ch8",
        "ch9",
    ]
    assert {n.id for n in ref.nodes if n.kind == "scenario"} == {
        f"support.s{i}" for i in range(1, 7)
    }
    assert [n.id for n in ref.nodes if n.kind == "question"] == [
        f"inventory.q{i}" for i in range(1, 21)
    ]
    sections = Counter(n.parent for n in ref.nodes if n.kind == "section")
    assert sections["ch1"] == 3 and sections["ch7"] == 4 and sections["ch8"] == 13
    assert sections["ch9"] == 2
    assert [n.id for n in ref.nodes if not n.parent] == [
        "ambition", "ch1", "ch2", "ch3", "engagement", "integration", "cooperation",
        "value", "ch7", "ch8", "ch9", "support", "inventory",
    ]  # fmt: skip


def test_every_node_speaks_both_languages(ref: Any) -> None:
    for node in ref.nodes:
        assert node.title["fr"] and node.title["en"], node.id
        assert bool(node.body["fr"]) == bool(node.body["en"]), node.id
        for text in [*node.title.values(), *node.body.values()]:
            assert unicodedata.is_normalized("NFC", text)
            assert "\ufffd" not in text
            assert "I’" not in text and "I'atelier" not in text  # OCR's capital I for l’
        assert not re.search(r"\btag\b", node.title["en"], re.IGNORECASE), node.id


def test_balise_and_method_titles_are_the_seeds_own(ref: Any) -> None:
    french = _fold(_seed("001"))
    english = _fold(_seed("000"))
    for node in ref.nodes:
        if node.kind in ("balise", "method", "device") or node.parent.startswith("ch"):
            assert _fold(node.title["fr"]) in french, node.title["fr"]
            assert _fold(node.title["en"]) in english, node.title["en"]


def test_poster_keywords_stand_beside_their_balises(ref: Any) -> None:
    by_id = {n.id: n for n in ref.nodes}
    poster = _fold(_seed("004"))
    assert "CONFIANCE" in by_id["engagement.b3"].keywords["fr"]
    assert "RÉFLEXIVITÉ" in by_id["cooperation.b2"].keywords["fr"]
    assert "TEMPS" in by_id["cooperation.b6"].keywords["fr"]
    for node in ref.nodes:
        for word in node.keywords["fr"]:
            assert _fold(word) in poster, word
        if node.keywords["fr"]:
            assert "keywords.en" in node.translated, node.id


def test_seed_003_is_complete_and_its_french_marked_as_translation(ref: Any) -> None:
    english = _norm(_seed("003"))
    derived = [n for n in ref.nodes if n.id.startswith(("support", "inventory"))]
    assert len(derived) == 2 + 2 + 6 + 20  # parts, sections, scenarios, questions
    for node in derived:
        assert "title.fr" in node.translated, node.id
        if node.body["fr"]:
            assert "body.fr" in node.translated, node.id
        if node.kind in ("scenario", "question"):
            assert _norm(node.title["en"]) in english, node.title["en"]
    by_id = {n.id: n for n in ref.nodes}
    assert by_id["support.s1"].title["en"] == "Becoming an ally"
    assert "metabolism" in by_id["inventory.q1"].title["en"]
    assert "métabolisme" in by_id["inventory.q1"].title["fr"]
    assert "retired people" in by_id["inventory.q20"].title["en"]
    assert "pilot group" in by_id["support.s6"].body["en"]


def test_provenance(raw: dict[str, Any]) -> None:
    provenance = raw["provenance"]
    assert provenance["licence"] == "CC BY-NC-ND"
    assert {"Julian Perdrigeat", "Patrice Vuidel"} <= set(provenance["authors"])
    assert provenance["peer_towns"] == [
        "Loos-en-Gohelle",
        "Le Mené (22)",
        "Malaunay (76)",
        "Grande-Synthe (59)",
    ]
    assert len(provenance["actors"]["fr"]) == len(provenance["actors"]["en"]) == 3
    for name in ("ADEME", "CGET", "ATEMIS", "IE-EFC"):
        assert name in provenance["supporters"]["fr"]
    assert raw["edition"]["id"] and raw["edition"]["version"] >= 1
    assert "licence_url" not in provenance  # no seed gives the licence a version
    assert "motto" not in provenance  # the motto heads the Fabrique's pages, not the referential
    assert "œuvre" in provenance["support_motto"]["fr"]
    for path in provenance["translated"]:
        section, field, lang = path.split(".")
        assert section == "provenance" and lang in provenance[field]


def test_translated_marks_name_real_fields(ref: Any) -> None:
    for node in ref.nodes:
        for mark in node.translated:
            field, lang = mark.split(".")
            assert field in ("title", "body", "keywords") and lang in ("fr", "en"), mark
            assert getattr(node, field)[lang], (node.id, mark)
