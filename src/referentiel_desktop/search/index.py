"""The search index's life: built from SQLite, kept in step, rebuilt when in doubt.

The index is a cache. It lives in the data folder next to a small ``state.json`` that
records what it was built from (index format, edition, the newest note or case change
it has seen, its document count). On open it is rebuilt when it is missing, of another
format or edition, its count disagrees with SQLite, or Whoosh raises anything at all;
otherwise it catches up on what other processes wrote since. A rebuild writes a fresh
folder and swaps it in, so searches keep answering from the old one meanwhile.
"""

from __future__ import annotations

import json
import queue
import shutil
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import Index, LockError

from referentiel_desktop.changes import Change
from referentiel_desktop.files import atomic_write_bytes
from referentiel_desktop.referential import repository
from referentiel_desktop.search import documents
from referentiel_desktop.search.schema import INDEX_FORMAT, build_schema
from referentiel_desktop.workspace import Workspace

Progress = Callable[[int, int], None]
STATE_FILE = "state.json"
WRITER_WAIT_S = 2.0
PARALLEL_THRESHOLD = 5000  # below this, one process builds faster than forking two


class IndexState:
    def __init__(self, folder: Path) -> None:
        self.path = folder / STATE_FILE
        try:
            self.data: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}

    def save(self) -> None:
        atomic_write_bytes(self.path, json.dumps(self.data).encode("utf-8"))

    @property
    def watermark(self) -> datetime | None:
        stamp = self.data.get("watermark")
        return datetime.fromisoformat(stamp) if stamp else None

    @watermark.setter
    def watermark(self, value: datetime | None) -> None:
        self.data["watermark"] = value.isoformat() if value else None


