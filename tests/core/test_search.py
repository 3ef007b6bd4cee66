"""Real queries against the bundled referential: French, English, typos, filters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from referentiel_desktop.search.service import SearchService
from referentiel_desktop.workspace import Workspace


@pytest.fixture
def search(workspace: Workspace) -> Iterator[SearchService]:
    service = SearchService(workspace)
    service.prepare()
    yield service
    service.close()


@pytest.fixture
def team(workspace: Workspace) -> Workspace:
    """The search fixture's workspace, with an author to sign what a test writes."""
    from referentiel_desktop.annotations import people

    people.set_default_author(workspace, "Test")
    return workspace


def ids(result: Any) -> list[str]:
    return [h.id for h in result.hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("confiance", "engagement.b3"),
        ("Confiance", "engagement.b3"),
        ("energie", "support.s4"),  # énergie, without its accent
        ("entrainement", "integration.b2"),  # entraînement / entrainement
        ("oeuvre", "value.m3"),  # œuvre, ligature opened
        ("l’engagement", "engagement"),  # typographic elision
        ("l'engagement", "engagement"),  # straight elision
        ("d'echelle", "ch8"),  # d’échelle
        ("lunette", "integration.m1"),  # singular finds « lunettes »
        ("territoires", "engagement"),  # plural finds « territoire »
        ("regards", "integration.b1"),
    ],
)
def test_french_forms_meet(search: SearchService, query: str, expected: str) -> None:
    assert expected in ids(search.search(query, "fr", limit=50))


def test_stemmer_joins_cooperer_and_cooperation(search: SearchService) -> None:
    verb = set(ids(search.search("coopérer", "fr", limit=50)))
    noun = set(ids(search.search("coopération", "fr", limit=50)))
    assert {"cooperation.b3", "cooperation"} <= verb & noun


def test_english_query_finds_french_balise_shown_in_interface_language(
    search: SearchService,
) -> None:
    result = search.search("trust", "fr")
    assert ids(result)[0] == "engagement.b3"
    assert result.hits[0].title == "Créer les conditions de la confiance"
    assert result.hits[0].kind == "balise" and result.hits[0].theme == "engagement"


def test_title_match_ranks_above_body_match(search: SearchService) -> None:
    result = search.search("récit", "fr", limit=50)
    assert ids(result)[0] in ("engagement.b2", "engagement.m2", "integration.d2")
    positions = {hit_id: i for i, hit_id in enumerate(ids(result))}
    assert positions["engagement.b2"] < positions.get("ch1", 99)


def test_snippets_highlight_the_matched_words(search: SearchService) -> None:
    result = search.search("métabolisme", "fr")
    hit = next(h for h in result.hits if h.id == "inventory.q1")
    assert "<b>métabolisme</b>" in hit.snippet


def test_phrase_prefix_or_and_exclusion(search: SearchService) -> None:
    phrase = ids(search.search('"conditions de la confiance"', "fr"))
    assert phrase == ["engagement.b3"]
    assert "cooperation.b1" in ids(search.search("coopér*", "fr", limit=50))
    either = ids(search.search("récit OR voyager", "fr", limit=50))
    assert {"engagement.b2", "engagement.b6"} <= set(either)
    assert "integration.b1" in ids(search.search("regard", "fr", limit=50))
    assert "integration.b1" not in ids(search.search("regard -élargir", "fr", limit=50))
    both = ids(search.search("récit territoire", "fr", limit=50))
    assert "engagement.m2" in both and "engagement.b2" not in both  # words are ANDed


def test_while_typing_the_last_word_is_a_prefix(search: SearchService) -> None:
    assert "engagement.b3" not in ids(search.search("confi", "fr"))
    assert "engagement.b3" in ids(search.search("confi", "fr", typing=True))
    assert "engagement.b3" in ids(search.search("conditions confia", "fr", typing=True))
    assert "engagement.b3" in ids(search.search("confiance", "fr", typing=True))


def test_typos_retry_fuzzy_and_suggest(search: SearchService) -> None:
    result = search.search("confiense", "fr")
    assert result.suggestion == "confiance"
    assert "engagement.b3" in ids(result)
    assert search.search("confiance", "fr").suggestion is None


def test_stop_words_do_not_eat_content(search: SearchService) -> None:
    # « thé » folds to "the", an English stop word: French fields must still find it.
    from referentiel_desktop.search.analyzers import french_analyzer

    assert [t.text for t in french_analyzer()("le thé")] == ["the"]
    assert [t.text for t in french_analyzer()("de la l’eau")] == ["eau"]


def test_filters_by_kind_theme_and_source(search: SearchService) -> None:
    only_balises = search.search("ressource", "fr", kinds=["balise"], limit=50)
    assert only_balises.hits and all(h.kind == "balise" for h in only_balises.hits)
    several = search.search("ressource", "fr", kinds=["balise", "method"], limit=50)
    assert {h.kind for h in several.hits} == {"balise", "method"}
    value = search.search("ressources", "fr", theme="value", limit=50)
    assert value.hits and all(h.theme == "value" for h in value.hits)
    assert search.search("confiance", "fr", source="team").hits == []
    questions = search.search("territoire", "fr", kinds=["question"], limit=50)
    assert len(questions.hits) >= 5 and all(h.kind == "question" for h in questions.hits)


