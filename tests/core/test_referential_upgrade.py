"""A newer bundled edition upgrades the store in place and keeps what users attached."""

from __future__ import annotations

from pathlib import Path

from referentiel_desktop.referential import repository
from referentiel_desktop.store.models import Author, Note
from referentiel_desktop.workspace import Workspace

MINI = Path(__file__).parent / "data" / "mini.toml"


def test_first_start_installs_and_a_newer_version_upgrades(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with Workspace.open(data, referential=MINI) as ws, ws.transaction() as session:
        author = Author(name="Élise Œuvrard", initials="EŒ")
        session.add(author)
        session.flush()
        session.add(Note(target_id="engagement.b2", text="À garder", author_id=author.id))
    newer = tmp_path / "mini-v2.toml"
    newer.write_text(
        MINI.read_text(encoding="utf-8")
        .replace("version = 1", "version = 2")
        .replace("Créer les conditions de la confiance", "Créer la confiance")
        .split('[[node]]\nid = "engagement.b2"')[0],
        encoding="utf-8",
    )
    with Workspace.open(data, referential=newer) as ws, ws.reading() as session:
        edition = repository.current_edition(session)
        assert edition is not None and edition.version == 2
        assert repository.require_node(session, "engagement.b1").title_fr == "Créer la confiance"
        dropped = repository.get_node(session, "engagement.b2")
        assert dropped is not None and dropped.retired == 1
        assert [n.id for n in repository.list_nodes(session)] == ["engagement", "engagement.b1"]
        note = session.query(Note).one()
        assert note.target_id == "engagement.b2" and note.text == "À garder"


def test_same_or_older_bundled_version_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with Workspace.open(data, referential=MINI) as ws, ws.reading() as session:
        first = repository.current_edition(session)
        assert first is not None
        loaded_at = first.loaded_at
    with Workspace.open(data, referential=MINI) as ws, ws.reading() as session:
        again = repository.current_edition(session)
        assert again is not None and again.loaded_at == loaded_at


def test_a_newer_edition_is_seen_even_when_its_head_is_written_differently(
    tmp_path: Path,
) -> None:
    # The opening reads only the file's head to learn its edition; a head it cannot read
    # (here: the edition table after the nodes) makes it read the whole file instead.
    data = tmp_path / "data"
    Workspace.open(data, referential=MINI).close()
    text = MINI.read_text(encoding="utf-8").replace("version = 1", "version = 2")
    head, _, rest = text.partition("[edition]")
    edition_lines, _, nodes = rest.partition("[[node]]")
    moved = tmp_path / "mini-v2-moved.toml"
    moved.write_text(f"{head}[[node]]{nodes}\n[edition]{edition_lines}", encoding="utf-8")
    with Workspace.open(data, referential=moved) as ws, ws.reading() as session:
        edition = repository.current_edition(session)
        assert edition is not None and edition.version == 2
