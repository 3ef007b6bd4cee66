"""What a screen reader finds in a window, walked through Qt's accessibility tree
in-process (the tree AT-SPI is built from)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QWidget

R = QAccessible.Role
# A field is read by its value alone unless it has a name or a label linked to it.
NEEDS_A_LABEL = {R.EditableText, R.ComboBox, R.SpinBox, R.Slider}
INTERACTIVE = NEEDS_A_LABEL | {
    R.PushButton,
    R.CheckBox,
    R.RadioButton,
    R.List,
    R.Table,
    R.Tree,
    R.PageTabList,
    R.ButtonMenu,
    R.ButtonDropDown,
}
CONTAINERS_OF_ITEMS = {R.List, R.Table, R.Tree}  # their items are the model's rows


@dataclass(frozen=True)
class Unnamed:
    role: str
    kind: str
    object_name: str
    read_as: str

    def __str__(self) -> str:
        return f"{self.role} {self.kind} #{self.object_name} read as {self.read_as!r}"


def unnamed(root: QObject) -> list[Unnamed]:
    """Every visible interactive element under ``root`` a screen reader cannot name: no
    name at all, or a field read only by its value (no name set, no label linked)."""
    found: list[Unnamed] = []
    _walk(QAccessible.queryAccessibleInterface(root), found, 0)
    return found


def _walk(iface: QAccessibleInterface | None, found: list[Unnamed], depth: int) -> None:
    if iface is None or not iface.isValid() or depth > 60:
        return
    role, state = iface.role(), iface.state()
    text = iface.text(QAccessible.Text.Name)
    thing = iface.object()
    if not state.invisible:
        nameless = (role in INTERACTIVE or state.focusable) and not text.strip()
        if role in NEEDS_A_LABEL:
            explicit = isinstance(thing, QWidget) and bool(thing.accessibleName())
            labelled = bool(iface.relations(QAccessible.RelationFlag.Label))
            nameless = nameless or not (explicit or labelled)
        if nameless:
            kind = type(thing).__name__ if thing is not None else "?"
            label = thing.objectName() if thing is not None else ""
            found.append(Unnamed(role.name, kind, label, text))
    if role in CONTAINERS_OF_ITEMS:
        return
    for index in range(iface.childCount()):
        _walk(iface.child(index), found, depth + 1)


def names_of_children(widget: QWidget) -> list[str]:
    iface = QAccessible.queryAccessibleInterface(widget)
    return [iface.child(i).text(QAccessible.Text.Name) for i in range(iface.childCount())]
