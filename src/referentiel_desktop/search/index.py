"""The search index's life: built from SQLite, kept in step by the change log, rebuilt
when in doubt.

The index is a cache. Each build (see ``location.py`` for where builds live and how one
replaces another) keeps a small ``state.json``: index format, edition, document count,
and ``seq``, the last change-log entry it has applied. A build reads ``seq`` and every
document in one snapshot of the database, then catches up on what was written while it
ran; a live index catches up from ``seq`` on every change this process makes and
whenever another process has written. On open the index is rebuilt when it is missing,
of another format or edition, its count disagrees with SQLite, or Whoosh raises
anything at all.
"""

from __future__ import annotations

import queue
import shutil
import threading
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import Index, LockError

from referentiel_desktop.changes import Change, ChangeBatch
from referentiel_desktop.referential import repository
from referentiel_desktop.search import documents
from referentiel_desktop.search.codec import PositionsApartCodec
from referentiel_desktop.search.following import records_to_reindex
from referentiel_desktop.search.location import IndexHome, remove_legacy_index
from referentiel_desktop.search.schema import INDEX_FORMAT, build_schema
from referentiel_desktop.search.state import IndexState, trusted
from referentiel_desktop.search.workers import build_writer
from referentiel_desktop.store.change_log import latest_seq
from referentiel_desktop.store.schema_version import SCHEMA_VERSION
from referentiel_desktop.workspace import Workspace

Progress = Callable[[int, int], None]
WRITER_WAIT_S = 2.0
PARALLEL_THRESHOLD = 5000  # below this, one process builds faster than forking two


