"""View → Meeting mode (F5): the referential, or a booklet preset, shown to a council.

The slides go full screen on the screen the user chose (View → Meeting screen), by
default the other one when there are two, so that the laptop keeps the normal window.
They follow the interface language, the side-by-side view (French and English) and the
palette. Leaving (Esc) brings the window back on the last item shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence, QScreen
from PySide6.QtWidgets import QMenu

from referentiel_desktop.errors import UserError
from referentiel_desktop.gui.window.main_window import HOME, MainWindow
from referentiel_desktop.gui.window.map_view import palette_name
from referentiel_desktop.i18n import _

if TYPE_CHECKING:  # the slides are built when the mode starts, not at the first paint
    from referentiel_desktop.gui.meeting.meeting_window import MeetingScreen

SCREEN_SETTING = "meeting/screen"


class MeetingMode:
    def __init__(self, shell: MainWindow) -> None:
        self._shell = shell
        self.screen: MeetingScreen | None = None
        menu = shell.menus["view"]
        menu.addSeparator()
        self.action = QAction(shell)
        self.action.setShortcut(QKeySequence("F5"))
        self.action.triggered.connect(lambda: self.start(shell.current_node_id()))
        menu.addAction(self.action)
        self.presets_menu = QMenu(shell)
        self.presets_menu.aboutToShow.connect(self._fill_presets)
        menu.addMenu(self.presets_menu)
        self.screens_menu = QMenu(shell)
        self.screens_menu.aboutToShow.connect(self._fill_screens)
        menu.addMenu(self.screens_menu)
        self.retranslate()
        shell.language_changed.connect(self.retranslate)

    def retranslate(self, _lang: str = "") -> None:
        self.action.setText(_("&Meeting mode"))
        self.action.setToolTip(_("Show the referential to a council, full screen"))
        self.presets_menu.setTitle(_("Present a booklet p&reset"))
        self.screens_menu.setTitle(_("Meeting &screen"))

    # -- choosing ------------------------------------------------------------------------
    def _fill_presets(self) -> None:
        from referentiel_desktop.booklet.presets import list_presets

        self.presets_menu.clear()
        workspace = self._shell.workspace
        presets = list_presets(workspace) if workspace is not None else []
        if not presets:
            empty = self.presets_menu.addAction(_("No preset saved yet"))
            empty.setEnabled(False)
        for preset in presets:
            action = self.presets_menu.addAction(preset.name)
            action.triggered.connect(lambda _c=False, name=preset.name: self.present_preset(name))

    def _fill_screens(self) -> None:
        self.screens_menu.clear()
        group = QActionGroup(self.screens_menu)
        chosen = self.target_screen()
        for screen in QGuiApplication.screens():
            size = screen.geometry()
            text = f"{screen.name()} ({size.width()}×{size.height()})"
            action = self.screens_menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(screen is chosen)
            group.addAction(action)
            name = screen.name()
            action.triggered.connect(lambda _c=False, name=name: self._choose(name))

    def _choose(self, name: str) -> None:
        self._shell.settings.setValue(SCREEN_SETTING, name)

    def target_screen(self) -> QScreen:
        """The screen chosen before; else another than the window's when there are two."""
        screens = QGuiApplication.screens()
        wanted = str(self._shell.settings.value(SCREEN_SETTING, "") or "")
        for screen in screens:
            if screen.name() == wanted:
                return screen
        own = self._shell.screen()
        others = [screen for screen in screens if screen is not own]
        return others[0] if others else own

    # -- showing -------------------------------------------------------------------------
    def languages(self, lang: str | None = None) -> tuple[str, ...]:
        chosen = lang or ("both" if self._shell.side_by_side_action.isChecked() else "")
        if chosen == "both":
            return (self._shell.language, "en" if self._shell.language == "fr" else "fr")
        return (chosen or self._shell.language,)

    def start(self, node_id: str | None = None, *, lang: str | None = None) -> MeetingScreen:
        from referentiel_desktop.gui.meeting.meeting_window import MeetingScreen
        from referentiel_desktop.presentation import referential_slides, start_at

        langs = self.languages(lang)
        slides = referential_slides(self._shell.model.nodes(), langs)
        first = start_at(slides, None if node_id == HOME else node_id)
        return self._show(MeetingScreen(slides, self._shell.model.nodes(), langs,
                                        palette_name(self._shell.palette()), first))  # fmt: skip

    def present_preset(self, name: str) -> MeetingScreen | None:
        from referentiel_desktop.booklet.content import gather
        from referentiel_desktop.booklet.presets import load_preset
        from referentiel_desktop.gui.meeting.meeting_window import MeetingScreen
        from referentiel_desktop.presentation import booklet_slides

        workspace = self._shell.workspace
        if workspace is None:
            return None
        try:
            options = load_preset(workspace, name)
            # A council room never sees a private note, whatever the preset says.
            content = gather(workspace, options.replace(private=False))
        except UserError as error:
            self._shell.show_failure(str(error))
            return None
        langs = self.languages(options.lang)
        slides = booklet_slides(content, langs)
        palette = palette_name(self._shell.palette())
        return self._show(MeetingScreen(slides, self._shell.model.nodes(), langs, palette))

    def _show(self, screen: MeetingScreen) -> MeetingScreen:
        if self.screen is not None:
            self.screen.close()
        self.screen = screen
        target = self.target_screen()
        screen.setScreen(target)
        screen.setGeometry(target.geometry())
        screen.closed.connect(lambda: self._left(screen))
        screen.showFullScreen()
        screen.activateWindow()
        screen.setFocus()
        return screen

    def _left(self, screen: MeetingScreen) -> None:
        if self.screen is screen:
            self.screen = None
        node_id = screen.slide.node_id
        if node_id:
            self._shell.open_node(node_id)
        self._shell.activateWindow()
