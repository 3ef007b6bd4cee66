"""The reading pane: the selected node in one language, or French and English side by
side, with room below for panels that features add (notes and cases of a balise…)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QSplitter, QTextBrowser, QTextEdit, QVBoxLayout, QWidget

from referentiel_desktop.gui.node_html import node_html
from referentiel_desktop.referential.snapshot import NodeView


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
        self._children_of = children_of
        self._node_of = node_of
        self._node: NodeView | None = None
        self._lang = "fr"
        self._side_by_side = False
        self.primary = self._browser("reading-primary")
        self.secondary = self._browser("reading-secondary")
        self.secondary.hide()
        self._texts = QSplitter(Qt.Orientation.Horizontal)
        self._texts.addWidget(self.primary)
        self._texts.addWidget(self.secondary)
        self._panels: list[NodePanel] = []
        # The reader moves the line between the text and the team's notes: a balise is a
        # title, a chapter pages of text.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._texts)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

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

    def add_panel(self, panel: QWidget) -> None:
        """Add a widget below the text; it must have ``show_node(node_id)``."""
        self._panels.append(panel)  # type: ignore[arg-type]
        self.splitter.addWidget(panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(self.splitter.count() - 1, 2)
        panel.show_node(self._node.id if self._node else None)  # type: ignore[attr-defined]

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self._render()

    def set_side_by_side(self, enabled: bool) -> None:
        self._side_by_side = enabled
        self.secondary.setVisible(enabled)
        self._render()

    def show_node(self, node: NodeView | None) -> None:
        self._node = node
        self._render()
        for panel in self._panels:
            panel.show_node(node.id if node else None)

    def highlight(self, words: list[str]) -> None:
        """Mark ``words`` (as the text writes them: a hit's snippet gives them) in what
        is shown, and scroll to the first one: where a search hit matched."""
        marker = QTextCharFormat()
        marker.setBackground(QColor("#fff2a8"))
        marker.setForeground(QColor("#000000"))
        for browser in (self.primary, self.secondary):
            selections = []
            document = browser.document()
            for word in words:
                cursor = document.find(word)
                while not cursor.isNull():
                    selection = QTextEdit.ExtraSelection()
                    selection.cursor, selection.format = cursor, marker
                    selections.append(selection)
                    cursor = document.find(word, cursor)
            browser.setExtraSelections(selections)
            if selections:
                first = min(selections, key=lambda sel: sel.cursor.position())
                there = QTextCursor(first.cursor)
                there.clearSelection()  # a selection would paint over the mark
                browser.setTextCursor(there)
                browser.ensureCursorVisible()

    def marked_words(self) -> list[str]:
        return [s.cursor.selectedText() for s in self.primary.extraSelections()]

    def _render(self) -> None:
        for browser in (self.primary, self.secondary):
            browser.setExtraSelections([])
        if self._node is None:
            self.primary.clear()
            self.secondary.clear()
            return
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        kids = self._children_of(self._node.id)
        parent = self._node_of(self._node.parent_id) if self._node.parent_id else None
        if self._side_by_side:
            self.primary.setHtml(node_html(self._node, kids, "fr", muted, parent))
            self.secondary.setHtml(node_html(self._node, kids, "en", muted, parent))
        else:
            self.primary.setHtml(node_html(self._node, kids, self._lang, muted, parent))