class SearchIndex:
    """Owns the Whoosh index of one workspace. Writes are serialised by a lock here, and
    across processes by Whoosh's own write lock (builds by ``IndexHome.builder_lock``)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.home = IndexHome(workspace.index_dir)
        self.folder: Path | None = None  # the build in use
        self._index: Index | None = None
        self._lock = threading.RLock()
        self.building = False
        self._unsubscribe: Callable[[], None] | None = None
        self._pending: queue.Queue[ChangeBatch | None] | None = None
        # Log entries read after the applied seq and found to need no indexing (a new
        # author, a setting): (applied seq, up to) while the applied seq stays the same.
        self._skipped: tuple[int, int] | None = None
        self.behind = False
        """A batch could not be indexed (the index held elsewhere): read the log next time."""

    # -- opening --------------------------------------------------------------------------
    def _edition(self) -> str:
        with self.workspace.reading() as session:
            edition = repository.current_edition(session)
            return f"{edition.id}@{edition.version}" if edition else ""

    def _open_current(self) -> bool:
        """Open the build in use if its state says it can be trusted."""
        folder = self.home.current()
        if folder is None:
            return False
        state = IndexState(folder)
        latest, forgotten = self.workspace.latest_seq(), self.workspace.forgotten_seq()
        if not trusted(state, self._edition(), latest, forgotten):
            return False
        index = whoosh_index.open_dir(str(folder))
        self._drop()
        self._index, self.folder = index, folder
        return True

    def _drop(self) -> None:
        if self._index is not None:
            self._index.close()
        self._index, self.folder = None, None

    def usable(self) -> bool:
        """Open the existing index if it can be trusted, catching up on recent writes."""
        with self._lock:
            try:
                if not self._open_current():
                    return False
                try:
                    self.catch_up()
                except LockError:
                    return True  # sound but behind: another process writes it, searches catch up
                index = self._index
                if index is None:
                    return False
                with self.workspace.reading() as session:
                    expected = documents.live_counts(session)
                with index.searcher() as searcher:
                    return bool(searcher.doc_count() == expected)
            except Exception:  # noqa: BLE001 - damage shows as many kinds of error
                self._drop()
                return False

    def follow(self) -> None:
        """Switch to the build in use when another process has replaced ours."""
        if self._index is None or self.home.current() == self.folder:
            return
        with self._lock:
            try:
                if not self._open_current():
                    self._drop()
            except Exception:  # noqa: BLE001 - a damaged build: rebuilt on next open
                self._drop()

    def ensure(self, progress: Progress | None = None) -> Index:
        """Return a trustworthy index, rebuilding it first if needed."""
        if self._index is not None:
            return self._index
        if not self.usable():
            self.rebuild(progress, unless_usable=True)
        assert self._index is not None
        return self._index

    @property
    def index(self) -> Index | None:
        return self._index

    @property
    def following(self) -> bool:
        """True once :meth:`attach` has made it follow the workspace's change feed."""
        return self._unsubscribe is not None

    def attach(self, background: bool = False) -> None:
        """Follow the workspace's change feed (in a live process such as the window): each
        batch of records it hands out is indexed, without reading the log again.

        ``background``: index on a worker thread, so a save never waits for Whoosh."""
        if self._unsubscribe is not None:
            return
        if not background:
            self._unsubscribe = self.workspace.changes.subscribe_batches(self.apply, first=True)
            return
        pending: queue.Queue[ChangeBatch | None] = queue.Queue()

        def work() -> None:
            while (batch := pending.get()) is not None:
                try:
                    self.apply(batch)
                except LockError:
                    pass  # another process is writing: the next batch or search catches up
                except Exception:  # noqa: BLE001 - a damaged index is rebuilt on next open
                    self._index = None
                finally:
                    pending.task_done()
            pending.task_done()

        worker = threading.Thread(target=work, name="search-indexer", daemon=True)
        worker.start()
        unsubscribe = self.workspace.changes.subscribe_batches(pending.put, first=True)
        self._pending = pending

        def stop() -> None:
            unsubscribe()
            pending.put(None)
            worker.join(timeout=5)

        self._unsubscribe = stop

    def wait_idle(self) -> None:
        """Block until queued background updates are indexed (searches, tests)."""
        if self._pending is not None:
            self._pending.join()

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        with self._lock:
            self._drop()

    # -- building -------------------------------------------------------------------------
    def rebuild(self, progress: Progress | None = None, *, unless_usable: bool = False) -> int:
        """Build a fresh index from SQLite and swap it in; return the document count.

        One builder at a time, across processes: the others wait for it. With
        ``unless_usable``, a waiter first looks whether the build it waited for will do."""
        self.building = True
        try:
            with self.home.builder_lock():
                if unless_usable and self.usable():
                    assert self._index is not None
                    with self._index.searcher() as searcher:
                        return int(searcher.doc_count())
                self.home.clear_leftovers()  # a crashed build is cleared, never trusted
                remove_legacy_index(self.workspace.data_dir)
                count = self._build_and_publish(progress)
                self.home.clear_leftovers()  # the build just replaced
            with self._lock:
                if not self._open_current():
                    raise RuntimeError(f"the index just built cannot be opened: {self.home}")
                self.catch_up()  # what was written while the build ran
            return count
        finally:
            self.building = False

    def _build_and_publish(self, progress: Progress | None) -> int:
        build = self.home.new_build()
        try:
            try:
                seq, count = self._build(build, progress, parallel=None)
            except Exception:  # noqa: BLE001
                # Whoosh's worker processes depend on how this Python starts processes
                # (fork, forkserver, spawn): if they fail, one process still builds.
                shutil.rmtree(build, ignore_errors=True)
                build = self.home.new_build()
                seq, count = self._build(build, progress, parallel=False)
            state = IndexState(build)
            state.data.update(
                format=INDEX_FORMAT, edition=self._edition(), schema=SCHEMA_VERSION, count=count
            )
            state.seq = seq
            state.save()
            self.home.publish(build)
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
        return count

    def _build(
        self, build: Path, progress: Progress | None, parallel: bool | None
    ) -> tuple[int, int]:
        """Index every document of one snapshot; return its change-log seq and the count."""
        index = whoosh_index.create_in(str(build), build_schema())
        try:
            with self.workspace.reading() as session:
                seq = latest_seq(session)  # read first: the snapshot begins here
                total = documents.live_counts(session)
                if parallel is None:
                    parallel = total > PARALLEL_THRESHOLD
                docs: Iterable[dict[str, Any]] = _chain(
                    documents.node_documents(session),
                    documents.note_documents(session),
                    documents.case_documents(session),
                )
                writer = build_writer(index, parallel, limitmb=256)
                count = 0
                try:
                    for doc in docs:
                        writer.add_document(**doc)
                        count += 1
                        if progress and (count % 500 == 0 or count == total):
                            progress(count, total)
                    writer.commit()
                except BaseException:
                    writer.cancel()
                    raise
        finally:
            index.close()
        return seq, count

    # -- keeping in step ------------------------------------------------------------------
    def apply(self, batch: ChangeBatch) -> None:
        """Index a batch the change feed handed out (and anything missed before it)."""
        if self._index is None:
            return
        try:
            self.catch_up(batch)
        except LockError:
            self.behind = True  # another process holds the index: the next search catches up
            raise

    def on_change(self, _change: Change) -> None:
        """This process wrote: catch up (on that write, and any other since)."""
        if self._index is not None:
            self.catch_up()

    def catch_up(self, handed: ChangeBatch | None = None) -> None:
        """Index what every process committed since the seq this index has applied: the
        records ``handed`` when they follow on from it, else the log, read once."""
        self.follow()
        with self._lock:
            if self._index is None or self.folder is None:
                return
            try:
                self._apply_since(self._index, self.folder, handed)
                self.behind = False
            except LockError:
                raise
            except Exception:
                if self.home.current() == self.folder:
                    raise  # damage: the caller rebuilds
                self.follow()  # another process swapped in a new build under us
                if self._index is not None and self.folder is not None:
                    self._apply_since(self._index, self.folder, None)

    def _since(self, applied: int, handed: ChangeBatch | None) -> tuple[int, list[Change]]:
        if handed is not None:
            follows = handed.since == applied or self._skipped == (applied, handed.since)
            if follows:
                return handed.upto, list(handed.changes)
        return self.workspace.changes_since(applied)

    def _apply_since(self, index: Index, folder: Path, handed: ChangeBatch | None) -> None:
        """Index the records named after ``folder``'s seq; record the new seq."""
        applied = IndexState(folder).seq
        if applied is None:
            return
        newest, changes = self._since(applied, handed)
        if newest <= applied:
            return
        with self.workspace.reading() as session:
            todo = records_to_reindex(session, changes)
        if not (todo.rebuild or todo.notes or todo.cases):
            self._skipped = (applied, newest)  # nothing the index shows (a new author…)
            return
        # Whoosh's write lock serialises this with other processes: the state, the
        # records and the documents are read under it, so no one indexes older text last.
        writer = index.writer(timeout=WRITER_WAIT_S, codec=PositionsApartCodec())
        try:
            state = IndexState(folder)
            with self.workspace.reading() as session:
                if state.seq != applied:  # another process indexed meanwhile: from there
                    newest, changes = self.workspace.changes_since(state.seq or 0)
                    todo = records_to_reindex(session, changes)
                if todo.rebuild:  # the referential changed: a new edition, rebuilt
                    writer.cancel()
                    self._drop()
                    return
                notes, cases = sorted(todo.notes), sorted(todo.cases)
                for record_id in [*notes, *cases]:
                    writer.delete_by_term("id", record_id)
                for doc in _chain(
                    documents.note_documents(session, notes) if notes else iter(()),
                    documents.case_documents(session, cases) if cases else iter(()),
                ):
                    writer.add_document(**doc)
            if notes or cases:
                writer.commit(mergetype=merge_small_segments)
            else:
                writer.cancel()  # nothing indexed changed (a setting, a new author)
        except BaseException:
            if not writer.is_closed:
                with suppress(Exception):
                    writer.cancel()
            raise
        state.seq = newest
        state.save()
        self._skipped = None

    def optimize(self) -> None:
        with self._lock:
            if self._index is not None:
                self._index.optimize()


SEGMENT_TIERS = ((0, 100), (100, 1_000))
"""Bands of segment sizes, in documents: the segments of one band are merged into one once
more than MAX_SEGMENTS_PER_TIER of them are in it. Larger segments (a rebuild's) are left
alone: merging them would hold the indexer for seconds."""
MAX_SEGMENTS_PER_TIER = 8


def merge_small_segments(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy. Every save commits a segment of one document, and a search
    opens every segment: after a day of autosaves it would open hundreds. Whoosh's own
    policies can fold a rebuild's large segments in and make a save wait for seconds;
    here only a band of small segments is merged, the smallest band first."""
    from whoosh.reading import SegmentReader

    for low, high in SEGMENT_TIERS:
        band = [s for s in segments if low <= s.doc_count_all() < high]
        if len(band) > MAX_SEGMENTS_PER_TIER:
            for segment in band:
                reader = SegmentReader(writer.storage, writer.schema, segment)
                writer.add_reader(reader)
                reader.close()
            return [s for s in segments if s not in band]
    return segments


def _chain(*iterables: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for iterable in iterables:
        yield from iterable
