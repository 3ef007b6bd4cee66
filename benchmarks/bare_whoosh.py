"""Bare Whoosh on the same corpus: the yardstick ``benchmarks/search.py`` compares us with.

One stored field, Whoosh's ``StemmingAnalyzer``, the stock ``QueryParser`` (words ANDed,
``"phrases"``, ``prefix*``; its ``FuzzyTermPlugin`` for typos, ``word~1/2``), highlights of
the hits shown: what a plain Whoosh search box costs, with none of our two languages,
folding, ranking or typo retry.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import FuzzyTermPlugin, QueryParser

from referentiel_desktop.store.models import Node, Note
from referentiel_desktop.workspace import Workspace

PARALLEL_THRESHOLD = 5000  # as our index: two processes past this many documents


def _documents(workspace: Workspace) -> Iterator[dict[str, str]]:
    with workspace.reading() as session:
        for node in session.scalars(select(Node).where(Node.retired == 0)):
            parts = (node.title_fr, node.body_fr, node.title_en, node.body_en)
            yield {"id": node.id, "text": "\n\n".join(p for p in parts if p)}
        for note_id, text in session.execute(select(Note.id, Note.text)):
            yield {"id": note_id, "text": text}


class BareWhoosh:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.folder = tempfile.mkdtemp(prefix="bare-whoosh-")
        self.schema = Schema(
            id=ID(stored=True, unique=True), text=TEXT(analyzer=StemmingAnalyzer(), stored=True)
        )
        self.parser = QueryParser("text", self.schema)
        self.parser.add_plugin(FuzzyTermPlugin())
        self.index: Any = None
        self.searcher: Any = None

    def rebuild(self, total: int) -> None:
        index = whoosh_index.create_in(self.folder, self.schema)
        options: dict[str, Any] = {"limitmb": 256}
        if total > PARALLEL_THRESHOLD:
            options.update(procs=2, multisegment=True)
        writer = index.writer(**options)
        for doc in _documents(self.workspace):
            writer.add_document(**doc)
        writer.commit()
        self.index = index
        self.searcher = index.searcher()

    def search(self, text: str, fuzzy: bool = False, limit: int = 20) -> list[str]:
        if fuzzy:  # the same tolerance as ours: one edit up to six letters, two beyond
            text = " ".join(f"{w}~{1 if len(w) <= 6 else 2}/2" for w in text.split())
        results = self.searcher.search(self.parser.parse(text), limit=limit)
        return [hit.highlights("text") for hit in results]

    def close(self) -> None:
        self.searcher.close()
        self.index.close()
