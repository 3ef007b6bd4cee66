"""The reading pane: the selected node's page in one language, or French and English side
by side (one table, each paragraph beside its translation, so both scroll as one), with
room below for panels that features add (notes and cases of a balise…)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QSplitter, QTextBrowser, QTextEdit, QVBoxLayout, QWidget

from referentiel_desktop.gui.common import accessible
from referentiel_desktop.gui.common.labels import display_title
from referentiel_desktop.gui.window.map_view import palette_name
from referentiel_desktop.gui.window.node_page import (
    PageContext,
    page_blocks,
    side_by_side_html,
    single_html,
)
from referentiel_desktop.i18n import _
from referentiel_desktop.referential.snapshot import NodeView

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl


class NodePanel(Protocol):
    def show_node(self, node_id: str | None) -> None: ...


class ReadingPane(QWidget):
    link_activated = Signal(str)

    def __init__(
        self,
        children_of: Callable[[str], list[NodeView]],
        node_of: Callable[[str], NodeView | None] = lambda _id: None,
    ) -> None:
        super().__init__()
        self.context = PageContext(node_of=node_of, children_of=children_of)
        self._node: NodeView | None = None
        self._lang = "fr"
        self._side_by_side = False
        # The page's browser is built when a page is first shown: the first start shows
        # the map, and Qt's first text browser costs about 10 ms before the first paint.
        self._primary: QTextBrowser | None = None
        self._panels: list[NodePanel] = []
        # The reader moves the line between the page and the team's notes; until they do,
        # the page gets the height its text needs (a balise's page is short, a scenario long).
        self._fitted = True
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.splitterMoved.connect(self._moved_by_hand)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    @property
    def primary(self) -> QTextBrowser:
        """The page's text, first in the splitter, the panels under it."""
        return self._primary or self._build_primary()

    def _build_primary(self) -> QTextBrowser:
        self._primary = self._browser("reading-primary")
        self.splitter.insertWidget(0, self._primary)
        self._render()
        return self._primary

    def _browser(self, name: str) -> QTextBrowser:
        browser = QTextBrowser()
        browser.setObjectName(name)
        browser.setOpenLinks(False)
        browser.anchorClicked.connect(self._anchor)
        browser.document().setDocumentMargin(24)
        return browser

    def _anchor(self, url: QUrl) -> None:
        if url.scheme() == "node":
            self.link_activated.emit(url.path())

    def add_panel(self, panel: QWidget, follows: NodePanel) -> None:
        """Add ``panel`` below the text; ``follows`` (often the panel itself) is told
        each node shown."""
        self._panels.append(follows)
        if self._primary is None:
            self._build_primary()  # the page comes first, above every panel
        self.splitter.addWidget(panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(self.splitter.count() - 1, 2)
        follows.show_node(self._node.id if self._node else None)
        self._fit_soon()

    def restore_splitter(self, state: object) -> None:
        """The reader's own split, remembered: it stays as they left it."""
        if self._primary is None:
            self._build_primary()  # the state's first share is the page's
        if self.splitter.restoreState(state):  # type: ignore[arg-type]
            self._fitted = False

    def fitted(self) -> bool:
        """True while the page's height follows its text (the reader has not moved it)."""
        return self._fitted

    def _moved_by_hand(self, _pos: int, _index: int) -> None:
        self._fitted = False

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self._render()

    def set_side_by_side(self, enabled: bool) -> None:
        self._side_by_side = enabled
        self._render()

    def side_by_side(self) -> bool:
        return self._side_by_side

    def show_node(self, node: NodeView | None) -> None:
        self._node = node
        self._render()
        for panel in self._panels:
            panel.show_node(node.id if node else None)

    def refresh(self) -> None:
        """Render again (the inventory's links to this page changed…)."""
        self._render()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and getattr(self, "_node", None):
            self._render()  # the theme's colours follow a light or dark palette

    def highlight(self, words: list[str]) -> None:
        """Mark ``words`` (as the text writes them: a hit's snippet gives them) in what
        is shown, and scroll to the first one: where a search hit matched."""
        from PySide6.QtGui import QTextCharFormat, QTextCursor  # not needed to paint

        marker = QTextCharFormat()
        marker.setBackground(QColor("#fff2a8"))
        marker.setForeground(QColor("#000000"))
        browser = self.primary
        selections = []
        document = browser.document()
        for word in words:
            cursor = document.find(word)
            while not cursor.isNull():
                selection = QTextEdit.ExtraSelection()
                selection.cursor, selection.format = cursor, marker  # type: ignore[misc]
                selections.append(selection)
                cursor = document.find(word, cursor)
        browser.setExtraSelections(selections)
        if selections:
            first = min(selections, key=lambda sel: sel.cursor.position())  # type: ignore[misc]
            there = QTextCursor(first.cursor)  # type: ignore[misc]
            there.clearSelection()  # a selection would paint over the mark
            browser.setTextCursor(there)
            browser.ensureCursorVisible()

    def marked_words(self) -> list[str]:
        return [s.cursor.selectedText() for s in self.primary.extraSelections()]  # type: ignore[misc]

    def _render(self) -> None:
        if self._primary is None:
            if self._node is not None:  # nothing to show before: the browser waited
                self._build_primary()  # renders through here again
            return
        self.primary.setExtraSelections([])
        if self._node is None:
            self.primary.clear()
            accessible.name(self.primary, _("Page"))
            return
        accessible.name(self.primary, display_title(self._node, self._lang))
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        blocks = page_blocks(self._node, self.context, muted, palette_name(self.palette()))
        if self._side_by_side:
            self.primary.setHtml(side_by_side_html(blocks))
        else:
            self.primary.setHtml(single_html(blocks, self._lang))
        self._fit_soon()

    def _fit_soon(self) -> None:
        QTimer.singleShot(0, self._fit)

    def _fit(self) -> None:
        """Give the page the height its text needs, between 45 % and 70 % of the pane,
        the rest to the notes and cases below (the page is what a reader came for)."""
        if not self._fitted or self.splitter.count() < 2:
            return
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        document = self.primary.document()
        document.setTextWidth(self.primary.viewport().width())
        wanted = int(document.size().height()) + 8
        page = max(int(total * 0.45), min(wanted, int(total * 0.7)))
        rest = total - page
        others = self.splitter.count() - 1
        self.splitter.setSizes([page] + [rest // others] * others)
