"""Search: hits with highlighted snippets, typo-tolerant retry, "did you mean"."""

from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass, field
from html import escape
from typing import TYPE_CHECKING, Any

from whoosh.index import LockError
from whoosh.reading import MultiReader, SegmentReader

from referentiel_desktop.search import bulk
from referentiel_desktop.search import query as queries
from referentiel_desktop.search.analyzers import TERMS, is_stop_word
from referentiel_desktop.search.expansion import bound_expansions
from referentiel_desktop.search.scoring import SegmentLengthsBM25F
from referentiel_desktop.search.snippets import (
    SNIPPET_CHARS,
    Marks,
    Matcher,
    highlight,
    make_formatter,
    make_fragmenter,
    query_terms,
)

if TYPE_CHECKING:  # answering needs Whoosh only: the first words are answered before
    # SQLAlchemy is imported (``early.py``); following a workspace needs both
    from referentiel_desktop.search.index import Progress
    from referentiel_desktop.workspace import Workspace

FEW_HITS = 3
_MARK_OPEN = re.compile(r"<b class=\"[^\"]*\">")


@dataclass
class Hit:
    id: str
    kind: str
    title: str
    snippet: str
    score: float
    theme: str
    target: list[str] | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if self.target is None:
            del data["target"]
        return data


@dataclass
class SearchResult:
    query: str
    hits: list[Hit] = field(default_factory=list)
    suggestion: str | None = None
    building: bool = False
    fuzzy: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "hits": [h.to_json() for h in self.hits],
            "suggestion": self.suggestion,
        }


class IndexAnswers:
    """Answers queries from one open Whoosh index (hits, snippets, typo retry, "did you
    mean"); what keeps that index in step with the data is :class:`SearchService`'s."""

    def __init__(self) -> None:
        self._formatter = make_formatter()
        self._fragmenter = make_fragmenter()
        self._lock = threading.Lock()  # a Whoosh searcher serves one thread at a time
        self._searcher: Any = None
        self._searcher_index: Any = None

    def answer(
        self,
        index: Any,
        text: str,
        lang: str = "fr",
        *,
        kinds: list[str] | None = None,
        theme: str | None = None,
        source: str | None = None,
        territory: str | None = None,
        tag: str | None = None,
        author: str | None = None,
        limit: int = 20,
        typing: bool = False,
    ) -> SearchResult:
        """The answer from ``index``; whatever a damaged index raises goes up."""
        result = SearchResult(text)
        parsed = queries.parse(text, typing=typing)
        if parsed.empty:
            return result
        where = queries.filters(kinds, theme, source, territory, tag, author)
        with self._lock:
            searcher = self._current_searcher(index)
            result.hits = self._run(searcher, queries.build(parsed), where, lang, limit)
            reader = searcher.reader()
            # Few hits for words the index holds is an answer, not a typo: no retry.
            if len(result.hits) < FEW_HITS and not self._all_known(reader, parsed.words):
                fuzzy = queries.build(parsed, True, lambda w: self._known(reader, w))
                seen = {h.id for h in result.hits}
                fuzzy_hits = self._run(searcher, fuzzy, where, lang, limit)
                extra = [h for h in fuzzy_hits if h.id not in seen]
                result.fuzzy = bool(extra)
                result.hits.extend(extra[: max(0, limit - len(result.hits))])
                result.suggestion = self._suggest(searcher, text, parsed.words)
        return result

    def close(self) -> None:
        with self._lock:
            self._drop_searcher()

    def _current_searcher(self, index: Any) -> Any:
        """One searcher kept open while the index is unchanged: opening one per query
        costs more than the query itself."""
        stale = (
            self._searcher is None
            or self._searcher_index is not index
            or index.latest_generation() != self._searcher.reader().generation()
        )
        if stale:
            # A fresh one, not refresh(): refresh() reuses segment readers and misses
            # deletions committed to an existing segment.
            self._drop_searcher()
            self._searcher = index.searcher(weighting=SegmentLengthsBM25F())
            self._searcher_index = index
        return self._searcher

    def _drop_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = None

    def _run(self, searcher: Any, built: Any, where: Any, lang: str, limit: int) -> list[Hit]:
        if built is None:
            return []
        built = bound_expansions(built, searcher.reader())
        if bulk.supported(built) and (where is None or bulk.supported(where)):
            # Scored a block of postings at a time; phrases are left to Whoosh's matchers.
            built, where = bulk.BulkScored(built, limit, where), None
        results = searcher.search(built, filter=where, limit=limit, optimize=False)
        terms = query_terms(results)
        marks: dict[tuple[str, ...], Marks] = {}
        return [self._hit(hit, lang, terms, marks) for hit in results]

    def _hit(
        self,
        hit: Any,
        lang: str,
        terms: dict[str, frozenset[str]],
        marks: dict[tuple[str, ...], Marks],
    ) -> Hit:
        stored = _stored_fields(hit.searcher, hit.docnum)
        target = stored.get("target", "")
        return Hit(
            id=stored["id"],
            kind=stored["kind"],
            title=stored.get(f"title_{lang}") or stored.get("title_fr", ""),
            snippet=self._snippet(stored, lang, terms, marks),
            score=round(float(hit.score), 3),
            theme=stored.get("theme", ""),
            target=[t for t in target.split(",") if t] if stored["source"] == "team" else None,
        )

    def _snippet(
        self,
        stored: dict[str, Any],
        lang: str,
        terms: dict[str, frozenset[str]],
        marks: dict[tuple[str, ...], Marks],
    ) -> str:
        def matchers(*languages: str) -> Marks:
            """The query's marks in these languages, made once per query."""
            if languages not in marks:
                found: list[Matcher] = []
                for language in languages:
                    fields = queries.LANG_FIELDS[language]
                    words = frozenset().union(*(terms.get(f, ()) for f in fields))
                    found.append((TERMS[language], words))
                marks[languages] = Marks(found)
            return marks[languages]

        def passage(language: str, found: Marks) -> str:
            for name in (f"body_{language}", f"title_{language}"):
                if stored.get(name):
                    snippet = highlight(stored[name], found, self._fragmenter, self._formatter)
                    if snippet:
                        return _MARK_OPEN.sub("<b>", " ".join(snippet.split()))
            return ""

        other = "en" if lang == "fr" else "fr"
        if stored["source"] == "team":  # one text, written in either language
            return passage(lang, matchers(lang, other)) or self._opening(stored, lang)
        # The snippet speaks the interface language: a hit matched only in the other one
        # (``trust`` in a French window) shows the start of its text in this one.
        return (
            passage(lang, matchers(lang))
            or self._opening(stored, lang)
            or passage(other, matchers(other))
        )

    @staticmethod
    def _opening(stored: dict[str, Any], lang: str) -> str:
        body = stored.get(f"body_{lang}") or ""
        return escape(body[:SNIPPET_CHARS] + ("…" if len(body) > SNIPPET_CHARS else ""))

    @classmethod
    def _all_known(cls, reader: Any, words: list[str]) -> bool:
        return all(is_stop_word(w) or len(w) < 3 or cls._known(reader, w) for w in words)

    @staticmethod
    def _known(reader: Any, word: str) -> bool:
        """True when the word, as either language analyses it, is in the index."""
        if reader.frequency("spell", word.lower()) > 0:
            return True
        for lang, fields in queries.LANG_FIELDS.items():
            for terms in queries.analyse_words(word, lang):
                if any(reader.doc_frequency(f, t) for t in terms for f in fields):
                    return True
        return False

    def _suggest(self, searcher: Any, text: str, words: list[str]) -> str | None:
        corrector = searcher.corrector("spell")
        reader = searcher.reader()
        suggestion = text
        changed = False
        for word in words:
            lower = word.lower()
            if len(lower) < 3 or self._known(reader, word):
                continue
            found = corrector.suggest(lower, limit=1, maxdist=2, prefix=1)
            if found and found[0] != lower:
                suggestion = suggestion.replace(word, found[0], 1)
                changed = True
        return " ".join(suggestion.split()) if changed else None


