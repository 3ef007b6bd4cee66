"""A build's writer (``search/build_writer.py``, ``search/workers.py``) reaches each field's
terms by shorter paths than Whoosh's, and writes each posting's field length from a table
(``search/codec.py``): the index it writes holds what Whoosh's own writer writes, term
for term, posting for posting (weights and positions to the bit), with the same field
lengths and stored fields, in one process and with two worker processes."""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from referentiel_desktop.annotations import people
from referentiel_desktop.annotations.notes import add_note
from referentiel_desktop.search import documents
from referentiel_desktop.search.build_writer import BuildWriter
from referentiel_desktop.search.codec import PositionsApartCodec
from referentiel_desktop.search.schema import build_schema
from referentiel_desktop.search.workers import build_writer
from referentiel_desktop.workspace import Workspace

# Repeated words (several positions), stop words, elisions, hyphenated words (parts and
# joined), accents and œ, guillemets, numbers, both languages, a verb in many forms.
WORDS = """coopération coopéraient coopérer COOPERONS la les de d’échelle l’œuvre « œuvre »
co-construction dé-contextualisation porte-parole 2019 the trust of learning réflexivité
dépassé dépassaient territoire transition et confiance élaborées stuffed stuff""".split()  # noqa: SIM905


def _notes(workspace: Workspace) -> None:
    people.set_default_author(workspace, "Écrivaine Œ")
    rng = random.Random(22)
    for number in range(60):
        sentences = [" ".join(rng.choices(WORDS, k=rng.randint(1, 30))) for _ in range(3)]
        tags = rng.sample(["Énergie", "Eau", "mobilité douce"], k=number % 3)
        add_note(workspace, "engagement.b3", ". ".join(sentences), tags=tags)


def _build(workspace: Workspace, folder: Path, writer_of: Any, spills: bool = False) -> Any:
    folder.mkdir()
    index = whoosh_index.create_in(str(folder), build_schema())
    writer = writer_of(index)
    with workspace.reading() as session:
        for doc in [*documents.node_documents(session), *documents.note_documents(session)]:
            writer.add_document(**doc)
    assert bool(writer.pool.runs) == spills  # sorted runs written to disk, or none
    writer.commit()
    return index


def _content(index: Any) -> dict[str, Any]:
    """Everything a search reads, by record id rather than document number (two worker
    processes number the documents in the order they happen to take them)."""
    with index.searcher() as searcher:
        reader = searcher.reader()
        ids = {n: reader.stored_fields(n)["id"] for n in range(reader.doc_count_all())}
        postings, weights = {}, {}
        for fieldname, text in reader.all_terms():
            matcher = reader.postings(fieldname, text)
            found = []
            while matcher.is_active():
                found.append((ids[matcher.id()], matcher.weight(), matcher.value()))
                matcher.next()
            info = reader.term_info(fieldname, text)  # BM25's bounds read these
            bounds = (info.doc_frequency(), info.max_weight(), info.min_length(), info.max_length())
            postings[(fieldname, text)] = (bounds, sorted(found))
            weights[(fieldname, text)] = info.weight()
        names = searcher.schema.names()
        return {
            "postings": postings,
            "term_weights": weights,
            "stored": {ids[n]: reader.stored_fields(n) for n in ids},
            "lengths": {(ids[n], f): reader.doc_field_length(n, f) for n in ids for f in names},
            "totals": {f: reader.field_length(f) for f in names},
        }


def test_a_builds_index_holds_what_whooshs_writer_writes(
    workspace: Workspace, tmp_path: Path
) -> None:
    _notes(workspace)
    whooshs = _content(
        _build(workspace, tmp_path / "whoosh", lambda i: i.writer(codec=PositionsApartCodec()))
    )
    postings = whooshs["postings"]
    assert any(len(p[1]) > 1 for (_f, t), p in postings.items() if t == b"cooper")
    body = [w for (f, _t), p in postings.items() if f == "body_fr" for _i, w, _v in p[1]]
    assert max(body) >= 3  # a word written three times in a note: three positions
    one = _build(workspace, tmp_path / "one", lambda i: build_writer(i, parallel=False))
    assert _content(one) == whooshs
    # A pool of postings that outgrows its memory sorts runs on disk and merges them.
    small = lambda i: BuildWriter(i, limitmb=1, codec=PositionsApartCodec())  # noqa: E731
    assert _content(_build(workspace, tmp_path / "runs", small, spills=True)) == whooshs
    two = _build(workspace, tmp_path / "two", lambda i: build_writer(i, parallel=True))
    parallel = _content(two)
    # A term's total weight is kept per segment as a 32-bit float: over two segments its
    # sum may differ in the last bits from the one total, as with Whoosh's own workers.
    totals, expected = parallel.pop("term_weights"), whooshs.pop("term_weights")
    assert totals.keys() == expected.keys()
    assert all(math.isclose(totals[t], expected[t], rel_tol=1e-6) for t in totals)
    assert parallel == whooshs
