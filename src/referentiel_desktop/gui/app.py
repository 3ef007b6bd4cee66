"""Start the window.

The first paint comes from a quick ``sqlite3`` read of the referential; the full
Workspace (SQLAlchemy, migrations, an upgraded edition) opens right after it, so the
window shows as fast as a bare Qt window allows. On the very first start there is no
database yet, and the Workspace opens before the window.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLocale, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from referentiel_desktop import __version__, i18n, paths
from referentiel_desktop.errors import UserError
from referentiel_desktop.gui.compose import Window
from referentiel_desktop.gui.window.main_window import HOME
from referentiel_desktop.i18n import _
from referentiel_desktop.paths import DATABASE_NAME
from referentiel_desktop.referential.snapshot import read_nodes
from referentiel_desktop.store.schema_version import SCHEMA_VERSION

if TYPE_CHECKING:
    from PySide6.QtCore import QTranslator

PROBE_ENV = "REFERENTIEL_DESKTOP_STARTUP_PROBE"
SEARCH_PROBE_ENV = "REFERENTIEL_DESKTOP_FIRST_SEARCH_PROBE"
SCREENSHOT_ENV = "REFERENTIEL_DESKTOP_SCREENSHOT"
# Writes run on the UI thread: waiting longer for another process's lock would freeze
# the window. A write that gives up is said in the window, with Retry.
WINDOW_BUSY_TIMEOUT_MS = 250


class QtLanguage:
    """Keeps our catalogs and Qt's own ``qtbase`` translation in the same language."""

    _per_app: dict[int, QtLanguage] = {}

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._translator: QTranslator | None = None

    @classmethod
    def of(cls, app: QApplication) -> QtLanguage:
        """One per application: a second window must not stack a second translator."""
        return cls._per_app.setdefault(id(app), cls(app))

    def apply(self, lang: str) -> None:
        i18n.set_language(lang)
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        if lang != "en":
            from PySide6.QtCore import QLibraryInfo, QTranslator  # English needs neither

            translator = QTranslator(self._app)
            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if translator.load(QLocale(lang), "qtbase", "_", folder):
                self._app.installTranslator(translator)
                self._translator = translator

        QLocale.setDefault(QLocale(lang))


def open_settings(data_dir: Path) -> QSettings:
    """Settings live in the data folder, so ``--data-dir`` isolates them too."""
    return QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)


def create_main_window(
    data_dir: Path, app: QApplication, *, defer_workspace: bool = True
) -> Window:
    """Build the window on ``data_dir``; the workspace attaches after the first paint
    when ``defer_workspace`` (tests pass False to have it at once)."""
    settings = open_settings(data_dir)
    language = str(settings.value("language", "") or i18n.system_language())
    if language not in i18n.LANGUAGES:
        language = "en"
    qt_language = QtLanguage.of(app)
    qt_language.apply(language)
    db_path = data_dir / DATABASE_NAME
    nodes = read_nodes(db_path, SCHEMA_VERSION)
    workspace = None
    failure: UserError | None = None
    if nodes is None:
        from referentiel_desktop.workspace import Workspace

        try:
            workspace = Workspace.open(data_dir, busy_timeout_ms=WINDOW_BUSY_TIMEOUT_MS)
        except UserError as error:
            failure = error
        nodes = read_nodes(db_path, SCHEMA_VERSION) or []
    window = Window(nodes, db_path, settings, language, qt_language.apply)
    report_uncaught_errors(window)
    if failure is not None:
        report_unreadable_data(window, failure)
    elif workspace is not None:
        window.attach_workspace(workspace)
    elif defer_workspace:
        # After the first paint, not before: a zero timer queued now would run first.
        window.installEventFilter(
            _AfterFirstPaint(window, lambda: _open_workspace(window, data_dir))
        )
    else:
        _open_workspace(window, data_dir)
    return window


def report_uncaught_errors(window: Window) -> None:
    """An exception that no code caught is shown in the window and logged, never lost."""
    import shiboken6

    from referentiel_desktop.gui.common.failures import install_excepthook

    def report(message: str) -> None:
        if shiboken6.isValid(window):
            window.show_failure(message)

    uninstall = install_excepthook(report)
    window.destroyed.connect(lambda *_args: uninstall())


def _open_workspace(window: Window, data_dir: Path) -> None:
    if window.search.panel.has_query() and window.search.answer_early(data_dir):
        # Answered from the index on disk: the results are painted (the repaint is
        # queued before this zero timer) before the workspace's opening holds the thread.
        QTimer.singleShot(0, window, lambda: _open_workspace_now(window, data_dir))
        return
    _open_workspace_now(window, data_dir)


def _open_workspace_now(window: Window, data_dir: Path) -> None:
    from referentiel_desktop.referential.snapshot import read_edition
    from referentiel_desktop.workspace import Workspace

    before = read_edition(window.db_path)
    try:
        workspace = Workspace.open(data_dir, busy_timeout_ms=WINDOW_BUSY_TIMEOUT_MS)
    except UserError as error:
        report_unreadable_data(window, error)
        return
    if read_edition(window.db_path) != before:
        window.reload_nodes()  # a newer bundled edition was just installed
    window.attach_workspace(workspace)


def report_unreadable_data(window: Window, error: UserError) -> None:
    """The data file cannot be opened: say so and why, change nothing, and leave the
    window up for reading what can still be read."""
    window.show_unreadable(str(error))


class _AfterFirstPaint(QObject):
    def __init__(self, parent: QObject, callback: Callable[[], None]) -> None:
        super().__init__(parent)
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)
        return False


