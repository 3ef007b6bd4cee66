"""The relevance suite passes, and it reaches every part of the referential."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator

import pytest

from referentiel_desktop.paths import bundled_referential
from referentiel_desktop.search.analyzers import fold
from referentiel_desktop.search.service import SearchService
from referentiel_desktop.workspace import Workspace
from tests.relevance.suite import load_cases, misses, run, scores

RECALL_AT_3 = 0.97
MUST_BE_REACHED = ("balise", "method", "device", "section")


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    with Workspace.open(tmp_path_factory.mktemp("relevance")) as workspace:
        search = SearchService(workspace)
        search.prepare()
        yield search
        search.close()


def test_the_queries_people_type_find_what_they_mean(service: SearchService) -> None:
    outcomes = run(service, load_cases())
    recall, _mrr = scores(outcomes)
    assert recall >= RECALL_AT_3, "\n".join(misses(outcomes))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def test_the_suite_is_large_bilingual_and_reaches_every_item_without_copying_titles() -> None:
    cases = load_cases()
    assert len(cases) >= 120
    assert {c.lang for c in cases} == {"fr", "en"}
    nodes = tomllib.loads(bundled_referential().read_text(encoding="utf-8"))["node"]
    unreached = []
    for node in nodes:
        if node["kind"] not in MUST_BE_REACHED:
            continue
        titles = [_words(title) for title in node["title"].values()]
        reaching = [c for c in cases if node["id"] in c.expect and _words(c.query) not in titles]
        if not reaching:
            unreached.append(node["id"])
    assert unreached == []
