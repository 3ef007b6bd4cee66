"""Every case in one sortable, filterable table: a Qt model over the data, so thousands
of rows open and sort without a visible wait."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from referentiel_desktop.annotations import cases
from referentiel_desktop.annotations.views import CaseView
from referentiel_desktop.changes import Change
from referentiel_desktop.gui.common import accessible
from referentiel_desktop.gui.common.plain import tooltip
from referentiel_desktop.i18n import N_, _, format_when
from referentiel_desktop.text import name_key
from referentiel_desktop.workspace import Workspace

COLUMNS = (N_("Title"), N_("Territory"), N_("Balises"), N_("Tags"), N_("Author"), N_("Updated"))
CASE_ROLE = Qt.ItemDataRole.UserRole + 40
Index = QModelIndex | QPersistentModelIndex


def _by_name(item: tuple[str, str]) -> tuple[str, ...]:
    return name_key(item[0])


class CasesTableModel(QAbstractTableModel):
    """Sorts itself on keys computed once per row and column: a proxy sorting through
    ``data()`` would call into Python tens of thousands of times for 2,000 rows."""

    def __init__(self, balise_label: Callable[[str], str] = str) -> None:
        super().__init__()
        self.balise_label = balise_label
        self.rows: list[CaseView] = []
        self._keys: dict[int, list[str]] = {}
        self._sort: tuple[int, Qt.SortOrder] = (5, Qt.SortOrder.DescendingOrder)

    def set_cases(self, rows: list[CaseView]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._keys = {}
        self._order_rows(*self._sort)
        self.endResetModel()

    def _key(self, column: int) -> list[str]:
        if column not in self._keys:
            if column == 5:
                self._keys[column] = [case.updated_at.isoformat() for case in self.rows]
            else:
                self._keys[column] = [name_key(self._text(case, column))[0] for case in self.rows]
        return self._keys[column]

    def _order_rows(self, column: int, order: Qt.SortOrder) -> list[int]:
        """Reorder ``rows`` (and cached keys); return the old row of each new row."""
        keys = self._key(column)
        descending = order == Qt.SortOrder.DescendingOrder
        moved = sorted(range(len(self.rows)), key=keys.__getitem__, reverse=descending)
        self.rows = [self.rows[i] for i in moved]
        self._keys = {c: [k[i] for i in moved] for c, k in self._keys.items()}
        self._sort = (column, order)
        return moved

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        moved = self._order_rows(column, order)
        new_row = {old: new for new, old in enumerate(moved)}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent, [self.index(new_row[i.row()], i.column()) for i in persistent]
        )
        self.layoutChanged.emit()

    def _text(self, case: CaseView, column: int) -> str:
        if column == 5:
            return format_when(case.updated_at, with_time=False)
        values = (
            case.title,
            case.territory,
            "; ".join(self.balise_label(b) for b in case.balises),
            ", ".join(case.tags),
            case.author,
        )
        return values[column]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        case = self.rows[index.row()]
        column = index.column()
        if role == CASE_ROLE:
            return case
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(case, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return tooltip("\n".join(self.balise_label(b) for b in case.balises))
        return None


class CasesFilter(QSortFilterProxyModel):
    """Filters only; sorting is handed to the source model, which does it faster."""

    def __init__(self) -> None:
        super().__init__()
        self.criteria: dict[str, str | None] = {}

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def set_criteria(self, **criteria: str | None) -> None:
        if criteria == self.criteria:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self.criteria = criteria
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.criteria = criteria
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802
        c = self.criteria
        if not any(c.values()):
            return True
        source: CasesTableModel = self.sourceModel()  # type: ignore[assignment]
        case = source.rows[row]
        return (
            (not c.get("territory") or case.territory == c["territory"])
            and (not c.get("balise") or c["balise"] in case.balises)
            and (not c.get("tag") or c["tag"] in case.tags)
            and (not c.get("author") or case.author == c["author"])
        )


class CasesView(QWidget):
    """``balise_label`` names a balise id in the current language (ids mean nothing to
    a reader)."""

    case_requested = Signal(object, object)
    delete_requested = Signal(list)  # case ids; the Delete key asks nothing (Undo restores)

    def __init__(self, balise_label: Callable[[str], str] = str) -> None:
        super().__init__()
        self.setObjectName("cases-view")
        self.workspace: Workspace | None = None
        self.model = CasesTableModel(balise_label)
        self.proxy = CasesFilter()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)  # one line per case, elided; the tooltip has it all
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # balise names
        header.setStretchLastSection(False)
        self.table.doubleClicked.connect(self._open)
        self.table.activated.connect(self._open)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_selected)
        self.filters = {name: QComboBox() for name in ("territory", "balise", "tag", "author")}
        self.new_button = QPushButton()
        self.new_button.clicked.connect(lambda: self.case_requested.emit(None, None))
        row = QHBoxLayout()
        for combo in self.filters.values():
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
            combo.currentIndexChanged.connect(self._apply_filters)
            row.addWidget(combo)
        row.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def retranslate(self, _lang: str = "") -> None:
        self.new_button.setText(_("New case…"))
        accessible.name(self.table, _("Cases"))
        filter_names = {
            "territory": _("Territory"),
            "balise": _("Beacon"),
            "tag": _("Tag"),
            "author": _("Author"),
        }
        for key, combo in self.filters.items():
            accessible.name(combo, filter_names[key])
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.model.set_cases(self.model.rows)  # balise names and dates change language
        self._fill_filters()

    def attach_workspace(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.reload()

    def reload(self) -> None:
        if self.workspace is not None:
            self.model.set_cases(cases.list_cases(self.workspace))
            self._fill_filters()
            if self.model.rows and self.table.columnWidth(0) < 120:
                self.table.setColumnWidth(0, 260)

    def on_change(self, change: Change) -> None:
        if change.kind in ("case", "tag", "territory", "author"):
            self.reload()

    def _fill_filters(self) -> None:
        rows = self.model.rows
        values = {
            "territory": {c.territory for c in rows},
            "balise": {b for c in rows for b in c.balises},
            "tag": {t for c in rows for t in c.tags},
            "author": {c.author for c in rows},
        }
        everything = {
            "territory": _("All territories"),
            "balise": _("All balises"),
            "tag": _("All tags"),
            "author": _("All authors"),
        }
        for name, combo in self.filters.items():
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything[name], None)
            label = self.model.balise_label if name == "balise" else str
            for text, value in sorted(((label(v), v) for v in values[name]), key=_by_name):
                combo.addItem(text, value)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)
        self._apply_filters()

    def _apply_filters(self) -> None:
        self.proxy.set_criteria(**{n: c.currentData() for n, c in self.filters.items()})

    def selected_case_ids(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows(0)
        return [self.proxy.mapToSource(index).data(CASE_ROLE).id for index in rows]

    def delete_selected(self) -> None:
        self.delete_requested.emit(self.selected_case_ids())

    def _open(self, index: QModelIndex) -> None:
        case = index.data(CASE_ROLE) or self.proxy.mapToSource(index).data(CASE_ROLE)
        if case is not None:
            self.case_requested.emit(case.id, None)
