"""Whoosh's worker processes for a parallel build, made to die with the builder.

Whoosh's ``MpWriter`` forks its workers and feeds them through a queue; a worker waits on
that queue for as long as it lives. When the builder was killed (kill -9, a crash), its
workers waited forever, and, forked while it held the builder's lock, they held that
lock too: every later rebuild waited on them. Here each worker first lets go of the
locks it inherited, then ties its life to the builder's: ``prctl(PR_SET_PDEATHSIG)`` on
Linux (the kernel kills it the moment its parent goes), elsewhere a thread that watches
the builder and ends the worker once it is gone.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from typing import Any

from whoosh.index import Index
from whoosh.multiproc import MpWriter, SubWriterTask

from referentiel_desktop.files import process_alive
from referentiel_desktop.search.build_writer import BuildWriter
from referentiel_desktop.search.codec import PositionsApartCodec
from referentiel_desktop.search.location import release_inherited_locks

WATCH_EVERY_S = 0.5
_PR_SET_PDEATHSIG = 1


def _die_with_parent_linux() -> bool:
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(builder: int) -> None:
    def watch() -> None:
        while process_alive(builder) and os.getppid() != 1:
            threading.Event().wait(WATCH_EVERY_S)
        os._exit(1)

    threading.Thread(target=watch, name="builder-watch", daemon=True).start()


class _BoundTask(SubWriterTask):  # type: ignore[misc]  # Whoosh is untyped
    """A Whoosh worker that lives no longer than the process that started it."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.builder = os.getpid()

    def run(self) -> None:
        release_inherited_locks()
        if sys.platform.startswith("linux") and _die_with_parent_linux():
            # The parent may have died between the fork and the prctl: nothing would
            # signal it then.
            if not process_alive(self.builder):
                os._exit(1)
        elif sys.platform != "win32":
            _watch(self.builder)
        self._index_jobs()

    def _index_jobs(self) -> None:
        """Whoosh's ``SubWriterTask.run`` for a writer of its own segment, written by a
        ``BuildWriter``."""
        index = self.storage.open_index(self.indexname)
        writer = self.writer = BuildWriter(index, _lk=False, **self.kwargs)
        while self.running:
            job = self.jobqueue.get()
            if job is None:
                break
            self._process_file(*job)
        if not self.running:
            writer.cancel()
            return
        fieldnames = writer.pool.fieldnames
        segment = writer._finalize_segment()
        self.resultqueue.put((None, fieldnames, segment), timeout=5)


class BoundMpWriter(MpWriter):  # type: ignore[misc]  # Whoosh is untyped
    """``MpWriter`` whose workers die with this process."""

    def _new_task(self) -> SubWriterTask:
        task = _BoundTask(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        self.tasks.append(task)
        task.start()
        return task


def build_writer(index: Index, parallel: bool, **options: Any) -> Any:
    """The writer of a full build: two worker processes when ``parallel``; segments
    written by a ``BuildWriter`` in this package's postings format (``codec.py``)."""
    options.setdefault("codec", PositionsApartCodec())
    if parallel:
        return BoundMpWriter(index, procs=2, multisegment=True, **options)
    return BuildWriter(index, **options)
