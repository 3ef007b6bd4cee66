"""``import`` reads only regular files, within a size bound (issue 17): a FIFO or
``/dev/zero`` is refused at once instead of hanging the command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file kinds")


def _import(data: Path, source: str) -> subprocess.CompletedProcess[str]:
    # a subprocess with a timeout: the old code hung here for good
    return subprocess.run(
        [sys.executable, "-m", "referentiel_desktop", "--data-dir", str(data), "import", source],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "link-to-dev-zero", "folder"])
def test_import_of_a_fifo_or_a_device_is_refused_at_once(
    tmp_path: Path, data_dir: Path, kind: str
) -> None:
    source = tmp_path / "teammate.rdbundle"
    if kind == "fifo":
        os.mkfifo(source)
    elif kind == "dev-zero":
        source = Path("/dev/zero")
    elif kind == "link-to-dev-zero":
        source.symlink_to("/dev/zero")
    else:
        source.mkdir()
    result = _import(data_dir, str(source))
    assert result.returncode == 1, result
    assert "it is not a regular file" in result.stderr
    assert "Nothing was changed" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_regular_bundle_still_imports(cli: object, tmp_path: Path, data_dir: Path) -> None:
    from typing import Any

    run: Any = cli
    assert run("note", "add", "--target", "ch1", "--text", "D’abord « ça »").code == 0
    out = tmp_path / "out.rdbundle"
    assert run("export", "--out", str(out)).code == 0
    other = tmp_path / "other"
    result = _import(other, str(out))
    assert result.returncode == 0, result.stderr
