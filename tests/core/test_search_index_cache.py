"""The index is a cache: rebuilt when missing, stale or damaged; kept in step with writes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from referentiel_desktop.changes import Change
from referentiel_desktop.search.index import SearchIndex
from referentiel_desktop.search.location import IndexHome
from referentiel_desktop.search.service import SearchService
from referentiel_desktop.store.models import Author, Note, utcnow
from referentiel_desktop.workspace import Workspace


def _add_note(workspace: Workspace, text: str, target: str = "engagement.b3") -> str:
    with workspace.transaction() as session:
        author = session.query(Author).filter_by(name="Test").one_or_none()
        if author is None:
            author = Author(name="Test", initials="T")
            session.add(author)
            session.flush()
        note = Note(target_id=target, text=text, author_id=author.id)
        session.add(note)
        session.flush()
        note_id = note.id
    workspace.changes.publish(Change("note", frozenset({note_id})))
    return note_id


def _current_build(workspace: Workspace) -> Path:
    build = IndexHome(workspace.index_dir).current()
    assert build is not None
    return build


def _search_ids(workspace: Workspace, text: str) -> list[str]:
    service = SearchService(workspace)
    service.prepare()
    try:
        return [h.id for h in service.search(text, "fr").hits]
    finally:
        service.close()


def test_rebuilt_after_the_folder_is_deleted(workspace: Workspace) -> None:
    assert "engagement.b3" in _search_ids(workspace, "confiance")
    shutil.rmtree(workspace.index_dir)
    assert "engagement.b3" in _search_ids(workspace, "confiance")


def test_rebuilt_after_corruption(workspace: Workspace) -> None:
    assert "engagement.b3" in _search_ids(workspace, "confiance")
    for path in _current_build(workspace).iterdir():
        if path.suffix in (".seg", ".toc", ".pst", ".trm") or path.name.startswith("_MAIN"):
            path.write_bytes(b"\x80garbage" * 10)
    assert "engagement.b3" in _search_ids(workspace, "confiance")


def test_a_count_that_disagrees_triggers_a_rebuild(workspace: Workspace) -> None:
    from whoosh import index as whoosh_index

    assert "engagement.b3" in _search_ids(workspace, "confiance")
    with whoosh_index.open_dir(str(_current_build(workspace))).writer() as writer:
        writer.delete_by_term("id", "engagement.b3")  # lost behind the log's back
    assert "engagement.b3" in _search_ids(workspace, "confiance")


def test_a_quiet_write_with_an_old_timestamp_is_found(workspace: Workspace) -> None:
    _search_ids(workspace, "confiance")
    # Written while nobody listened, dated long ago: the change log has it all the same.
    with workspace.transaction() as session:
        author = Author(name="Quiet", initials="Q")
        session.add(author)
        session.flush()
        session.add(
            Note(
                target_id="value.b1", text="Zébulon œcuménique", author_id=author.id,
                created_at=utcnow().replace(year=2000), updated_at=utcnow().replace(year=2000),
            )
        )  # fmt: skip
    _add_note(workspace, "marqueur récent")
    assert len(_search_ids(workspace, "zébulon")) == 1


def test_saved_notes_are_found_live_and_deletions_leave(workspace: Workspace) -> None:
    service = SearchService(workspace)
    service.prepare()
    try:
        note_id = _add_note(workspace, "Les jardins partagés de Malaunay « rassemblent »")
        hits = service.search("jardin", "fr", source="team").hits
        assert [h.id for h in hits] == [note_id]
        assert hits[0].kind == "note" and hits[0].target == ["engagement.b3"]
        assert hits[0].theme == "engagement"
        with workspace.transaction() as session:
            note = session.get(Note, note_id)
            assert note is not None
            note.deleted_at = note.updated_at = utcnow()
        workspace.changes.publish(Change("note", frozenset({note_id})))
        assert service.search("jardin", "fr", source="team").hits == []
    finally:
        service.close()


def test_writes_from_another_process_are_caught_up(workspace: Workspace, cli) -> None:  # type: ignore[no-untyped-def]
    service = SearchService(workspace)
    service.prepare()
    try:
        assert service.search("xylophone", "fr").hits == []
        other = Workspace.open(workspace.data_dir)  # like a CLI process: nobody listens
        with other.transaction() as session:
            author = Author(name="Autre", initials="A")
            session.add(author)
            session.flush()
            session.add(
                Note(target_id="value.b2", text="Un xylophone solidaire", author_id=author.id)
            )
        other.close()
        assert len(service.search("xylophone", "fr").hits) == 1
    finally:
        service.close()


def test_many_saves_keep_few_segments_and_lose_nothing(workspace: Workspace) -> None:
    """Each save commits a segment; small ones are merged so searches stay fast."""
    from referentiel_desktop.annotations import notes, people

    people.set_default_author(workspace, "Test")
    service = SearchService(workspace)
    service.prepare()
    index = service.index.index
    assert index is not None
    with index.reader() as reader:
        [(built, _offset)] = reader.leaf_readers()  # the rebuild wrote one segment
        rebuilt_docs = built.doc_count_all()
    try:
        saved = [
            notes.add_note(workspace, "value.b1", f"Chaufferie numéro {n} « bois »").id
            for n in range(60)
        ]
        for note_id in saved[::3]:
            notes.delete_note(workspace, note_id)
        index = service.index.index
        assert index is not None
        with index.reader() as reader:
            sizes = [leaf.doc_count_all() for leaf, _offset in reader.leaf_readers()]
        assert len(sizes) <= 10  # one per save would be 60 and more
        assert rebuilt_docs in sizes  # the large segment is left alone: merging it is slow
        found = service.search("chaufferie", "fr", source="team", limit=100).hits
        assert sorted(h.id for h in found) == sorted(set(saved) - set(saved[::3]))
    finally:
        service.close()


def test_a_rebuild_falls_back_to_one_process_when_workers_fail(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import whoosh.multiproc

    from referentiel_desktop.search import index as search_index

    def no_workers(*_args: object, **_kwargs: object) -> None:
        raise OSError("this Python cannot start the worker processes")

    monkeypatch.setattr(search_index, "PARALLEL_THRESHOLD", 0)
    monkeypatch.setattr(whoosh.multiproc.MpWriter, "__init__", no_workers)
    service = SearchService(workspace)
    try:
        assert service.index.rebuild() > 100
        service.prepare()
        assert "engagement.b3" in [h.id for h in service.search("confiance", "fr").hits]
    finally:
        service.close()


@pytest.fixture
def held_index(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A Whoosh writer holding the index, as another window would; writers here wait
    for it only briefly. The test releases it with ``cancel()``."""
    from whoosh import index as whoosh_index

    from referentiel_desktop.search import index as search_index

    monkeypatch.setattr(search_index, "WRITER_WAIT_S", 0.1)
    built = SearchIndex(workspace)
    built.ensure()  # the index exists before anyone holds it
    built.close()
    held = whoosh_index.open_dir(str(_current_build(workspace))).writer()
    yield held
    if not held.is_closed:
        held.cancel()


