"""The team's territories (Edit → Territories…): add one with its code and description,
or change them in the table. Bad input is refused with the reason, and changes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from referentiel_desktop.annotations import people
from referentiel_desktop.changes import Change
from referentiel_desktop.errors import UserError
from referentiel_desktop.gui.common.failures import describe_failed_write
from referentiel_desktop.gui.common.message_bar import MessageBar
from referentiel_desktop.gui.common.plain import plain_label
from referentiel_desktop.i18n import _
from referentiel_desktop.workspace import Workspace

NAME, CODE, DESCRIPTION = range(3)
NAME_ROLE = Qt.ItemDataRole.UserRole + 50


class TerritoriesDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("territories")
        self.setWindowTitle(_("Territories"))
        self.workspace = workspace
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Name"), _("Code"), _("Description")])
        code_header = self.table.horizontalHeaderItem(CODE)
        if code_header is not None:
            code_header.setToolTip(_("INSEE code or département"))
        self.table.horizontalHeader().setSectionResizeMode(
            DESCRIPTION, QHeaderView.ResizeMode.Stretch
        )
        self.table.verticalHeader().hide()
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(_("Name"))
        self.new_code = QLineEdit()
        self.new_code.setPlaceholderText(_("Code"))
        self.new_code.setToolTip(_("INSEE code or département"))
        self.new_code.setMaximumWidth(90)
        self.new_description = QLineEdit()
        self.new_description.setPlaceholderText(_("Description"))
        self.add_button = QPushButton(_("Add"))
        self.add_button.clicked.connect(self.add)
        self.new_name.returnPressed.connect(self.add)
        self.status = plain_label(_("Double-click a cell to change it."))
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        adding = QHBoxLayout()
        for widget, stretch in (
            (self.new_name, 2),
            (self.new_code, 0),
            (self.new_description, 3),
            (self.add_button, 0),
        ):
            adding.addWidget(widget, stretch)
        self.message_bar = MessageBar()
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(adding)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(720, 420)
        self.reload()
        self.table.itemChanged.connect(self._cell_changed)

    def on_change(self, change: Change) -> None:
        """A territory changed elsewhere (another window, the command line): shown,
        unless a cell is being typed in or holds text that could not be saved."""
        editing = self.table.state() == QAbstractItemView.State.EditingState
        if change.kind == "territory" and not editing and self.message_bar.isHidden():
            self.reload()

    def reload(self) -> None:
        self.table.blockSignals(True)
        territories = people.list_territories(self.workspace)
        self.table.setRowCount(len(territories))
        for row, view in enumerate(territories):
            for column, text in (
                (NAME, view.name),
                (CODE, view.code),
                (DESCRIPTION, view.description),
            ):
                item = QTableWidgetItem(text)
                item.setData(NAME_ROLE, view.name)
                self.table.setItem(row, column, item)
        self.table.resizeColumnToContents(NAME)
        self.table.blockSignals(False)

    def add(self) -> None:
        try:
            view = people.add_territory(
                self.workspace,
                self.new_name.text(),
                self.new_code.text(),
                self.new_description.text(),
            )
        except UserError as error:
            self.status.setText(str(error))
            return
        except Exception as error:  # noqa: BLE001 - a failed write: what was typed stays
            self.message_bar.show_failure(describe_failed_write(error), self.add)
            return
        self.message_bar.dismiss()
        for field in (self.new_name, self.new_code, self.new_description):
            field.clear()
        self.status.setText(_("Territory {name} added.").format(name=view.name))
        self.reload()

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        name = item.data(NAME_ROLE)
        change = {NAME: "new_name", CODE: "code", DESCRIPTION: "description"}[item.column()]
        try:
            view = people.edit_territory(self.workspace, name, **{change: item.text()})
        except UserError as error:
            self.status.setText(str(error))
        except Exception as error:  # noqa: BLE001 - a failed write: the cell keeps the text
            self.message_bar.show_failure(
                describe_failed_write(error), lambda: self._cell_changed(item)
            )
            return
        else:
            self.message_bar.dismiss()
            self.status.setText(_("Territory {name} saved.").format(name=view.name))
        self.reload()  # shows what the store holds, a refused edit undone
