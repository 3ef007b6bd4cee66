"""The balises a case illustrates: a checkable tree, theme by theme, with a filter that
matches French or English titles, accents aside."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from referentiel_desktop.gui.common.labels import display_title
from referentiel_desktop.referential.snapshot import NodeView
from referentiel_desktop.text import fold

NODE_ROLE = Qt.ItemDataRole.UserRole + 30
FILTER_ROLE = Qt.ItemDataRole.UserRole + 31


class BaliseChecklist(QTreeWidget):
    def __init__(self, nodes: list[NodeView], language: str) -> None:
        super().__init__()
        self.setHeaderHidden(True)
        themes: dict[str, QTreeWidgetItem] = {}
        for node in nodes:
            if node.kind == "theme":
                item = QTreeWidgetItem([display_title(node, language)])
                themes[node.id] = item
                self.addTopLevelItem(item)
            elif node.kind == "balise" and node.parent_id in themes:
                item = QTreeWidgetItem([display_title(node, language)])
                item.setData(0, NODE_ROLE, node.id)
                item.setData(0, FILTER_ROLE, fold(f"{node.title_fr} {node.title_en}"))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(0, Qt.CheckState.Unchecked)
                themes[node.parent_id].addChild(item)
        self.expandAll()

    def balise_items(self) -> list[QTreeWidgetItem]:
        items: list[QTreeWidgetItem] = []
        for t in range(self.topLevelItemCount()):
            theme = self.topLevelItem(t)
            if theme is not None:
                items.extend(c for b in range(theme.childCount()) if (c := theme.child(b)))
        return items

    def checked_items(self) -> list[QTreeWidgetItem]:
        return [i for i in self.balise_items() if i.checkState(0) == Qt.CheckState.Checked]

    def checked(self) -> list[str]:
        return [i.data(0, NODE_ROLE) for i in self.checked_items()]

    def check(self, ids: set[str]) -> None:
        for item in self.balise_items():
            checked = item.data(0, NODE_ROLE) in ids
            item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def filter(self, text: str) -> None:
        """Keep the balises whose French or English title holds the text, accents aside."""
        needle = fold(text.strip())
        for item in self.balise_items():
            item.setHidden(bool(needle) and needle not in item.data(0, FILTER_ROLE))
