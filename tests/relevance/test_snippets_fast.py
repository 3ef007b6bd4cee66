"""The snippet's quick look for words that may be marked never passes over one that is:
every form of the word families, as written and in capitals, is a candidate for each of
its own index terms, in either language (``snippets.candidate_words``), and the passages
are those Whoosh's fragmenter cuts from every word."""

from __future__ import annotations

import random
import re

from referentiel_desktop.search.analyzers import TERMS, fold, nfc
from referentiel_desktop.search.snippets import (
    PREFIX,
    Candidates,
    Marks,
    QuotationFragmenter,
    candidate_words,
    highlight,
    make_formatter,
    make_fragmenter,
    skeleton,
)
from tests.relevance.families import load

EXTRA = ["Łódź", "Œuvre", "cœurs", "ŒUVRES", "Ægypte", "straße", "dying", "rayons", "ÉLUS", "2019"]
EXTRA += ["Őrség", "Nguyễn", "ŷ-ŝ", "ĳssel", "Ǆemal", "co\u2011construction", "juste\u202f?"]


def test_every_word_is_a_candidate_for_its_own_terms() -> None:
    words = {form for language in ("fr", "en") for family in load(language) for form in family}
    words.update(EXTRA)
    missed = []
    patterns: dict[str, Candidates] = {}  # one per beginning: the same for its terms
    for word in sorted(words):
        for written in (word, word.upper()):
            for language in ("fr", "en"):
                for term in TERMS[language](written.lower()):
                    start = fold(term)[:PREFIX]
                    if start not in patterns:
                        patterns[start] = candidate_words({term})
                    plain = skeleton(written)  # none: every word of such a text is looked at
                    if plain and not patterns[start].accepts(plain):
                        missed.append((written, language, term))
    assert missed == []


def test_only_candidates_that_match_are_marked() -> None:
    marks = Marks([(TERMS["fr"], frozenset(TERMS["fr"]("coeur")))])
    text = "Au cœur du projet, les cœurs battent; le cours du courage."
    found = highlight(text, marks, make_fragmenter(), make_formatter())
    assert found.count("</b>") == 2 and ">cœur</b>" in found and ">cœurs</b>" in found


def _whoosh_passages(
    text: str, marks: Marks, top: int = 2, fragmenter: QuotationFragmenter | None = None
) -> str:
    """What Whoosh's own fragmenter, scorer and formatter make of every word of ``text``."""
    from whoosh.highlight import FIRST, BasicFragmentScorer, top_fragments

    class Token:
        boost = 1.0

        def __init__(self, word: str, start: int, end: int, matched: bool) -> None:
            self.text, self.startchar, self.endchar, self.matched = word, start, end, matched

        def copy(self) -> Token:
            return Token(self.text, self.startchar, self.endchar, self.matched)

    text = nfc(text)
    tokens = [
        Token(m.group(0).lower(), m.start(), m.end(), marks.matched(m.group(0).lower()))
        for m in re.finditer(r"\w+", text)
    ]
    if not any(t.matched for t in tokens):
        return ""
    fragments = (fragmenter or make_fragmenter()).fragment_tokens(text, tokens)
    best = top_fragments(fragments, top, BasicFragmentScorer(), FIRST)
    return re.sub(r'<b class="[^"]*">', "<b>", str(make_formatter().format(best)))


def test_the_passages_are_those_whoosh_cuts() -> None:
    rng = random.Random(22)
    vocabulary = [f for family in load("fr")[:300] for f in family[:6]] + EXTRA
    vocabulary += ["«", "»", "—", "(", ")", "’", ".", "!", "…", "  ", "\u202f", "l’", "İstanbul"]
    queries = ["coopérer", "dépasser", "œuvre", "rayer", "élu", "istanbul"]
    queries += [w for w in rng.sample(vocabulary, 20) if re.fullmatch(r"\w+", w)]
    texts = [
        "« La confiance se gagne », dit-elle. " * 30,
        "Au cœur du projet. " + "mot " * 9000 + " cœur à la fin, au-delà de 32 768 caractères",
        "İstanbul et les élus coopèrent; les élus coopéraient déjà.",
        # Marked words far apart: the stretches between them are never read (``_reach``).
        "Au cœur. "
        + "mot, … " * 200
        + "les élus coopèrent "
        + "« mot » " * 30
        + "élus " * 2
        + "œuvre —   " * 3
        + "mot " * 300
        + "au cœur de la fin",
    ]
    texts += [
        " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 150))) for _ in range(400)
    ]
    compared = 0
    for query in queries:
        terms = frozenset(TERMS["fr"](query.lower())) | frozenset(TERMS["en"](query.lower()))
        marks = Marks([(TERMS["fr"], terms), (TERMS["en"], terms)])
        for text in texts:
            expected = _whoosh_passages(text, marks)
            assert highlight(text, marks, make_fragmenter(), make_formatter()) == expected, (
                query,
                text[:200],
            )
            compared += bool(expected)
    assert compared > 300


def test_the_passages_are_those_whoosh_cuts_at_any_size() -> None:
    """Short passages and little context make every turn of Whoosh's fragmenter frequent:
    a countdown of context ending at exactly 0 (Whoosh then skips the next word), a
    marked word that would make the passage too long (left out), a text cut at the
    fragmenter's character limit."""
    rng = random.Random(2022)
    words = ["a", "élu", "élus", "cœur", "x" * 12, "coopérer", "« mot »", "l’œuvre", "—"]
    marks = Marks([(TERMS["fr"], frozenset(TERMS["fr"]("élu") + TERMS["fr"]("cœur")))])
    compared = 0
    for _ in range(3000):
        fragmenter = QuotationFragmenter(
            maxchars=rng.randint(1, 40), surround=rng.randint(0, 15), charlimit=None
        )
        if rng.random() < 0.3:
            fragmenter.charlimit = rng.randint(1, 120)
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 40)))
        top = rng.randint(1, 3)
        expected = _whoosh_passages(text, marks, top, fragmenter)
        assert highlight(text, marks, fragmenter, make_formatter(), top) == expected, (
            text,
            fragmenter.maxchars,
            fragmenter.surround,
            fragmenter.charlimit,
            top,
        )
        compared += bool(expected)
    assert compared > 1000
