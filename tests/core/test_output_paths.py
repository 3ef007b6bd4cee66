"""Every file the application writes for the user goes only where it should (issue 17):
never onto the data folder's own files, never onto a device, a FIFO, a socket or a
folder, through a symlink only to a regular file; shared with the umask's permissions;
temporary files of a killed writer cleared by the next write to that folder."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from referentiel_desktop.errors import UserError
from referentiel_desktop.output_paths import write_user_bytes

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file kinds")


@pytest.fixture
def noted(cli: Any, data_dir: Path) -> Path:
    assert cli("note", "add", "--target", "ch1", "--text", "Œuvre « commune » d’abord").code == 0
    return data_dir


def _refused(result: Any, *words: str) -> None:
    assert result.code == 1, result
    assert "Nothing was written" in result.err
    assert len(result.err.strip().splitlines()) == 1, result.err
    for word in words:
        assert word in result.err


@pytest.mark.parametrize(
    "name",
    ["referentiel.sqlite3", "referentiel.sqlite3-wal", "referentiel.sqlite3-shm", "notes.rdbundle"],
)
def test_export_onto_the_data_folder_is_refused_and_the_notes_stay(
    cli: Any, noted: Path, name: str
) -> None:
    database = noted / "referentiel.sqlite3"
    before = database.read_bytes()[:16]
    _refused(cli("export", "--out", str(noted / name)), "data folder")
    assert database.read_bytes()[:16] == before == b"SQLite format 3\x00"
    assert "Œuvre « commune » d’abord" in cli("note", "list").out


def test_a_backup_and_the_backups_folder_are_refused(cli: Any, noted: Path) -> None:
    assert cli("backup").code == 0
    backup = next((noted / "backups").iterdir())
    kept = backup.read_bytes()
    _refused(cli("export", "--out", str(backup)), "data folder")
    _refused(cli("booklet", "--select", "ch1", "--out", str(backup)), "data folder")
    _refused(cli("map", "--out", f"{backup}.svg"), "data folder")
    _refused(cli("map", "--out", str(noted / "map.svg")), "data folder")
    assert backup.read_bytes() == kept


def test_an_other_data_folder_is_refused_too(cli: Any, noted: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "referentiel.sqlite3").write_bytes(b"SQLite format 3\x00")
    _refused(cli("export", "--out", str(other / "referentiel.sqlite3")), "data folder")
    assert (other / "referentiel.sqlite3").read_bytes() == b"SQLite format 3\x00"


def test_a_fifo_a_socket_and_a_folder_are_refused_at_once(
    cli: Any, noted: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    sock_path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    try:
        for command in ("export", "booklet"):
            _refused(cli(command, "--out", str(fifo)), "not a regular file")
            _refused(cli(command, "--out", str(sock_path)), "not a regular file")
        folder = tmp_path / "folder.svg"
        folder.mkdir()
        _refused(cli("export", "--out", str(tmp_path)), "folder")
        _refused(cli("map", "--out", str(folder)), "folder")
    finally:
        server.close()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert stat.S_ISSOCK(os.lstat(sock_path).st_mode)


def test_a_device_and_dev_null_stay_devices(cli: Any, noted: Path, tmp_path: Path) -> None:
    """As root, ``--out /dev/null`` once replaced the system's /dev/null with a file.

    A device node of the test's own is tried first: should the refusal ever regress,
    the test fails there, before it could touch the system's /dev/null."""
    if os.geteuid() == 0:
        own = tmp_path / "null"
        os.mknod(own, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        for command in (["export"], ["booklet", "--select", "ch1"]):
            _refused(cli(*command, "--out", str(own)), "not a regular file")
            assert stat.S_ISCHR(os.lstat(own).st_mode)
    before = os.lstat("/dev/null")
    for command in (["export"], ["booklet", "--select", "ch1"]):
        _refused(cli(*command, "--out", "/dev/null"), "not a regular file")
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_rdev, after.st_ino) == (before.st_rdev, before.st_ino)
    assert not [p for p in Path("/dev").iterdir() if p.name.endswith(".part")]


def test_a_symlink_is_followed_to_a_regular_file_and_kept(
    cli: Any, noted: Path, tmp_path: Path
) -> None:
    real = tmp_path / "shared" / "real.rdbundle"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "link.rdbundle"
    link.symlink_to(real)
    assert cli("export", "--out", str(link)).code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert zipfile.is_zipfile(real)


def test_a_symlink_to_a_device_or_to_nothing_is_refused(
    cli: Any, noted: Path, tmp_path: Path
) -> None:
    to_null = tmp_path / "null.pdf"
    to_null.symlink_to("/dev/null")
    to_db = tmp_path / "db.rdbundle"
    to_db.symlink_to(noted / "referentiel.sqlite3")
    dangling = tmp_path / "dangling.pdf"
    dangling.symlink_to(tmp_path / "nowhere" / "x.pdf")
    _refused(cli("booklet", "--out", str(to_null)), "not a regular file")
    _refused(cli("export", "--out", str(to_db)), "data folder")
    _refused(cli("booklet", "--out", str(dangling)), "link to nothing")
    assert to_null.is_symlink() and to_db.is_symlink() and dangling.is_symlink()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert (noted / "referentiel.sqlite3").read_bytes()[:6] == b"SQLite"


def test_the_window_save_path_goes_through_the_same_check(noted: Path, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="data folder"):
        write_user_bytes(noted / "referentiel.sqlite3", b"%PDF-", noted)
    with pytest.raises(UserError, match="not a regular file"):
        write_user_bytes("/dev/null", b"%PDF-", noted)


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_files_for_teammates_take_the_umask_backups_stay_private(
    cli: Any, noted: Path, tmp_path: Path, umask: int, mode: int
) -> None:
    old = os.umask(umask)
    try:
        outputs = {
            "bundle": (["export"], tmp_path / "out.rdbundle"),
            "booklet": (["booklet", "--select", "ch1.s1"], tmp_path / "out.pdf"),
            "map": (["map"], tmp_path / "out.svg"),
        }
        for command, path in outputs.values():
            assert cli(*command, "--out", str(path)).code == 0, command
            assert stat.S_IMODE(path.stat().st_mode) == mode, (command, oct(path.stat().st_mode))
        assert cli("backup").code == 0
    finally:
        os.umask(old)
    for backup in (noted / "backups").iterdir():
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600, backup


def test_a_killed_exports_temporary_file_is_cleared_by_the_next_write(
    cli: Any, noted: Path, tmp_path: Path
) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    out = tmp_path / "exports"
    out.mkdir()
    leftovers = [
        out / f".team.rdbundle.{dead.pid}.k3x_9q.part",
        out / f".booklet.pdf.{dead.pid}.abcdef.part",
    ]
    for leftover in leftovers:
        leftover.write_bytes(b"half a bundle")
    alive = out / f".other.pdf.{os.getpid()}.zzzzzz.part"  # a live writer's: kept
    alive.write_bytes(b"being written")
    assert cli("export", "--out", str(out / "fresh.rdbundle")).code == 0
    assert not any(p.exists() for p in leftovers)
    assert alive.exists()
    assert sorted(p.name for p in out.iterdir()) == sorted([alive.name, "fresh.rdbundle"])
