"""The quick read the window paints from before the full workspace is open."""

from __future__ import annotations

from pathlib import Path

from referentiel_desktop.referential.snapshot import read_edition, read_nodes
from referentiel_desktop.store.migrations import SCHEMA_VERSION
from referentiel_desktop.workspace import Workspace

MINI = Path(__file__).parent / "data" / "mini.toml"


def test_snapshot_reads_what_the_workspace_installed(tmp_path: Path) -> None:
    with Workspace.open(tmp_path, referential=MINI) as ws:
        db = ws.db_path
    nodes = read_nodes(db, SCHEMA_VERSION)
    assert nodes is not None
    assert [n.id for n in nodes] == ["engagement", "engagement.b1", "engagement.b2"]
    b1 = nodes[1]
    assert b1.parent_id == "engagement"
    assert b1.title("fr") == "Créer les conditions de la confiance"
    assert b1.body("fr") == "Une œuvre « pas à pas »."
    assert b1.keywords("en") == ("TRUST",)
    assert b1.is_translation("keywords", "en") and not b1.is_translation("keywords", "fr")
    assert read_edition(db) == ("mini", 1)


def test_snapshot_declines_a_missing_or_other_version_database(tmp_path: Path) -> None:
    assert read_nodes(tmp_path / "absent.sqlite3") is None
    with Workspace.open(tmp_path, referential=MINI) as ws:
        db = ws.db_path
    assert read_nodes(db, SCHEMA_VERSION + 1) is None
    assert read_edition(tmp_path / "absent.sqlite3") is None