def _stored_fields(searcher: Any, docnum: int) -> dict[str, Any]:
    """A document's stored fields, as ``searcher.stored_fields`` reads them without its
    pass over each field to drop those the schema lost (ours loses none: a change of
    schema is a new index format, rebuilt): a fifth of the time a hit's fields took."""
    reader, local = searcher.reader(), docnum
    if isinstance(reader, MultiReader):
        segment, local = reader._segment_and_docnum(docnum)
        reader = reader.readers[segment]
    if type(reader) is not SegmentReader:
        return dict(searcher.stored_fields(docnum))
    return dict(reader._perdoc.stored_fields(local))


class SearchService(IndexAnswers):
    """Searches one workspace. ``search`` may run on a worker thread."""

    def __init__(self, workspace: Workspace) -> None:
        from referentiel_desktop.search.index import SearchIndex

        super().__init__()
        self.workspace = workspace
        self.index = SearchIndex(workspace)

    def prepare(self, progress: Progress | None = None, background: bool = False) -> None:
        """Open or rebuild the index, then follow the workspace's writes (on a worker
        thread when ``background``, as the window does)."""
        self.index.ensure(progress)
        self.index.attach(background)

    def close(self) -> None:
        super().close()
        self.index.close()

    def search(
        self,
        text: str,
        lang: str = "fr",
        *,
        kinds: list[str] | None = None,
        theme: str | None = None,
        source: str | None = None,
        territory: str | None = None,
        tag: str | None = None,
        author: str | None = None,
        limit: int = 20,
        typing: bool = False,
    ) -> SearchResult:
        result = SearchResult(text)
        self.index.follow()  # another process may have rebuilt it
        if self.index.index is None:
            result.building = True
            return result
        if not self.index.following:
            self.index.attach()  # from now on the change feed hands it every write
        try:
            # Another process may have written: the feed reads the log if so, and the
            # index applies it (on its own thread in the window: wait for it).
            self.workspace.changes.pull_if_moved()
            self.index.wait_idle()
            if self.index.behind:
                self.index.catch_up()
        except LockError:
            pass  # another process holds the index: answer now, catch up next time
        except Exception:  # noqa: BLE001 - a damaged index raises many kinds: rebuild it
            self._forget_index()
            result.building = True
            return result
        index = self.index.index
        if index is None:  # the referential changed under it: being rebuilt
            result.building = True
            return result
        try:
            return self.answer(
                index,
                text,
                lang,
                kinds=kinds,
                theme=theme,
                source=source,
                territory=territory,
                tag=tag,
                author=author,
                limit=limit,
                typing=typing,
            )
        except Exception:  # noqa: BLE001 - a damaged index raises many kinds: rebuild it
            self._forget_index()
            result.building = True
        return result

    def _forget_index(self) -> None:
        from referentiel_desktop.search.index import SearchIndex

        with self._lock:
            self._drop_searcher()
        self.index.close()
        self.index = SearchIndex(self.workspace)
