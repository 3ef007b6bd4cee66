"""PySide6 no longer reads the source of modules whose use of Qt is known (start-up),
and still reads every other one as it would."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import referentiel_desktop.gui  # noqa: F401 - loading the window's package installs it
from referentiel_desktop.gui.source_scan import known_answer, skip_scan_of_qt_free_modules

feature = sys.modules.get("shibokensupport.feature")
pytestmark = pytest.mark.skipif(
    feature is None or not hasattr(feature, "_mod_uses_pyside"),
    reason="this PySide6 has no source scan to shorten",
)


def test_known_modules_are_answered_without_reading_them() -> None:
    assert known_answer("referentiel_desktop.workspace") is False
    assert known_answer("referentiel_desktop.booklet.story") is False
    assert known_answer("sqlalchemy.orm") is False
    assert known_answer("json.decoder") is False
    assert known_answer("referentiel_desktop.gui") is True
    assert known_answer("referentiel_desktop.gui.app") is True
    assert known_answer("referentiel_desktop.guide") is False  # a core module, if any
    assert known_answer("pytestqt.qtbot") is None
    assert known_answer("PySide6.QtWidgets") is None


def test_other_modules_are_still_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "scan_uses_qt.py").write_text("from PySide6.QtCore import QObject\n")
    (tmp_path / "scan_plain.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    read: list[str] = []
    getsource = inspect.getsource
    monkeypatch.setattr(inspect, "getsource", lambda m: read.append(m.__name__) or getsource(m))
    assert skip_scan_of_qt_free_modules()  # installed once, and again is harmless
    uses_pyside = feature._mod_uses_pyside  # type: ignore[union-attr]
    assert uses_pyside(importlib.import_module("scan_uses_qt")) is True
    assert uses_pyside(importlib.import_module("scan_plain")) is False
    assert {"scan_uses_qt", "scan_plain"} <= set(read)
    assert uses_pyside(importlib.import_module("referentiel_desktop.workspace")) is False
    assert uses_pyside(importlib.import_module("referentiel_desktop.gui.app")) is True
    assert uses_pyside(importlib.import_module("json")) is False
    known = {"referentiel_desktop.workspace", "referentiel_desktop.gui.app", "json"}
    assert known.isdisjoint(read)


def test_loading_the_window_package_spares_the_core_and_sqlalchemy_the_scan() -> None:
    code = (
        "import inspect\n"
        "import referentiel_desktop.gui\n"
        "read = []\n"
        "getsource = inspect.getsource\n"
        "inspect.getsource = lambda m: read.append(m.__name__) or getsource(m)\n"
        "import referentiel_desktop.workspace\n"  # the core, SQLAlchemy and more
        "import referentiel_desktop.gui.compose\n"
        "print(len(read), ' '.join(read))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    count, *names = result.stdout.split()
    assert int(count) == len(names)
    assert [n for n in names if n.split(".")[0] in ("referentiel_desktop", "sqlalchemy")] == []
