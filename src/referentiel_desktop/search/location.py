"""Where the search index lives, and how a build replaces it without colliding with another.

The index is a cache of SQLite kept in the user's cache folder (``paths.index_dir``: one
per data folder, never inside it, since Whoosh segments are pickles and are only ever
read from where this application wrote them). Its folder holds::

    CURRENT        the name of the build in use, replaced atomically when a build ends
    builder.lock   an OS lock held by the one process building, with its pid; it dies with
                   its holder, and is taken over once that pid is of no live process
    builder.lock.takeover   held for an instant, while a lock is taken or looked at
    build-…/       the build CURRENT names; any other is a leftover, cleared by the next builder

Every build writes a fresh ``build-…`` folder of its own, so nothing another builder or a
crash left behind is ever in its way or trusted. Whatever sits where this layout expects
a folder or a lock file (a stray file, a broken symlink) is removed: the folder is ours.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from referentiel_desktop.files import atomic_write_bytes, process_alive

CURRENT = "CURRENT"
LOCK = "builder.lock"
TAKEOVER = "builder.lock.takeover"
_BUILD_NAME = re.compile(r"build-[A-Za-z0-9_]+")


_LEGACY_FOLDERS = ("index", "index.new", "index.old")
_LEGACY_FILE = re.compile(r"_?MAIN([._].*)?|state\.(json|tmp)")


def remove_legacy_index(data_dir: Path) -> None:
    """Earlier versions kept the index inside the data folder: take it out of there.

    Only a folder that plainly is one (Whoosh's files and a ``state.json``, nothing
    else) is removed: whatever else a user keeps in the data folder stays."""
    for name in _LEGACY_FOLDERS:
        folder = data_dir / name
        if folder.is_symlink() or not folder.is_dir():
            continue
        with suppress(OSError):
            names = [entry.name for entry in folder.iterdir()]
            if "state.json" in names and all(_LEGACY_FILE.fullmatch(n) for n in names):
                shutil.rmtree(folder, ignore_errors=True)


def _remove(path: Path) -> None:
    """Remove whatever is at ``path`` (folder, file, symlink, broken or not)."""
    if path.is_symlink() or not path.is_dir():
        with suppress(FileNotFoundError):
            path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


class IndexHome:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._seen: tuple[tuple[int, int, int, int], Path | None] | None = None

    def prepare(self) -> None:
        """Make the folder a real folder, whatever was in its place."""
        for parent in reversed([self.folder, *self.folder.parents]):
            if parent.is_symlink() and not parent.exists():
                parent.unlink()  # a broken symlink on the way
        if self.folder.is_symlink() or (self.folder.exists() and not self.folder.is_dir()):
            _remove(self.folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def current(self) -> Path | None:
        """The build in use, or ``None`` when there is none that can be trusted.

        Asked before every search: while ``CURRENT`` is the very file last read (a
        publication replaces it with a new one), the answer is the one read then."""
        path = self.folder / CURRENT
        try:
            stat = os.stat(path, follow_symlinks=False)
        except OSError:
            return None
        seen = (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if self._seen is not None and self._seen[0] == seen:
            return self._seen[1]
        try:
            name = path.read_text(encoding="utf-8").strip()
        except (OSError, ValueError):
            return None
        build = self.folder / name
        trusted = bool(_BUILD_NAME.fullmatch(name)) and not build.is_symlink() and build.is_dir()
        self._seen = (seen, build if trusted else None)
        return self._seen[1]

    def new_build(self) -> Path:
        """A fresh, empty folder for one build (a unique name: nothing is in its way)."""
        self.prepare()
        return Path(tempfile.mkdtemp(prefix="build-", dir=self.folder))

    def publish(self, build: Path) -> None:
        """Make ``build`` the one in use, in one atomic rename."""
        atomic_write_bytes(self.folder / CURRENT, build.name.encode("utf-8"))

    def clear_leftovers(self) -> None:
        """Remove every build but the current one (crashed or replaced builds, strays).

        Only the holder of :meth:`builder_lock` calls this: no other build is under way."""
        keep = self.current()
        for entry in list(self.folder.iterdir()):
            if entry.name in (CURRENT, LOCK, TAKEOVER) or (keep is not None and entry == keep):
                continue
            if entry.name.startswith(f".{CURRENT}.") and entry.name.endswith(".part"):
                _remove(entry)  # a publication a crash interrupted
            elif entry.name.startswith("build-") or entry.is_symlink() or not entry.exists():
                _remove(entry)

    @contextmanager
    def builder_lock(self) -> Iterator[None]:
        """Wait until no other process or thread is building, then build.

        An OS lock on a file, with the holder's pid written in it: the system releases
        the lock when its holder exits or is killed, and a lock still held once the
        recorded holder is gone (a process it forked kept it) is taken over at once."""
        self.prepare()
        fd = _acquire(self.folder / LOCK, self.folder / TAKEOVER)
        _HELD.add(fd)
        try:
            yield
        finally:
            _HELD.discard(fd)
            with suppress(OSError):
                os.ftruncate(fd, 0)  # no pid left for a waiter to misread
            _unlock(fd)
            os.close(fd)


_HELD: set[int] = set()
"""Descriptors of the builder locks this process holds (a forked child lets go of them)."""
POLL_S = 0.1


def release_inherited_locks() -> None:
    """In a process forked by a builder: close the builder locks it inherited, so that
    the lock stays its parent's alone and goes when the parent goes."""
    for fd in list(_HELD):
        with suppress(OSError):
            os.close(fd)
    _HELD.clear()


def _open_lock(path: Path) -> int:
    if path.is_symlink() or (path.exists() and not path.is_file()):
        _remove(path)
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)


def _acquire(path: Path, takeover: Path) -> int:
    """Lock ``path``; while another holds it, look every ``POLL_S`` whether its recorded
    holder still lives. Each look, and each lock taken with the pid written after it, is
    one step under the brief ``takeover`` lock: no waiter reads a pid half-written."""
    while True:
        with _briefly(takeover):
            fd = _open_lock(path)
            if _try_lock(fd):
                _record_holder(fd)
                return fd
            if not _holder_alive(fd):
                path.unlink()  # the dead builder's file goes; a fresh one is locked next
                os.close(fd)
                continue
        os.close(fd)
        time.sleep(POLL_S)


@contextmanager
def _briefly(path: Path) -> Iterator[None]:
    fd = _open_lock(path)
    try:
        _lock(fd)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def _record_holder(fd: int) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, f"{os.getpid()}\n".encode("ascii"))


def _holder_alive(fd: int) -> bool:
    """False only when the pid recorded in the lock file is of no live process."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        pid = int(os.read(fd, 32).decode("ascii").strip())
    except (OSError, ValueError):
        return True  # no pid (an older version's lock): only the system can tell
    return pid <= 0 or process_alive(pid)


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # retries for 10 s, then raises
                return
            except OSError:
                continue

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