# What the first paint does not wait for (the benchmark's probe names any it finds).
_NOT_BEFORE_THE_FIRST_PAINT = (
    "sqlalchemy",
    "whoosh",
    "reportlab",
    "concurrent.futures",  # the worker's pool, made with the first background task
    "referentiel_desktop.gui.common.worker",  # loaded with the first background task
    "referentiel_desktop.store.migrations",
)


class _FirstPaint(QObject):
    """Prints the monotonic time of the window's first paint, then quits (benchmark);
    with ``words``, types them in the search field at once and quits once the first
    results are shown, printing when."""

    def __init__(self, window: Window, words: str = "") -> None:
        super().__init__(window)
        self._window = window
        self._words = words

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            heavy = ",".join(m for m in _NOT_BEFORE_THE_FIRST_PAINT if m in sys.modules)
            now, cpu = time.monotonic(), time.process_time()
            print(f"first-paint {now:.6f} cpu={cpu:.6f} loaded={heavy}", flush=True)
            watched.removeEventFilter(self)
            if not self._words:
                QTimer.singleShot(0, QApplication.quit)
                return False
            panel = self._window.search.panel
            panel.results_shown.connect(self._answered)
            panel.field.setText(self._words)
        return False

    def _answered(self, count: int) -> None:
        print(f"first-search {time.monotonic():.6f} hits={count}", flush=True)
        QTimer.singleShot(0, QApplication.quit)


def collect_garbage_on_the_ui_thread() -> None:
    """Python's collector runs on the UI thread only, when work ends (``collector.py``)."""
    from referentiel_desktop.gui.common.collector import take_over_collection

    def no_task_in_flight() -> bool:
        # The worker's module loads with the first background task, after the first paint.
        from referentiel_desktop.gui.common.worker import background_idle

        return background_idle()

    take_over_collection(no_task_in_flight)


def open_bundle_when_ready(window: Window, bundle: Path) -> None:
    """A bundle named on the command line (a double-click on one) is previewed as a bundle
    dropped on the window is, once the workspace and its exchange feature are there."""

    def preview(*_args: object) -> None:
        QTimer.singleShot(0, lambda: window.exchange.start_import(bundle))

    if window.workspace is not None:
        preview()
    else:
        window.workspace_ready.connect(preview)


def parse_gui_arguments(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """``[--data-dir DIR] [--present [ID]] [--lang fr|en|both] [FILE.rdbundle]``; what is
    left goes to Qt."""
    if not argv or (len(argv) == 2 and argv[0] == "--data-dir" and not argv[1].startswith("-")):
        # The ordinary starts (from the menu, or on a data folder) read as argparse would
        # read them, without building its parser before the first paint (2 ms).
        folder = argv[1] if argv else None
        plain = argparse.Namespace(data_dir=folder, present=None, lang=None, bundle=None)
        return plain, []
    return gui_argument_parser().parse_known_args(argv)


def gui_argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="referentiel-desktop")
    parser.add_argument("--data-dir")
    parser.add_argument("--present", nargs="?", const=HOME, default=None, metavar="ID")
    parser.add_argument("--lang", choices=("fr", "en", "both"), default=None)
    parser.add_argument("bundle", nargs="?", type=lambda text: Path(text).absolute())
    return parser


def run_gui(argv: list[str]) -> int:
    args, qt_args = parse_gui_arguments(argv)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("referentiel-desktop")
    app.setApplicationDisplayName("Référentiel Desktop")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("referentiel-desktop")
    app.setDesktopFileName("fr.transitions.ReferentielDesktop")
    collect_garbage_on_the_ui_thread()
    try:
        data = paths.data_dir(args.data_dir)
    except UserError as error:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Critical, "Référentiel Desktop", str(error))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()
        return 1
    from referentiel_desktop.gui.common.single_instance import SingleInstance

    instance = SingleInstance(data)
    if not instance.acquire(serve=False, bundle=args.bundle):
        message = _(
            "Référentiel Desktop is already open on {path}: its window was brought forward."
        )
        print(message.format(path=data), file=sys.stderr)
        return 0
    window = create_main_window(data, app)
    if args.bundle is not None:
        open_bundle_when_ready(window, args.bundle)
    window.installEventFilter(_AfterFirstPaint(window, instance.serve))
    give_the_icon_after_the_first_paint(window, app)
    instance.activated.connect(lambda: bring_forward(window))
    instance.bundle_requested.connect(lambda path: open_bundle_when_ready(window, Path(path)))
    if os.environ.get(PROBE_ENV) or os.environ.get(SEARCH_PROBE_ENV):
        probe = _FirstPaint(window, os.environ.get(SEARCH_PROBE_ENV, ""))
        window.installEventFilter(probe)
    shot = os.environ.get(SCREENSHOT_ENV)
    if shot:
        QTimer.singleShot(1500, lambda: (window.grab().save(shot), app.quit()))
    window.show()
    if args.present is not None:
        present = args.present
        QTimer.singleShot(0, lambda: window.meeting.start(present, lang=args.lang))
    code = app.exec()
    if window.workspace is not None:
        window.workspace.close()
    instance.release()
    return int(code)


def give_the_icon_after_the_first_paint(window: Window, app: QApplication) -> None:
    """The application's icon, drawn from SVG once the window has painted: Qt loads its
    SVG engine for it (2.4 ms), and the window manager takes an icon given a moment
    after the window mapped as readily as one given before."""

    def give() -> None:
        from PySide6.QtGui import QIcon

        icon = paths.resources_dir() / "icons" / "referentiel-desktop.svg"
        app.setWindowIcon(QIcon(str(icon)))

    window.installEventFilter(_AfterFirstPaint(window, give))


def bring_forward(window: Window) -> None:
    """Another launch on the same data folder: show this window instead."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
