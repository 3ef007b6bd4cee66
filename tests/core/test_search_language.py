"""Search finds what French speakers type: stop words, missing accents, capitals,
ligatures, plurals, half-typed words; and ranks as a reader expects."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from referentiel_desktop.search.service import SearchService
from referentiel_desktop.workspace import Workspace

EVERYTHING = 500  # more hits than the corpus holds: no limit


@pytest.fixture
def search(workspace: Workspace) -> Iterator[SearchService]:
    service = SearchService(workspace)
    service.prepare()
    yield service
    service.close()


@pytest.fixture
def team(workspace: Workspace) -> Workspace:
    from referentiel_desktop.annotations import people

    people.set_default_author(workspace, "Test")
    return workspace


def ids(result: Any) -> list[str]:
    return [h.id for h in result.hits]


def found(search: SearchService, text: str, **options: Any) -> set[str]:
    return set(ids(search.search(text, "fr", limit=EVERYTHING, **options)))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("conditions de la confiance", "engagement.b3"),
        ("tableaux de bord", "cooperation.d2"),
        ("cahiers des charges", "engagement.d2"),
        ("the conditions for trust", "engagement.b3"),
        ("Changer d’échelle", "ch8"),
        ("developper une culture du risque", "cooperation.b5"),
    ],
)
def test_a_grammatical_word_never_makes_a_query_fail(
    search: SearchService, query: str, expected: str
) -> None:
    assert ids(search.search(query, "fr"))[0] == expected


def test_a_phrase_keeps_its_stop_words_in_place(search: SearchService) -> None:
    assert ids(search.search('"tableaux de bord"', "fr")) == ["cooperation.d2"]
    assert ids(search.search('"conditions de la confiance"', "en")) == ["engagement.b3"]
    assert "engagement.b3" not in ids(search.search('"confiance de la conditions"', "fr"))


def test_a_short_stop_word_typed_last_is_not_a_prefix(search: SearchService) -> None:
    whole = ids(search.search("tableaux", "fr", typing=True, limit=EVERYTHING))
    for typed in ("tableaux d", "tableaux de", "tableaux d’", "Tableaux D"):
        result = ids(search.search(typed, "fr", typing=True, limit=EVERYTHING))
        assert result[0] == "cooperation.d2"
        assert set(result) == set(whole)  # « d » did not bring in every word in d…
    assert ids(search.search("conditions de l", "fr", typing=True))[0] in (
        "engagement.b3",
        "engagement.m1",
    )
    # A short last word that is not a stop word still helps, without being required.
    assert ids(search.search("culture du r", "fr", typing=True))[0] == "cooperation.b5"
    assert ids(search.search("l’eng", "fr", typing=True))[0] == "engagement"


@pytest.mark.parametrize(
    "forms",
    [
        ("réflexivité", "reflexivite", "RÉFLEXIVITÉ", "REFLEXIVITE", "réflexivités"),
        ("œuvre", "oeuvre", "OEUVRE", "Œuvres"),
        ("élus", "elus", "élu", "ELU"),
        ("coopérer", "cooperer", "COOPÉRER"),
        ("opportunités", "opportunite", "Opportunité"),
        ("systémiques", "systemique", "SYSTÉMIQUE"),
        ("évènements", "evenement", "événements"),
        ("tableaux", "tableau", "TABLEAU"),
        ("retraitées", "retraitee", "retraités", "retraite"),
    ],
)
def test_accents_case_ligatures_and_plurals_never_change_what_is_found(
    search: SearchService, forms: tuple[str, ...]
) -> None:
    reference = found(search, forms[0])
    assert reference
    for form in forms[1:]:
        assert found(search, form) == reference, form


def test_cooperer_brings_the_balise_that_begins_with_it_into_the_top_three(
    search: SearchService,
) -> None:
    for typed in ("cooperer", "coopérer", "Coopérer"):
        assert "cooperation.b1" in ids(search.search(typed, "fr"))[:3]


def test_a_title_holding_every_word_comes_before_body_matches(search: SearchService) -> None:
    result = search.search("reflexivite", "fr", limit=EVERYTHING)
    titled = {"cooperation.b2", "cooperation.d1", "ch7.s4"}
    assert set(ids(result)[:3]) == titled
    # The shorter, exact title first.
    assert ids(search.search("sauts systemiques", "fr"))[0] == "integration.b3"
    assert ids(search.search("ressources", "fr"))[0] == "value.m4"


def test_a_referential_item_comes_before_a_note_that_matches_as_well(
    search: SearchService, team: Workspace
) -> None:
    from referentiel_desktop.annotations import notes
    from referentiel_desktop.referential import repository

    with team.reading() as session:
        body = repository.get_node(session, "support.s1").body_fr
    copy = notes.add_note(team, "engagement.b3", body)
    result = ids(search.search("allié", "fr", limit=EVERYTHING))
    assert result.index("support.s1") < result.index(copy.id)
    words_only_in_the_body = ids(search.search("signature", "fr", limit=EVERYTHING))
    assert words_only_in_the_body.index("support.s1") < words_only_in_the_body.index(copy.id)


def test_team_notes_are_found_in_the_language_they_are_written_in(
    search: SearchService, team: Workspace
) -> None:
    from referentiel_desktop.annotations import notes

    note = notes.add_note(
        team,
        "cooperation.d2",
        "Les élus ont partagé leurs tableaux de bord.\n"
        "The dashboards were shared with the neighbouring towns.",
    )
    for typed in ("elu", "ELUS", "tableau de bord", "dashboard", "neighbouring town", "shares"):
        assert note.id in found(search, typed, source="team"), typed
    [hit] = search.search("dashboard", "fr", source="team").hits
    assert "<b>dashboards</b>" in hit.snippet  # marked in English, in a French window
    [hit] = search.search("élu", "en", source="team").hits
    assert "<b>élus</b>" in hit.snippet


def test_a_hyphenated_word_is_found_joined_or_not(search: SearchService) -> None:
    assert "ch8.s11" in found(search, "recontextualiser")
    assert "ch8.s11" in found(search, "re-contextualiser")
    assert "ch8.s9" in found(search, "decontextualisation")