def test_an_index_held_by_another_process_delays_catching_up_but_not_searching(
    workspace: Workspace, held_index: Any
) -> None:
    from referentiel_desktop.annotations import notes, people

    service = SearchService(workspace)
    service.prepare()
    try:
        other = Workspace.open(workspace.data_dir)  # like the command line: nobody listens
        people.set_default_author(other, "Autre")
        note = notes.add_note(other, "value.b2", "Un xylophone solidaire")
        other.close()
        assert service.search("xylophone", "fr").hits == []  # no error while it is held
        assert [h.id for h in service.search("confiance", "fr").hits][:1] == ["engagement.b3"]
        held_index.cancel()
        assert [h.id for h in service.search("xylophone", "fr").hits] == [note.id]
    finally:
        service.close()


def test_the_background_indexer_survives_an_index_held_elsewhere(
    workspace: Workspace, held_index: Any
) -> None:
    from referentiel_desktop.annotations import notes, people

    people.set_default_author(workspace, "Test")
    service = SearchService(workspace)
    service.prepare(background=True)  # as the window does
    try:
        note = notes.add_note(workspace, "value.b2", "Une ressourcerie « solidaire »")
        service.index.wait_idle()
        assert service.index.index is not None  # not taken for damaged
        held_index.cancel()
        assert [h.id for h in service.search("ressourcerie", "fr").hits] == [note.id]
    finally:
        service.close()
