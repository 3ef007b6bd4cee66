"""Hostile conditions: a full disk, a read-only data folder, invalid UTF-8 and control
characters, a text past the size limit, a data folder with non-ASCII characters."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from referentiel_desktop.annotations.notes import add_note
from referentiel_desktop.cli import run
from referentiel_desktop.errors import UserError
from referentiel_desktop.failures import describe
from referentiel_desktop.files import atomic_write_bytes
from referentiel_desktop.safe_text import TEXT_LIMIT
from referentiel_desktop.workspace import Workspace
from tests.mounts import fill, remount_read_only, small_tmpfs


def _cli(data: Path, *args: str, capsys: Any) -> tuple[int, str, str]:
    capsys.readouterr()
    code = run(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _notes(db: Path) -> list[str]:
    with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as conn:
        found = [row[0] for row in conn.execute("SELECT text FROM note ORDER BY created_at")]
    conn.close()
    return found


def test_a_full_disk_refuses_the_save_clearly_and_keeps_what_was_there(
    tmp_path: Path, capsys: Any
) -> None:
    with small_tmpfs(tmp_path / "disk", "3m") as disk:
        data = disk / "data"
        add = ("note", "add", "--target", "engagement.b3", "--text")
        assert _cli(data, *add, "Écrite avant", capsys=capsys)[0] == 0
        open_before = Workspace.open(data)  # the window, open when the disk fills up
        filler = fill(disk)
        with pytest.raises(Exception) as caught:
            for i in range(50):
                add_note(open_before, "engagement.b3", f"Écrite disque plein {i} " * 2000)
        assert describe(caught.value).startswith("The disk is full: nothing was saved.")
        open_before.close()
        code, _out, err = _cli(data, *add, "Écrite disque plein", capsys=capsys)
        assert code == 1
        assert "is full" in err and "Traceback" not in err and err.count("\n") == 1
        code, _out, err = _cli(data, "backup", capsys=capsys)
        assert code == 1 and "Traceback" not in err
        code, _out, err = _cli(data, "search", "avant", capsys=capsys)
        assert "Traceback" not in err
        filler.unlink()
        assert [p.name for p in disk.rglob("*.part")] == []  # nothing half-written left
        assert not (data / "index.new").exists()
        kept = _notes(data / "referentiel.sqlite3")
        assert kept[0] == "Écrite avant" and len(kept) == len(set(kept))
        assert _cli(data, "doctor", capsys=capsys)[0] == 0


def test_a_failed_write_never_replaces_a_good_file(tmp_path: Path, monkeypatch: Any) -> None:
    target = tmp_path / "livret.pdf"
    target.write_bytes(b"the good one")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(UserError, match="No space left"):
        atomic_write_bytes(target, b"a new one" * 1000)
    assert target.read_bytes() == b"the good one"
    assert [p.name for p in tmp_path.iterdir()] == ["livret.pdf"]


def test_a_read_only_data_folder_opens_read_only_and_says_so(tmp_path: Path, capsys: Any) -> None:
    with small_tmpfs(tmp_path / "ro", "20m") as disk:
        data = disk / "data"
        add = ("note", "add", "--target", "engagement.b3", "--text")
        assert _cli(data, *add, "Lue en lecture seule", capsys=capsys)[0] == 0
        remount_read_only(disk)
        code, out, err = _cli(data, "note", "list", capsys=capsys)
        assert code == 0 and "Lue en lecture seule" in out
        assert "read-only" in err and "cannot be read" not in err
        code, _out, err = _cli(data, *add, "Refusée", capsys=capsys)
        assert code == 1 and "read-only" in err and "Traceback" not in err
        assert "backups" not in err
        code, out, err = _cli(data, "search", "seule", capsys=capsys)
        assert code == 0 and "Lue en lecture seule" in out, err
        assert _cli(data, "doctor", capsys=capsys)[0] == 0


def test_closing_a_read_only_workspace_lets_a_read_in_another_thread_finish(
    tmp_path: Path,
) -> None:
    import threading

    from referentiel_desktop.annotations.notes import list_notes

    with small_tmpfs(tmp_path / "ro", "20m") as disk:
        data = disk / "data"
        with Workspace.open(data) as workspace:
            add_note(workspace, "engagement.b3", "Lue « pendant » la fermeture")
        remount_read_only(disk)
        workspace = Workspace.open(data)
        assert workspace.read_only
        reading, closed = threading.Event(), threading.Event()
        found: list[object] = []

        def read_across_the_close() -> None:
            with workspace.reading() as session:
                session.execute(text("SELECT 1"))  # the connection is checked out
                reading.set()
                closed.wait(10)
                try:
                    found.extend(session.scalars(text("SELECT text FROM note")))
                except Exception as error:  # noqa: BLE001 - the failure is the finding
                    found.append(error)

        reader = threading.Thread(target=read_across_the_close)
        reader.start()
        assert reading.wait(10)
        workspace.close()  # what the window does while a search build is still reading
        closed.set()
        reader.join(10)
        assert found == ["Lue « pendant » la fermeture"]
        with Workspace.open(data) as again:
            assert [n.text for n in list_notes(again)] == ["Lue « pendant » la fermeture"]


def test_invalid_utf8_in_an_argument_is_refused_without_a_traceback(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = subprocess.run(
        [sys.executable, "-m", "referentiel_desktop", "--data-dir", str(data),
         "note", "add", "--target", "engagement.b3", "--text", b"abc\xff"],
        capture_output=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert b"not valid UTF-8" in done.stderr and b"abc\\xff" in done.stderr
    assert b"Traceback" not in done.stderr and done.stderr.count(b"\n") == 1


def test_control_characters_are_refused_in_arguments_and_escaped_on_output(
    cli: Any, data_dir: Path
) -> None:
    refused = cli("note", "add", "--target", "engagement.b3", "--text", "abc\x1b[31mrouge")
    assert refused.code == 1 and "\x1b" not in refused.err and "\\x1b" in refused.err
    assert cli("note", "add", "--target", "engagement.b3", "--text", "Bonne note").code == 0
    # A value that reached the store some other way (an older version, a file) is shown
    # escaped, never raw to the terminal.
    db = data_dir / "referentiel.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE note SET text = ?", ("abc\x1b[31mrouge\x07",))
    conn.close()
    listed = cli("note", "list")
    assert listed.code == 0 and "\x1b" not in listed.out and "\x07" not in listed.out
    assert "abc\\x1b[31mrouge\\x07" in listed.out
    assert "\\u001b" in cli("note", "list", "--json").out


def test_a_text_past_the_limit_is_refused_with_a_clear_message(cli: Any) -> None:
    at_limit = "é" * TEXT_LIMIT
    assert cli("note", "add", "--target", "engagement.b3", "--text", at_limit).code == 0
    refused = cli("note", "add", "--target", "engagement.b3", "--text", at_limit + "x")
    assert refused.code == 1 and "at most 100,000 characters" in refused.err
    assert cli("territory", "add", "Nîmes").code == 0
    added = cli("case", "add", "--title", "Cas", "--territory", "Nîmes", "--balise",
                "engagement.b3", "--lessons", "x" * (TEXT_LIMIT + 1))  # fmt: skip
    assert added.code == 1 and "at most" in added.err
    assert len(cli("note", "list", "--json").json()) == 1


def test_a_data_folder_with_non_ascii_characters(tmp_path: Path, capsys: Any) -> None:
    data = tmp_path / "Données de l’équipe « Œuvre » — Zürich 日本"
    add = ("note", "add", "--target", "engagement.b3", "--text", "Équipe")
    assert _cli(data, *add, capsys=capsys)[0] == 0
    assert _cli(data, "backup", capsys=capsys)[0] == 0
    code, out, _err = _cli(data, "search", "equipe", capsys=capsys)
    assert code == 0 and "Équipe" in out
    assert _cli(data, "doctor", capsys=capsys)[0] == 0


def test_debug_shows_the_traceback_and_plain_runs_do_not(cli: Any, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "referentiel.sqlite3").mkdir()  # a folder where the data file should be
    plain = cli("note", "list")
    assert plain.code == 1 and "Traceback" not in plain.err and plain.err.count("\n") == 1
    debug = cli("--debug", "note", "list")
    assert debug.code == 1 and "Traceback" in debug.err


def test_a_read_only_folder_reported_by_the_system_without_a_mount(
    cli: Any, data_dir: Path, monkeypatch: Any
) -> None:
    """The same condition where mounting is not allowed: the system's EROFS, injected."""
    import tempfile

    from referentiel_desktop.store import health

    assert cli("note", "add", "--target", "engagement.b3", "--text", "Gardée").code == 0
    real = tempfile.TemporaryFile

    def read_only_folder(*args: Any, **kwargs: Any) -> Any:
        if Path(kwargs.get("dir", "")) == data_dir:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real(*args, **kwargs)

    monkeypatch.setattr(health.tempfile, "TemporaryFile", read_only_folder)
    listed = cli("note", "list")
    assert listed.code == 0 and "Gardée" in listed.out and "is read-only" in listed.err
    refused = cli("note", "add", "--target", "engagement.b3", "--text", "Refusée")
    assert refused.code == 1 and "read-only" in refused.err
    monkeypatch.undo()
    assert [n["text"] for n in cli("note", "list", "--json").json()] == ["Gardée"]
