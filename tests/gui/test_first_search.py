"""Words typed before the workspace is open are answered first; the features that read
or write are built right after the answer, and ``workspace_ready`` says they are there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def _window_before_its_workspace(qapp: Any, qtbot: Any, data_dir: Path) -> Any:
    from referentiel_desktop.gui.app import create_main_window
    from referentiel_desktop.workspace import Workspace

    Workspace.open(data_dir).close()  # not the first start: the window paints first
    window = create_main_window(data_dir, qapp)
    qtbot.addWidget(window)
    assert window.workspace is None
    return window


def test_words_typed_at_once_are_answered_before_the_features_are_built(
    qapp: Any, qtbot: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fallback for a search that lingers must not fire on a loaded machine: the
    # order asserted here is the one of an answer that comes, however slowly.
    monkeypatch.setattr("referentiel_desktop.gui.compose.FIRST_ANSWER_WAIT_MS", 120_000)
    window = _window_before_its_workspace(qapp, qtbot, data_dir)
    panel = window.search.panel
    panel.field.setText("confiance")
    seen: list[tuple[str, bool]] = []
    panel.results_shown.connect(lambda _n: seen.append(("results", hasattr(window, "notes"))))
    window.workspace_ready.connect(lambda _w: seen.append(("ready", hasattr(window, "notes"))))
    with qtbot.waitSignal(window.workspace_ready, timeout=30_000):
        window.show()
    assert seen[0] == ("results", False)
    assert seen[-1] == ("ready", True)
    assert panel.results.count() > 0
    assert window.notes.panel is not None and window.booklet is not None
    window.workspace.close()


def test_with_nothing_typed_the_features_are_there_when_the_workspace_is(
    qapp: Any, qtbot: Any, data_dir: Path
) -> None:
    window = _window_before_its_workspace(qapp, qtbot, data_dir)
    ready: list[bool] = []
    window.workspace_ready.connect(lambda _w: ready.append(hasattr(window, "inventory")))
    with qtbot.waitSignal(window.workspace_ready, timeout=30_000):
        window.show()
    assert ready == [True]
    window.workspace.close()


def test_words_typed_at_once_are_answered_from_the_index_on_disk_and_stay(
    qapp: Any, qtbot: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ordinary start (the index built and up to date) answers before the workspace
    is open; the search service's answer, the same, leaves the rows as they are."""
    from referentiel_desktop.gui.app import create_main_window
    from referentiel_desktop.gui.window.search_panel import HIT_ROLE
    from referentiel_desktop.search.service import SearchService
    from referentiel_desktop.workspace import Workspace

    monkeypatch.setattr("referentiel_desktop.gui.compose.FIRST_ANSWER_WAIT_MS", 120_000)
    with Workspace.open(data_dir) as workspace:
        service = SearchService(workspace)
        service.prepare()
        service.close()
    window = create_main_window(data_dir, qapp)
    qtbot.addWidget(window)
    panel = window.search.panel
    panel.field.setText("confiance")
    answers: list[tuple[int, bool]] = []
    panel.results_shown.connect(lambda n: answers.append((n, window.workspace is None)))
    removed_after: list[int] = []
    rows = panel.results.model()
    rows.rowsRemoved.connect(lambda *_args: removed_after.append(len(answers)))
    with qtbot.waitSignal(window.workspace_ready, timeout=30_000):
        window.show()
    assert answers[0][1] is True  # answered while the workspace was not open yet
    assert answers[0][0] > 0
    assert answers[-1] == (answers[0][0], False)  # the service's answer: the same count
    assert all(count == 0 for count in removed_after)  # no row taken away after the first
    assert panel.results.item(0).data(HIT_ROLE).id == "engagement.b3"
    window.workspace.close()
