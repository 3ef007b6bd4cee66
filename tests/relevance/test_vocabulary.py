"""Every word of the referential finds every item holding it: as written, without its
accents, in capitals, in both languages, with no limit on the number of hits."""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Iterator

import pytest

from referentiel_desktop.paths import bundled_referential
from referentiel_desktop.search.analyzers import fold, is_stop_word
from referentiel_desktop.search.service import SearchService
from referentiel_desktop.workspace import Workspace

_WORD = re.compile(r"\w{3,}")


def vocabulary() -> dict[str, set[str]]:
    """Each word of three letters or more (as written, lower-cased) → the items holding it."""
    holders: dict[str, set[str]] = defaultdict(set)
    for node in tomllib.loads(bundled_referential().read_text(encoding="utf-8"))["node"]:
        for language in ("fr", "en"):
            parts = [node["title"].get(language, ""), node.get("body", {}).get(language, "")]
            parts.extend(node.get("keywords", {}).get(language, []))
            for word in _WORD.findall(" ".join(parts)):
                if not is_stop_word(word):
                    holders[word.lower()].add(node["id"])
    return holders


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    with Workspace.open(tmp_path_factory.mktemp("vocabulary")) as workspace:
        search = SearchService(workspace)
        search.prepare()
        yield search
        search.close()


def test_every_word_as_written_unaccented_and_in_capitals_finds_every_holder(
    service: SearchService,
) -> None:
    holders = vocabulary()
    everything = 1 + len({i for ids in holders.values() for i in ids})  # no limit
    assert len(holders) > 1500
    missed = []
    for word, expected in sorted(holders.items()):
        for form in dict.fromkeys((word, fold(word), word.upper())):
            found = {h.id for h in service.search(form, "fr", limit=everything).hits}
            if not expected <= found:
                missed.append(f"{form}: {sorted(expected - found)}")
    assert missed == []
