"""Small real filesystems for hostile-condition tests: a tmpfs that fills up, a folder
mounted read-only. Mounting needs root (CI runs as root); elsewhere the tests that need
a mount are skipped, and the conditions are also held by injected errors."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _mount(*args: str) -> bool:
    done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    return done.returncode == 0


@contextlib.contextmanager
def small_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` at ``folder``; skips the test when it cannot be mounted."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def remount_read_only(folder: Path) -> None:
    if not _mount("-o", "remount,ro", str(folder)):
        pytest.skip("cannot remount read-only here")


def fill(folder: Path) -> Path:
    """Fill the filesystem holding ``folder`` until it has no byte left."""
    filler = folder / "filler"
    block = b"\0" * 65536
    with open(filler, "wb", buffering=0) as out:
        for chunk in (block, b"\0"):
            with contextlib.suppress(OSError):
                while out.write(chunk):
                    pass
    return filler
