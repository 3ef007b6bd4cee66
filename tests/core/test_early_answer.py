"""The first words typed are answered from the index on disk before SQLAlchemy is
imported (``search/early.py``): the same answer as the search service's, and none at
all when the index is not known to be up to date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from referentiel_desktop.annotations import notes, people
from referentiel_desktop.paths import DATABASE_NAME
from referentiel_desktop.search.early import answer_from_disk
from referentiel_desktop.search.service import SearchService
from referentiel_desktop.workspace import Workspace

OPTIONS = {"typing": True, "limit": 30}  # as the window asks


def _indexed(data_dir: Path) -> None:
    """A data folder as an ordinary start finds it: its index built and up to date."""
    with Workspace.open(data_dir) as workspace:
        people.set_default_author(workspace, "Testeuse")
        notes.add_note(workspace, "engagement.b3", "La confiance « se construit » pas à pas")
        service = SearchService(workspace)
        service.prepare()
        service.close()


def test_the_answer_from_disk_is_the_search_services(data_dir: Path) -> None:
    _indexed(data_dir)
    for text, lang in (("confiance", "fr"), ("trust", "en"), ("confience", "fr"), ("pas à", "fr")):
        early = answer_from_disk(data_dir, text, lang, **OPTIONS)
        assert early is not None
        with Workspace.open(data_dir) as workspace:
            service = SearchService(workspace)
            service.prepare()
            later = service.search(text, lang, typing=True, limit=30)
            service.close()
        assert early.hits == later.hits
        assert early.suggestion == later.suggestion
    found = answer_from_disk(data_dir, "confiance", "fr", **OPTIONS)
    assert found is not None and any(hit.kind == "note" for hit in found.hits)


def test_no_answer_from_an_index_behind_the_data(data_dir: Path) -> None:
    _indexed(data_dir)
    with Workspace.open(data_dir) as workspace:  # a write no index followed
        notes.add_note(workspace, "engagement.b3", "Une note écrite sans index ouvert")
    assert answer_from_disk(data_dir, "confiance", "fr", **OPTIONS) is None


def test_no_answer_without_an_index(data_dir: Path) -> None:
    Workspace.open(data_dir).close()
    assert answer_from_disk(data_dir, "confiance", "fr", **OPTIONS) is None


def test_no_answer_from_a_damaged_database(data_dir: Path) -> None:
    _indexed(data_dir)
    (data_dir / DATABASE_NAME).write_bytes(b"not a database")
    assert answer_from_disk(data_dir, "confiance", "fr", **OPTIONS) is None


def test_answering_early_imports_no_sqlalchemy() -> None:
    probe = (
        "import sys, referentiel_desktop.search.early; "
        "heavy = ('sqlalchemy', 'referentiel_desktop.workspace'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
