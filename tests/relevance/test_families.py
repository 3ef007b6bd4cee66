"""Word families meet, and frequent unrelated words do not (``families/``).

Each family is one Hunspell entry's forms (Dicollecte's French dictionary, SCOWL's
English one; ``families/SOURCE.md``): every form is written in a note, every other form
typed without accents and in capitals, and the note's index terms and the query's must
share one, as the index and the query build them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from referentiel_desktop.search.analyzers import TERMS
from tests.relevance.families import load, misses, typed

FLOOR = {"fr": 0.98, "en": 0.98}
"""Issue 22's goal; measured 0.982 and 0.982: a change that loses families fails here."""
PRECISION = Path(__file__).with_name("families") / "precision.txt"


def _terms(language: str) -> object:
    term = TERMS[language]
    return lambda word: set(term(word.lower()))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_forms_of_a_family_meet(language: str) -> None:
    families = load(language)
    assert len(families) >= 3000
    terms = _terms(language)
    apart = [f[0] for f in families if misses(f, terms, terms)]  # type: ignore[arg-type]
    met = 1 - len(apart) / len(families)
    assert met >= FLOOR[language], f"{met:.3f} of families meet; apart: {apart[:40]}"


def test_the_issues_verbs_meet() -> None:
    terms = _terms("fr")
    for written, searched in [
        ("coopéraient", "cooperer"),
        ("dépassé", "depasser"),
        ("ramassé", "ramassait"),
        ("suggéré", "suggera"),
        ("débarrasser", "debarrasse"),
        ("dépassé", "depassaient"),
        ("suggérèrent", "SUGGERER"),
        ("fixés", "FIXER"),
        ("aident", "aider"),  # -ent after three letters: a verb's, unless a noun's
        ("reproduiront", "REPRODUIRE"),
        ("provient", "provenir"),
        ("obtiendra", "obtenu"),
        ("authentiquée", "authentiquer"),
        ("délissant", "delisser"),
        ("désirez", "desirer"),
        ("ambrant", "AMBRE"),
        ("déblaient", "deblayer"),
    ]:
        assert terms(written) & terms(typed(searched).lower()), (written, searched)  # type: ignore[operator]


def _pairs() -> list[tuple[str, str, bool]]:
    out = []
    for line in PRECISION.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            first, second, *flag = line.split()
            out.append((first, second, bool(flag)))
    return out


def test_frequent_unrelated_words_do_not_meet() -> None:
    terms = _terms("fr")
    meeting = [
        (a, b)
        for a, b, folded in _pairs()
        if not folded and (terms(a) & terms(typed(b).lower()) or terms(b) & terms(typed(a).lower()))  # type: ignore[operator]
    ]
    assert len(_pairs()) >= 30
    assert meeting == []