def test_cli_search_json(cli: Any) -> None:
    result = cli("search", "trust", "--lang", "en", "--json", "--limit", "3")
    assert result.code == 0, result.err
    data = result.json()
    assert data["query"] == "trust"
    assert data["suggestion"] is None
    first = data["hits"][0]
    assert set(first) == {"id", "kind", "title", "snippet", "score", "theme"}
    assert first["id"] == "engagement.b3" and first["title"] == "Creating the conditions for trust"
    filtered = cli("search", "ressource", "--kind", "method", "--theme", "value", "--json").json()
    assert filtered["hits"] and all(
        h["kind"] == "method" and h["theme"] == "value" for h in filtered["hits"]
    )
    typo = cli("search", "confiense", "--json").json()
    assert typo["suggestion"] == "confiance"


def test_cli_search_text_and_rebuild(cli: Any) -> None:
    text = cli("search", "Loossois", "--lang", "fr")
    assert text.code == 0 and "ch1.s2" in text.out
    rebuilt = cli("index", "rebuild")
    assert rebuilt.code == 0 and "110" in rebuilt.out


def test_a_prefix_keeps_its_most_frequent_completion_under_the_postings_budget(
    search: SearchService, team: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A short prefix is bounded to its most frequent completions (for speed), but every
    typed word keeps at least one, so a two-prefix query still finds its notes."""
    from referentiel_desktop.annotations import notes
    from referentiel_desktop.search import expansion

    for n in range(6):
        notes.add_note(team, "value.b1", f"La communauté des jardins n°{n}")
    rare = notes.add_note(team, "value.b1", "Une commune rurale").id
    assert rare in ids(search.search("comm*", "fr", source="team", limit=50))
    monkeypatch.setattr(expansion, "POSTINGS_BUDGET", 4)
    bounded = ids(search.search("comm*", "fr", source="team", limit=50))
    assert len(bounded) == 6 and rare not in bounded  # « communauté » kept, not « commune »
    both = search.search("jard* comm*", "fr", source="team", limit=50)
    assert len(both.hits) == 6


def test_snippets_speak_the_interface_language(search: SearchService) -> None:
    hits = {h.id: h for h in search.search("commitment", "fr").hits}
    assert "habitants" in hits["engagement"].snippet  # matched in English, shown in French
    assert hits["engagement"].title.startswith("L’engagement")
    english = {h.id: h for h in search.search("commitment", "en").hits}
    assert "<b>commitment</b>" in english["engagement"].snippet.lower()


def test_a_long_note_is_titled_by_its_first_line_cut_at_a_word(
    search: SearchService, team: Workspace
) -> None:
    from referentiel_desktop.annotations import notes

    first_line = (
        "Les élus disent : « on ne décrète pas la confiance, on la mérite ». "
        "À citer au prochain conseil municipal"
    )
    notes.add_note(team, "engagement.b3", f"{first_line}\nSuite de la note.")
    [hit] = search.search("décrète", "fr", source="team").hits
    assert hit.title.endswith("…") and len(hit.title) <= 91
    assert first_line.startswith(hit.title[:-1])
    assert hit.title[:-1].endswith(("prochain", "au", "citer"))  # a whole word, not « co »


def test_territory_and_tag_words_find_team_records(search: SearchService, team: Workspace) -> None:
    from referentiel_desktop.annotations import cases, notes, people

    people.add_territory(team, "Le Mené", "22")
    case = cases.add_case(team, "Chaufferie bois", "Le Mené", ["value.b2"])
    note = notes.add_note(team, "value.b2", "Visite du potager", tags=["jardinage"])
    assert ids(search.search("mene", "fr", source="team")) == [case.id]
    found = search.search("jardinage", "fr", source="team").hits
    assert [h.id for h in found] == [note.id]
    assert "jardinage" not in found[0].snippet  # snippets quote the note's own text


def test_snippets_keep_their_guillemets(search: SearchService, team: Workspace) -> None:
    from referentiel_desktop.annotations import notes

    text = (
        "Compte rendu du conseil municipal de mars. "
        "Les élus ont décrété : « on ne force pas la confiance, on la mérite vraiment bien ». "
        + "La suite du compte rendu porte sur le budget. "
        * 6
    )
    notes.add_note(team, "engagement.b3", text)
    [hit] = search.search("décrété", "fr", source="team").hits
    # Whoosh would stop at « bien », leaving the quotation open; the cut is marked « … ».
    assert "<b>décrété</b> : « on ne force pas la confiance, on la mérite vraiment bien »" in (
        hit.snippet
    )
    assert hit.snippet.startswith("…")
