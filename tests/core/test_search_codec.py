"""The postings format with positions apart (``search/codec.py``) holds what Whoosh's own
holds: every term's documents, weights and positions equal to the bit, over several
blocks, after segments are merged; the workspace's index is written in it, by a full
build and by the following of writes, and its phrases still match."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec

from referentiel_desktop.annotations import people
from referentiel_desktop.annotations.notes import add_note
from referentiel_desktop.search.codec import PositionsApartCodec
from referentiel_desktop.search.schema import build_schema
from referentiel_desktop.search.service import SearchService
from referentiel_desktop.workspace import Workspace

WORDS = """coopération coopérer confiance « œuvre » territoire transition démarche the
trust cooperation learning élaborées réflexivité de la les changement d’échelle""".split()  # noqa: SIM905


def _documents(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [
        {
            "id": f"n{seed}-{number}",
            "kind": "note",
            "source": "team",
            "title_fr": " ".join(rng.choices(WORDS, k=3)) if number % 7 == 0 else "",
            "body_fr": " ".join(rng.choices(WORDS, k=rng.randint(3, 40))),
            "body_en": " ".join(rng.choices(WORDS, k=rng.randint(0, 9))),
            "title_exact": " ".join(rng.choices(WORDS, k=2)),
            "spell": " ".join(rng.choices(WORDS, k=5)),
            "tag": "Énergie,Eau",
        }
        for number in range(count)
    ]


def _index(folder: Path, codec: Any) -> Any:
    folder.mkdir()
    index = whoosh_index.create_in(str(folder), build_schema())
    for seed in (1, 2, 3):  # three segments: more than one block a frequent term
        writer = index.writer(codec=codec)
        for document in _documents(400, seed):
            writer.add_document(**document)
        writer.commit(merge=False)
    return index


def _postings(index: Any) -> dict[tuple[str, bytes], list[tuple[int, float, bytes]]]:
    found = {}
    with index.searcher() as searcher:
        reader = searcher.reader()
        for fieldname, text in reader.all_terms():
            matcher = reader.postings(fieldname, text)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            found[(fieldname, text)] = postings
    return found


def test_the_postings_are_whooshs_own_to_the_bit(tmp_path: Path) -> None:
    whooshs = _index(tmp_path / "whoosh", W3Codec())
    ours = _index(tmp_path / "ours", PositionsApartCodec())
    expected = _postings(whooshs)
    assert max(len(p) for p in expected.values()) > 3 * 128  # several blocks
    assert any(v for p in expected.values() for _d, _w, v in p)  # positions, not only ids
    assert _postings(ours) == expected
    for index in (whooshs, ours):  # merged into one segment by each codec
        writer = index.writer(codec=index._segments()[0].codec())
        writer.commit(optimize=True)
    assert len(ours._segments()) == 1
    assert _postings(ours) == _postings(whooshs) == expected


def test_the_workspace_index_is_written_in_it_and_phrases_match(workspace: Workspace) -> None:
    people.set_default_author(workspace, "Test")
    service = SearchService(workspace)
    service.prepare()
    try:
        add_note(workspace, "engagement.b3", "Une coopération vermeille des communes")
        hits = service.search('"coopération vermeille des communes"').hits
        assert [h.kind for h in hits] == ["note"]
        index = service.index.index
        assert index is not None
        segments = index._segments()
        assert len(segments) >= 2  # the full build's and the note's
        assert all(type(s.codec()) is PositionsApartCodec for s in segments)
        assert service.search("communes vermeilles coopérations").hits  # its words, apart
        assert not service.search('"communes vermeilles des coopérations"').hits
    finally:
        service.close()
