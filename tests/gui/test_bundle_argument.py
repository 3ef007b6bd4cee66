"""A bundle given on the command line (what a double-click on a .rdbundle runs) opens the
window's import preview, as a bundle dropped on the window does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from referentiel_desktop.annotations import notes
from referentiel_desktop.exchange.export import export
from referentiel_desktop.workspace import Workspace


def _bundle_from_a_teammate(tmp_path: Path) -> Path:
    with Workspace.open(tmp_path / "bruno") as bruno:
        notes.add_note(bruno, "engagement.b3", "Réunion « publique » à l’œuvre")
        export(bruno, tmp_path / "De Bruno.rdbundle")
    return tmp_path / "De Bruno.rdbundle"


def test_the_command_line_routes_a_bundle_to_the_window(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from referentiel_desktop import __main__
    from referentiel_desktop.gui import app

    seen: list[list[str]] = []
    monkeypatch.setattr(app, "run_gui", lambda argv: seen.append(argv) or 0)
    bundle = str(tmp_path / "De Bruno.RDBUNDLE")
    assert __main__.main(["--data-dir", str(tmp_path), bundle]) == 0
    assert seen == [["--data-dir", str(tmp_path), bundle]]
    args, qt_args = app.parse_gui_arguments(seen[0])
    assert args.bundle == Path(bundle) and qt_args == []


def test_a_bundle_named_at_start_is_previewed(
    qtbot: Any, qapp: Any, data_dir: Path, tmp_path: Path
) -> None:
    from referentiel_desktop.gui.app import create_main_window, open_bundle_when_ready
    from referentiel_desktop.gui.common.worker import wait_for_background

    bundle = _bundle_from_a_teammate(tmp_path)
    Workspace.open(data_dir).close()  # not a first start: the workspace opens after the paint
    window = create_main_window(data_dir, qapp)
    qtbot.addWidget(window)
    open_bundle_when_ready(window, bundle)
    window.show()
    qtbot.waitUntil(lambda: getattr(window, "exchange", None) is not None, timeout=10_000)
    qtbot.waitUntil(lambda: window.exchange.import_dialog is not None, timeout=10_000)
    dialog = window.exchange.import_dialog
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert dialog.isVisible()
    assert dialog.report.counts["added"] >= 1
    assert (
        notes.list_notes(window.workspace, target="engagement.b3") == []
    )  # previewed, not applied
    dialog.reject()
    wait_for_background()
    window.workspace.close()


def test_a_bundle_opened_while_the_window_is_open_goes_to_that_window(
    qapp: Any, qtbot: Any, data_dir: Path, tmp_path: Path
) -> None:
    from referentiel_desktop.gui.common.single_instance import SingleInstance

    data_dir.mkdir(parents=True)
    first = SingleInstance(data_dir)
    assert first.acquire()
    bundle = tmp_path / "Échange « équipe ».rdbundle"
    try:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        with qtbot.waitSignal(first.bundle_requested, timeout=20000) as asked:
            second = subprocess.Popen(
                [sys.executable, "-m", "referentiel_desktop", "--data-dir", str(data_dir),
                 str(bundle)],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            qtbot.waitUntil(lambda: second.poll() is not None, timeout=20000)
        _out, err = second.communicate()
        assert second.returncode == 0, err
        assert asked.args == [str(bundle)]
    finally:
        first.release()
