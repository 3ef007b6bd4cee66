"""The booklet dialog's checkable tree: the referential as the navigation shows it;
checking a theme checks all it holds, and a partly chosen theme shows it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from referentiel_desktop.gui.common.labels import display_title
from referentiel_desktop.referential.snapshot import NodeView

NODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class BookletTree(QTreeWidget):
    selection_changed = Signal()

    def __init__(self, nodes: list[NodeView], language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("booklet-tree")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.items: dict[str, QTreeWidgetItem] = {}
        flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate
        for node in nodes:
            parent_item = self.items.get(node.parent_id or "")
            item = QTreeWidgetItem([display_title(node, language)])
            item.setToolTip(0, node.title(language).replace("<", "&lt;"))
            item.setData(0, NODE_ID_ROLE, node.id)
            item.setFlags(item.flags() | flags)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            if parent_item is None:
                self.addTopLevelItem(item)
            else:
                parent_item.addChild(item)
            self.items[node.id] = item
        self.itemChanged.connect(lambda *_: self.selection_changed.emit())

    def selected_ids(self) -> list[str]:
        """The checked items, most general first: a fully checked theme stands for all
        it holds (the core expands it again), in the referential's order."""
        chosen: list[str] = []
        for node_id, item in self.items.items():
            if item.checkState(0) != Qt.CheckState.Checked:
                continue
            parent = item.parent()
            if parent is not None and parent.checkState(0) == Qt.CheckState.Checked:
                continue
            chosen.append(node_id)
        return chosen

    def set_selected(self, ids: list[str] | tuple[str, ...]) -> None:
        self.blockSignals(True)
        for item in self.items.values():
            item.setCheckState(0, Qt.CheckState.Unchecked)
        for node_id in ids:
            chosen = self.items.get(node_id)
            if chosen is not None:
                chosen.setCheckState(0, Qt.CheckState.Checked)
                self._reveal(chosen)
        self.blockSignals(False)
        self.selection_changed.emit()

    def _reveal(self, item: QTreeWidgetItem) -> None:
        parent: QTreeWidgetItem | None = item.parent()
        while parent is not None:
            parent.setExpanded(True)
            parent = parent.parent()

    def current_id(self) -> str | None:
        item = self.currentItem()
        return None if item is None else str(item.data(0, NODE_ID_ROLE))
