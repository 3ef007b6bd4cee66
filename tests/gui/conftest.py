"""GUI fixtures: the real main window on a fresh data folder, offscreen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import referentiel_desktop.gui  # noqa: F401 - protects None from PySide6 6.12.0 first
from referentiel_desktop import i18n


@pytest.fixture(autouse=True)
def _collect_like_the_application() -> Iterator[None]:
    """The application collects garbage on the UI thread only (see gui/app.py)."""
    import gc

    gc.disable()
    yield
    gc.enable()


@pytest.fixture
def make_window(qtbot: Any, qapp: Any, data_dir: Path) -> Iterator[Callable[..., Any]]:
    from referentiel_desktop.gui.app import create_main_window

    windows: list[Any] = []

    def make(*, author: str | None = "Testeuse") -> Any:
        if author and not windows:
            from referentiel_desktop.annotations.people import set_default_author
            from referentiel_desktop.workspace import Workspace

            with Workspace.open(data_dir) as workspace:
                set_default_author(workspace, author)
        window = create_main_window(data_dir, qapp, defer_workspace=False)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    from referentiel_desktop.gui.common.worker import wait_for_background

    wait_for_background()  # nothing of this test may still run during the next one
    qapp.processEvents()
    for window in windows:
        if window.workspace is not None:
            window.workspace.close()
    i18n.set_language("en")
    import gc

    qapp.processEvents()
    gc.collect()
    qapp.qt_language_reset = True


@pytest.fixture
def window(make_window: Callable[..., Any]) -> Any:
    return make_window()
