"""The scorer that reads each segment's field lengths once gives Whoosh's BM25F scores,
to the bit, in the same order: on the referential, after notes are added (a new
segment) and after one is deleted; the title bonus read term by term gives Whoosh's
constant-score query's."""

from __future__ import annotations

import pytest
from whoosh.scoring import BM25F

from referentiel_desktop.annotations import people
from referentiel_desktop.annotations.notes import add_note, delete_note
from referentiel_desktop.search import query
from referentiel_desktop.search.expansion import bound_expansions
from referentiel_desktop.search.scoring import SegmentLengthsBM25F
from referentiel_desktop.search.service import SearchService
from referentiel_desktop.workspace import Workspace

QUERIES = ["confiance", "cooperer", "territoire", "trust", "engag*", "culture du risque",
           '"conditions de la confiance"', "coopéraient OR dépassé",
           "commun -communauté"]  # fmt: skip


def _scores(index: object, weighting: object) -> list[list[tuple[str, float]]]:
    with index.searcher(weighting=weighting) as searcher:  # type: ignore[attr-defined]
        out = []
        for text in QUERIES:
            built = query.build(query.parse(text))
            assert built is not None
            hits = searcher.search(bound_expansions(built, searcher.reader()), limit=None)
            out.append([(hit["id"], hit.score) for hit in hits])
        return out


def test_the_scores_are_whooshs_own(workspace: Workspace) -> None:
    people.set_default_author(workspace, "Test")
    service = SearchService(workspace)
    service.prepare()
    try:
        for round_ in range(3):
            index = service.index.index
            assert index is not None
            expected = _scores(index, BM25F())
            assert sum(map(len, expected)) > 50
            assert _scores(index, SegmentLengthsBM25F()) == expected
            for number in range(3):
                note = add_note(
                    workspace, "engagement.b3", f"La confiance coopérative {round_} {number}"
                )
            delete_note(workspace, note.id)
            service.index.catch_up()
    finally:
        service.close()


def test_the_title_bonus_is_whooshs_constant_score(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh.query import ConstantScoreQuery

    from referentiel_desktop.search import ranking

    people.set_default_author(workspace, "Test")
    for number in range(5):
        add_note(workspace, "engagement.b3", f"Coopérer en confiance {number}\nLe territoire")
    service = SearchService(workspace)
    service.prepare()
    try:
        index = service.index.index
        ours = _scores(index, BM25F())
        monkeypatch.setattr(ranking, "TitleBonus", ConstantScoreQuery)
        assert _scores(index, BM25F()) == ours
    finally:
        service.close()


def _hits(searcher: object, built: object, where: object, limit: int | None) -> list[object]:
    hits = searcher.search(built, filter=where, limit=limit, optimize=False)  # type: ignore[attr-defined]
    return [(hit["id"], pytest.approx(hit.score, rel=1e-12)) for hit in hits]


@pytest.mark.parametrize("limit", [3, 20, None])
def test_scoring_by_blocks_gives_whooshs_hits_scores_and_order(
    workspace: Workspace, limit: int | None
) -> None:
    """What ``bulk.py`` ranks is what Whoosh's own matchers rank, filters and exclusions
    included, across segments (each save adds one) and after a deletion: the same
    documents with the same scores in the same order, ties included."""
    from referentiel_desktop.search import bulk

    people.set_default_author(workspace, "Test")
    service = SearchService(workspace)
    service.prepare()
    try:
        for number in range(12):
            note = add_note(
                workspace,
                "engagement.b3" if number % 2 else "cooperation.m1",
                f"La confiance coopérative {number}, trust in the territory",
            )
            service.index.catch_up()
        delete_note(workspace, note.id)
        service.index.catch_up()
        index = service.index.index
        assert index is not None
        with index.searcher(weighting=SegmentLengthsBM25F()) as searcher:
            assert len(searcher.reader().leaf_readers()) > 1
            compared = 0
            # « expériences »: two terms of the same postings (``bulk._term`` reads them once)
            more = ["confiance territoire", "coop* trust", "cooperaton", "expériences"]
            for text in [*QUERIES, *more]:
                for where in (None, query.filters(source="team"), query.filters(["balise"])):
                    built = query.build(query.parse(text), fuzzy=text == "cooperaton")
                    assert built is not None
                    built = bound_expansions(built, searcher.reader())
                    if not bulk.supported(built):
                        assert text.startswith('"')  # a phrase: left to Whoosh
                        continue
                    # Whoosh's best ``limit`` are not always the first of its full
                    # ranking (its collector drops a matcher whose bound it misjudges):
                    # the full ranking is the reference.
                    expected = _hits(searcher, built, where, None)[:limit]
                    ours = _hits(searcher, bulk.BulkScored(built, limit, where), None, limit)
                    assert ours == expected, text
                    compared += len(expected)
            assert compared > (40 if limit == 3 else 150)
    finally:
        service.close()
