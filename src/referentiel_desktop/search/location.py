"""Where the search index lives, and how a build replaces it without colliding with another.

The index is a cache of SQLite kept in the user's cache folder (``paths.index_dir``: one
per data folder, never inside it, since Whoosh segments are pickles and are only ever
read from where this application wrote them). Its folder holds::

    CURRENT        the name of the build in use, replaced atomically when a build ends
    builder.lock   an OS lock held by the one process building; it dies with its holder
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
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from referentiel_desktop.files import atomic_write_bytes

CURRENT = "CURRENT"
LOCK = "builder.lock"
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

    def prepare(self) -> None:
        """Make the folder a real folder, whatever was in its place."""
        for parent in reversed([self.folder, *self.folder.parents]):
            if parent.is_symlink() and not parent.exists():
                parent.unlink()  # a broken symlink on the way
        if self.folder.is_symlink() or (self.folder.exists() and not self.folder.is_dir()):
            _remove(self.folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def current(self) -> Path | None:
        """The build in use, or ``None`` when there is none that can be trusted."""
        try:
            name = (self.folder / CURRENT).read_text(encoding="utf-8").strip()
        except (OSError, ValueError):
            return None
        build = self.folder / name
        if not _BUILD_NAME.fullmatch(name) or build.is_symlink() or not build.is_dir():
            return None
        return build

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
            if entry.name in (CURRENT, LOCK) or (keep is not None and entry == keep):
                continue
            if entry.name.startswith(f".{CURRENT}.") and entry.name.endswith(".part"):
                _remove(entry)  # a publication a crash interrupted
            elif entry.name.startswith("build-") or entry.is_symlink() or not entry.exists():
                _remove(entry)

    @contextmanager
    def builder_lock(self) -> Iterator[None]:
        """Wait until no other process or thread is building, then build.

        An OS lock on a file: the system releases it when its holder exits or is killed,
        so a crashed builder never keeps it."""
        self.prepare()
        path = self.folder / LOCK
        if path.is_symlink() or (path.exists() and not path.is_file()):
            _remove(path)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
            try:
                yield
            finally:
                _unlock(fd)
        finally:
            os.close(fd)


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

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