class SearchIndex:
    """Owns the Whoosh index of one workspace. Writes are serialised by a lock."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.folder = workspace.index_dir
        self._index: Index | None = None
        self._lock = threading.RLock()
        self.building = False
        self._unsubscribe: Callable[[], None] | None = None

    # -- opening --------------------------------------------------------------------------
    def _edition(self) -> str:
        with self.workspace.reading() as session:
            edition = repository.current_edition(session)
            return f"{edition.id}@{edition.version}" if edition else ""

    def usable(self) -> bool:
        """Open the existing index if it can be trusted, catching up on recent writes."""
        with self._lock:
            state = IndexState(self.folder)
            if (
                state.data.get("format") != INDEX_FORMAT
                or state.data.get("edition") != self._edition()
            ):
                return False
            try:
                index = whoosh_index.open_dir(str(self.folder))
                self._index = index
                self.catch_up()
                with self.workspace.reading() as session:
                    expected = documents.live_counts(session)
                with index.searcher() as searcher:
                    return bool(searcher.doc_count() == expected)
            except Exception:  # noqa: BLE001 - damage shows as many kinds of error
                self._index = None
                return False

    def ensure(self, progress: Progress | None = None) -> Index:
        """Return a trustworthy index, rebuilding it first if needed."""
        if self._index is not None:
            return self._index
        if not self.usable():
            self.rebuild(progress)
        assert self._index is not None
        return self._index

    @property
    def index(self) -> Index | None:
        return self._index

    def attach(self, background: bool = False) -> None:
        """Follow the workspace's changes (in a live process such as the window).

        ``background``: index on a worker thread, so a save never waits for Whoosh."""
        if self._unsubscribe is not None:
            return
        if not background:
            self._unsubscribe = self.workspace.changes.subscribe(self.on_change, first=True)
            return
        pending: queue.Queue[Change | None] = queue.Queue()

        def work() -> None:
            while (change := pending.get()) is not None:
                try:
                    self.on_change(change)
                except LockError:
                    pass  # another process is writing: the next search catches up
                except Exception:  # noqa: BLE001 - a damaged index is rebuilt on next open
                    self._index = None
                finally:
                    pending.task_done()
            pending.task_done()

        worker = threading.Thread(target=work, name="search-indexer", daemon=True)
        worker.start()
        unsubscribe = self.workspace.changes.subscribe(pending.put, first=True)
        self._pending = pending

        def stop() -> None:
            unsubscribe()
            pending.put(None)
            worker.join(timeout=5)

        self._unsubscribe = stop

    def wait_idle(self) -> None:
        """Block until queued background updates are indexed (tests, benchmarks)."""
        pending = getattr(self, "_pending", None)
        if pending is not None:
            pending.join()

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._index is not None:
            self._index.close()
            self._index = None

    # -- building -------------------------------------------------------------------------
    def rebuild(self, progress: Progress | None = None) -> int:
        """Build a fresh index from SQLite and swap it in; return the document count."""
        self.building = True
        try:
            fresh = self.folder.with_name(self.folder.name + ".new")
            with self.workspace.reading() as session:
                stamp = documents.latest_change(session)
                total = documents.live_counts(session)
            parallel = total > PARALLEL_THRESHOLD
            try:
                try:
                    index, count = self._build(fresh, total, parallel, progress)
                except Exception:  # noqa: BLE001
                    if not parallel:
                        raise
                    # Whoosh's worker processes depend on how this Python starts processes
                    # (fork, forkserver, spawn): if they fail, one process still builds.
                    index, count = self._build(fresh, total, False, progress)
                state = IndexState(fresh)
                state.data.update(format=INDEX_FORMAT, edition=self._edition(), count=count)
                state.watermark = stamp
                state.save()
                index.close()
            except BaseException:
                # A full disk, for one: leave no half-written index behind.
                shutil.rmtree(fresh, ignore_errors=True)
                raise
            with self._lock:
                if self._index is not None:
                    self._index.close()
                old = self.folder.with_name(self.folder.name + ".old")
                shutil.rmtree(old, ignore_errors=True)
                if self.folder.exists():
                    self.folder.rename(old)
                fresh.rename(self.folder)
                shutil.rmtree(old, ignore_errors=True)
                self._index = whoosh_index.open_dir(str(self.folder))
            return count
        finally:
            self.building = False

    def _build(
        self, fresh: Path, total: int, parallel: bool, progress: Progress | None
    ) -> tuple[Index, int]:
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        index = whoosh_index.create_in(str(fresh), build_schema())
        options: dict[str, Any] = {"limitmb": 256}
        if parallel:
            options.update(procs=2, multisegment=True)
        with self.workspace.reading() as session:
            docs: Iterable[dict[str, Any]] = _chain(
                documents.node_documents(session),
                documents.note_documents(session),
                documents.case_documents(session),
            )
            writer = index.writer(**options)
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
                index.close()
                raise
        return index, count

    # -- keeping in step ------------------------------------------------------------------
    def update(self, note_ids: list[str], case_ids: list[str]) -> None:
        """Re-index these records (removing deleted ones), in one small commit."""
        if self._index is None or not (note_ids or case_ids):
            return
        with self._lock, self.workspace.reading() as session:
            # Another process (a second window, the command line) may be writing: wait.
            writer = self._index.writer(timeout=WRITER_WAIT_S)
            for record_id in [*note_ids, *case_ids]:
                writer.delete_by_term("id", record_id)
            for doc in _chain(
                documents.note_documents(session, note_ids) if note_ids else iter(()),
                documents.case_documents(session, case_ids) if case_ids else iter(()),
            ):
                writer.add_document(**doc)
            writer.commit(mergetype=merge_small_segments)
            state = IndexState(self.folder)
            newest = documents.latest_change(session)
            if newest is not None and (state.watermark is None or newest > state.watermark):
                state.watermark = newest
            state.save()

    def catch_up(self) -> None:
        """Index what was written (by this or another process) since the watermark."""
        state = IndexState(self.folder)
        with self.workspace.reading() as session:
            note_ids, case_ids = documents.changed_since(session, state.watermark)
        self.update(note_ids, case_ids)

    def on_change(self, change: Change) -> None:
        if self._index is None:
            return
        if change.kind == "note":
            self.update(sorted(change.ids), [])
        elif change.kind == "case":
            self.update([], sorted(change.ids))
        elif change.kind in ("tag", "territory", "author", "referential"):
            # Renames touch many records, and they bump updated_at: catch up on them all.
            if change.kind == "referential":
                self._index = None
            else:
                self.catch_up()

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
