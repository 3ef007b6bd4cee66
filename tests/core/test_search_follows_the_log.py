"""The index follows the change log: each race of a watermark that lost writes, replayed.

Every test ends by looking for the new text and the old one, in this process and at the
next start (a fresh SearchService, as when the window opens again)."""

from __future__ import annotations

from referentiel_desktop.annotations import cases, notes, people, tags
from referentiel_desktop.search.service import SearchService
from referentiel_desktop.workspace import Workspace


def _found(service: SearchService, text: str) -> list[str]:
    return sorted(h.id for h in service.search(text, "fr", source="team", limit=50).hits)


def _indexed_text(service: SearchService, record_id: str) -> str | None:
    """What the index holds for a record, read from the index itself: no catching up."""
    index = service.index.index
    assert index is not None
    with index.searcher() as searcher:
        stored = searcher.document(id=record_id)
    return None if stored is None else str(stored.get("body_fr", ""))


def _at_next_start(workspace: Workspace, *queries: str) -> list[list[str]]:
    service = SearchService(workspace)
    service.prepare()
    try:
        return [_found(service, q) for q in queries]
    finally:
        service.close()


def test_a_note_written_elsewhere_just_before_a_save_here_is_indexed(
    workspace: Workspace,
) -> None:
    people.set_default_author(workspace, "Élise")
    service = SearchService(workspace)
    service.prepare()  # this window follows its own saves
    try:
        with Workspace.open(workspace.data_dir) as other:  # the command line, a moment before
            theirs = notes.add_note(other, "value.b2", "Un xylophone « solidaire »", author="Zoé")
        mine = notes.add_note(workspace, "value.b1", "Une chaufferie au bois")
        assert "xylophone" in (_indexed_text(service, theirs.id) or "")
        assert "chaufferie" in (_indexed_text(service, mine.id) or "")
        assert _found(service, "xylophone") == [theirs.id]
    finally:
        service.close()
    assert _at_next_start(workspace, "xylophone", "chaufferie") == [[theirs.id], [mine.id]]


def test_an_edit_made_elsewhere_before_a_save_here_replaces_the_old_text(
    workspace: Workspace,
) -> None:
    """The old bug: the save moved the watermark past the other edit; the next start
    found the counts equal and kept the old text findable."""
    people.set_default_author(workspace, "Élise")
    note = notes.add_note(workspace, "value.b2", "Les haies bocagères du plateau")
    service = SearchService(workspace)
    service.prepare()
    try:
        with Workspace.open(workspace.data_dir) as other:
            notes.edit_note(other, note.id, text="La ressourcerie du quartier")
        notes.add_note(workspace, "value.b1", "Une autre note, enregistrée ici")
        assert "ressourcerie" in (_indexed_text(service, note.id) or "")
    finally:
        service.close()  # the window closes without searching
    assert _at_next_start(workspace, "ressourcerie", "bocageres") == [[note.id], []]


def test_an_edit_made_while_the_window_was_closed_is_seen_at_next_start(
    workspace: Workspace,
) -> None:
    people.add_territory(workspace, "Le Mené")
    case = cases.add_case(workspace, "Méthanisation", "Le Mené", ["engagement.b3"],
                          lessons="Écouter les agriculteurs", author="Élise")  # fmt: skip
    assert _at_next_start(workspace, "agriculteurs") == [[case.id]]
    with Workspace.open(workspace.data_dir) as other:  # same count, new words
        cases.edit_case(other, case.id, lessons="Associer les habitants dès le début")
    assert _at_next_start(workspace, "habitants", "agriculteurs") == [[case.id], []]


def test_records_edited_while_a_rebuild_runs_are_indexed_with_their_new_text(
    workspace: Workspace,
) -> None:
    people.set_default_author(workspace, "Élise")
    people.add_territory(workspace, "Malaunay")
    here = notes.add_note(workspace, "value.b1", "Un compost partagé au pied des immeubles")
    there = cases.add_case(workspace, "Jardins", "Malaunay", ["value.b2"], text="Un verger")
    service = SearchService(workspace)
    service.prepare(background=True)  # as the window does
    edited: list[str] = []

    def edit_during_the_build(done: int, total: int) -> None:
        if done == total and not edited:  # the build has read every document
            notes.edit_note(workspace, here.id, text="Une méthanisation à la ferme")
            with Workspace.open(workspace.data_dir) as other:
                cases.edit_case(other, there.id, text="Une cantine biologique")
                added = notes.add_note(other, "value.b3", "Une ressourcerie", author="Zoé")
            edited.append(added.id)

    try:
        service.index.rebuild(edit_during_the_build)
        notes.add_note(workspace, "value.b4", "Puis une note enregistrée ici")
        service.index.wait_idle()
        assert edited
        # Read from the index itself, before any search could catch up:
        assert "méthanisation" in (_indexed_text(service, here.id) or "")
        assert "cantine" in (_indexed_text(service, there.id) or "")
        assert _indexed_text(service, edited[0]) is not None
        assert _found(service, "methanisation") == [here.id]
        assert _found(service, "cantine") == [there.id]
        assert _found(service, "ressourcerie") == edited
        assert _found(service, "compost") == _found(service, "verger") == []
    finally:
        service.close()
    assert _at_next_start(workspace, "methanisation", "cantine", "compost", "verger") == [
        [here.id], [there.id], [], []
    ]  # fmt: skip


def test_a_tag_rename_and_a_territory_rename_reach_every_record(workspace: Workspace) -> None:
    people.set_default_author(workspace, "Élise")
    people.add_territory(workspace, "Saint-Herblain")
    note = notes.add_note(workspace, "value.b1", "Une note", tags=["compostage"])
    case = cases.add_case(workspace, "Un cas", "Saint-Herblain", ["value.b1"])
    assert _at_next_start(workspace, "compostage", "herblain") == [[note.id], [case.id]]
    with Workspace.open(workspace.data_dir) as other:
        tags.rename_tag(other, "compostage", "lombricompostage")
        people.edit_territory(other, "Saint-Herblain", new_name="Bouguenais")
    assert _at_next_start(workspace, "lombricompostage", "compostage", "bouguenais",
                          "herblain") == [[note.id], [], [case.id], []]  # fmt: skip
