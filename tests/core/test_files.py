"""Files the application writes replace the old one whole, or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from referentiel_desktop.errors import UserError
from referentiel_desktop.files import atomic_output, atomic_write_bytes


def test_a_write_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "livret.pdf"
    target.write_bytes(b"old")
    atomic_write_bytes(target, "« œuvre »".encode())
    assert target.read_text(encoding="utf-8") == "« œuvre »"
    assert [p.name for p in tmp_path.iterdir()] == ["livret.pdf"]


def test_a_failed_write_keeps_the_good_file(tmp_path: Path) -> None:
    target = tmp_path / "bundle.zip"
    target.write_bytes(b"good")
    with pytest.raises(RuntimeError), atomic_output(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("disk full halfway")
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["bundle.zip"]


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        atomic_write_bytes(tmp_path / "nowhere" / "x.pdf", b"x")
