"""What a screen reader hears: names for the widgets, links to their visible labels.

A field without a name is read by its current value or not at all; a label that is not
the field's buddy is never announced with it. Every feature names its widgets in its
``retranslate`` through :func:`name`, so the names follow the interface language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QFormLayout

CLEAR_ACTION = "_q_qlineeditclearaction"  # Qt's name for a line edit's clear button


def name(widget: QWidget, text: str, label: QLabel | None = None) -> None:
    """Name ``widget`` ``text``; a visible ``label`` becomes its buddy (read with it,
    and its mnemonic moves the focus there)."""
    widget.setAccessibleName(text)
    if label is not None:
        label.setBuddy(widget)
    if isinstance(widget, QLineEdit):
        clear = widget.findChild(QAction, CLEAR_ACTION)
        if clear is not None:
            from referentiel_desktop.i18n import _

            clear.setText(_("Clear"))
            clear.setToolTip(_("Clear"))


def announce_value(widget: QWidget, value: object) -> None:
    """Tell assistive technology that ``widget``'s value changed to ``value``."""
    # Qt's accessibility types are built at the first use, not before the first paint.
    from PySide6.QtGui import QAccessible, QAccessibleValueChangeEvent

    if QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleValueChangeEvent(widget, value))


def name_form_fields(form: QFormLayout) -> None:
    """Each field of ``form`` takes its row's visible label as its name."""
    from PySide6.QtWidgets import QFormLayout

    for row in range(form.rowCount()):
        label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        label = label_item.widget() if label_item is not None else None
        field = field_item.widget() if field_item is not None else None
        if isinstance(label, QLabel) and field is not None and label.text():
            name(field, label.text().replace("&", ""), label)
