"""The navigation tree: chapters, themes with their balises, methods and devices, the
support scenarios and the inventory, built from the referential's nodes."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from referentiel_desktop.gui.common.labels import display_title
from referentiel_desktop.gui.common.plain import tooltip
from referentiel_desktop.i18n import N_, _
from referentiel_desktop.referential.snapshot import NodeView

NODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2

GROUPS = {"method": N_("Methods of action"), "device": N_("Devices")}


class NavigationModel(QStandardItemModel):
    def __init__(self) -> None:
        super().__init__()
        self._nodes: dict[str, NodeView] = {}
        self._items: dict[str, QStandardItem] = {}

    def load(self, nodes: list[NodeView], lang: str) -> None:
        self.clear()
        self._nodes = {n.id: n for n in nodes}
        self._items = {}
        groups: dict[tuple[str, str], QStandardItem] = {}
        for node in nodes:
            item = QStandardItem()
            item.setEditable(False)
            item.setData(node.id, NODE_ID_ROLE)
            self._items[node.id] = item
            parent_item = self._items.get(node.parent_id or "")
            if parent_item is None:
                self.invisibleRootItem().appendRow(item)
            elif node.kind in GROUPS and self._nodes[node.parent_id or ""].kind == "theme":
                key = (node.parent_id or "", node.kind)
                if key not in groups:
                    group = QStandardItem()
                    group.setEditable(False)
                    group.setSelectable(False)
                    group.setData(node.kind, GROUP_ROLE)
                    parent_item.appendRow(group)
                    groups[key] = group
                groups[key].appendRow(item)
            else:
                parent_item.appendRow(item)
        self.retranslate(lang)

    def retranslate(self, lang: str) -> None:
        for node_id, item in self._items.items():
            node = self._nodes[node_id]
            item.setText(display_title(node, lang))
            item.setToolTip(tooltip(node.title(lang)))
        self._retranslate_groups(self.invisibleRootItem())

    def _retranslate_groups(self, parent: QStandardItem) -> None:
        for row in range(parent.rowCount()):
            child = parent.child(row)
            kind = child.data(GROUP_ROLE)
            if kind:
                child.setText(_(GROUPS[kind]))
            self._retranslate_groups(child)

    def node(self, node_id: str) -> NodeView | None:
        return self._nodes.get(node_id)

    def nodes(self) -> list[NodeView]:
        return list(self._nodes.values())

    def index_of(self, node_id: str) -> QModelIndex:
        item = self._items.get(node_id)
        return item.index() if item is not None else QModelIndex()

    def children_of(self, node_id: str) -> list[NodeView]:
        return [n for n in self._nodes.values() if n.parent_id == node_id]
