"""A note written in any tense is found by another form of its verb, typed anyhow, and
its snippet marks the form the note holds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from referentiel_desktop.annotations import people
from referentiel_desktop.annotations.notes import add_note
from referentiel_desktop.search.service import SearchService
from referentiel_desktop.workspace import Workspace


@pytest.fixture
def search(workspace: Workspace) -> Iterator[SearchService]:
    people.set_default_author(workspace, "Test")
    service = SearchService(workspace)
    service.prepare()
    yield service
    service.close()


def _found(search: SearchService, query: str, note_id: str) -> bool:
    return note_id in {h.id for h in search.search(query, "fr", limit=200).hits}


@pytest.mark.parametrize(
    ("text", "queries"),
    [
        ("Les services coopéraient déjà avant 2019.", ["cooperer", "COOPÉRER", "coopèrent"]),
        ("On a dépassé les objectifs fixés.", ["depasser", "DEPASSAIENT", "fixer"]),
        ("Les bénévoles ramassaient les questionnaires.", ["ramassé", "RAMASSER"]),
        ("Le maire suggéra une seconde réunion.", ["suggerer", "suggéré", "SUGGERERENT"]),
        ("We reorganised the steering committees.", ["reorganise", "COMMITTEE"]),
    ],
)
def test_another_form_finds_the_note(search: SearchService, text: str, queries: list[str]) -> None:
    note = add_note(search.workspace, "engagement.b3", text)
    search.index.catch_up()
    for query in queries:
        assert _found(search, query, note.id), query


def test_unrelated_words_do_not_find_the_note(search: SearchService) -> None:
    note = add_note(search.workspace, "engagement.b3", "La cour de l’école et ses parents.")
    search.index.catch_up()
    assert _found(search, "cour", note.id)
    assert not _found(search, "courir", note.id)
    assert not _found(search, "parer", note.id)


def test_the_snippet_marks_the_form_the_note_holds(search: SearchService) -> None:
    note = add_note(search.workspace, "engagement.b3", "Les services coopéraient déjà avant 2019.")
    search.index.catch_up()
    hit = next(h for h in search.search("COOPERER", "fr", limit=200).hits if h.id == note.id)
    assert "<b>coopéraient</b>" in hit.snippet
