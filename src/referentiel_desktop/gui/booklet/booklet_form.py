"""The booklet's options, as the dialog shows them: the items ticked in the tree and the
questions under each, the form (title, language, paper, what goes in) and the presets.

:class:`BookletForm` reads them (:meth:`~BookletForm.options`) and fills them in
(:meth:`~BookletForm.set_options`); every edit calls :meth:`~BookletForm.options_changed`,
which the dialog (``booklet_dialog.py``) answers by building the booklet again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from referentiel_desktop.booklet import BookletOptions
from referentiel_desktop.booklet.presets import list_presets, save_preset
from referentiel_desktop.errors import UserError
from referentiel_desktop.gui.booklet.booklet_tree import BookletTree
from referentiel_desktop.gui.common.dates import show_medium_date
from referentiel_desktop.i18n import _, current_language
from referentiel_desktop.place_names import of_place
from referentiel_desktop.referential.snapshot import NodeView
from referentiel_desktop.workspace import Workspace


class BookletForm(QDialog):
    """The options' widgets and what they say; the dialog adds the preview and the output."""

    def __init__(self, workspace: Workspace, nodes: list[NodeView], language: str,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.workspace = workspace
        self._questions: dict[str, tuple[str, ...]] = {}
        self.tree = BookletTree(nodes, language)
        self.questions = QPlainTextEdit()
        self.questions.setObjectName("booklet-questions")
        self.questions.setPlaceholderText(_("Questions for discussion, one a line"))
        self.questions.setMaximumHeight(90)
        self.questions_label = QLabel()
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self._build_options(language)

    def options_changed(self) -> None:
        """What the options say has changed (the dialog builds the booklet again)."""

    def _build_options(self, language: str) -> None:
        self.presets = QComboBox()
        self.presets.setObjectName("booklet-presets")
        self.presets.activated.connect(self._apply_preset)
        self.save_preset_button = QPushButton(_("Save as preset…"))
        self.save_preset_button.clicked.connect(self.ask_preset_name)
        self.title = QLineEdit()
        self.title.setObjectName("booklet-title")
        self.title.setPlaceholderText(_("Town council, 3 December"))
        self.subtitle = QLineEdit()
        self.territory = QLineEdit()
        self.team = QLineEdit()
        self.meeting_date = QDateEdit(QDate.currentDate())
        self.meeting_date.setCalendarPopup(True)
        show_medium_date(self.meeting_date, language)
        self.lang = QComboBox()
        for code, label in (("fr", "Français"), ("en", "English"),
                            ("both", _("French and English"))):  # fmt: skip
            self.lang.addItem(label, code)
        self.lang.setCurrentIndex(0 if language == "fr" else 1)
        self.paper = QComboBox()
        for code, label in (("a4", "A4"), ("letter", "US Letter"), ("a5", "A5")):
            self.paper.addItem(label, code)
        self.fold = QCheckBox(_("Folded booklet (A5 pages two-up on A4)"))
        self.notes = QCheckBox(_("The team's notes"))
        self.notes.setChecked(True)
        self.private = QCheckBox(_("Private notes too"))
        self.cases = QCheckBox(_("Linked cases"))
        self.cases.setChecked(True)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(_("all tags"))
        self.tags.setToolTip(_("Only notes and cases with one of these tags, separated by commas"))
        self.inventory = self._inventory_choice()
        self.writing = QComboBox()
        for code, label in (("none", _("None")), ("lines", _("Ruled lines")),
                            ("box", _("An empty box"))):  # fmt: skip
            self.writing.addItem(label, code)
        presets_row = QHBoxLayout()
        presets_row.addWidget(self.presets, 1)
        presets_row.addWidget(self.save_preset_button)
        self.form = QFormLayout()
        rows: list[tuple[str, Any]] = [
            (_("Preset"), presets_row), (_("Title"), self.title), (_("Subtitle"), self.subtitle),
            (_("Territory"), self.territory), (_("Team"), self.team),
            (_("Meeting date"), self.meeting_date), (_("Language"), self.lang),
            (_("Paper"), self.paper), ("", self.fold), ("", self.notes), ("", self.private),
            ("", self.cases), (_("Tags"), self.tags), (_("Room to write"), self.writing),
            ("", self.inventory),
        ]  # fmt: skip
        for label, widget in rows:
            self.form.addRow(label, widget)
        for line in (self.title, self.subtitle, self.territory, self.team, self.tags):
            line.textChanged.connect(self.options_changed)
        self.meeting_date.dateChanged.connect(self.options_changed)
        for combo in (self.lang, self.paper, self.writing, self.inventory):
            combo.currentIndexChanged.connect(self.options_changed)
        for box in (self.fold, self.notes, self.private, self.cases):
            box.toggled.connect(self.options_changed)
        self._fill_presets()

    def _inventory_choice(self) -> QComboBox:
        """The territories assessed at least once; the booklet prints the latest."""
        from referentiel_desktop.annotations.people import list_territories
        from referentiel_desktop.inventory.answers import assessment_dates

        combo = QComboBox()
        combo.setObjectName("booklet-inventory")
        combo.addItem(_("Inventory: none"), "")
        for place in list_territories(self.workspace):
            if assessment_dates(self.workspace, place.name):
                of_territory = of_place(place.name, current_language())
                combo.addItem(_("Inventory {of_territory}").format(of_territory=of_territory),
                              place.name)  # fmt: skip
        return combo

    def options(self) -> BookletOptions:
        when = self.meeting_date.date()
        questions = tuple((node_id, text) for node_id, texts in self._questions.items()
                          for text in texts)  # fmt: skip
        return BookletOptions(
            selection=tuple(self.tree.selected_ids()), title=self.title.text().strip(),
            subtitle=self.subtitle.text().strip(), territory=self.territory.text().strip(),
            team=self.team.text().strip(),
            meeting_date=date(when.year(), when.month(), when.day()),
            lang=str(self.lang.currentData()), paper=str(self.paper.currentData()),
            fold=self.fold.isChecked(), notes=self.notes.isChecked(),
            cases=self.cases.isChecked(), private=self.private.isChecked(),
            tags=tuple(t.strip() for t in self.tags.text().split(",") if t.strip()),
            writing_space=str(self.writing.currentData()), questions=questions,
            inventory=str(self.inventory.currentData() or ""),
        )  # fmt: skip

    def set_options(self, options: BookletOptions) -> None:
        self.title.setText(options.title)
        self.subtitle.setText(options.subtitle)
        self.territory.setText(options.territory)
        self.team.setText(options.team)
        self.lang.setCurrentIndex(max(0, self.lang.findData(options.lang)))
        self.paper.setCurrentIndex(max(0, self.paper.findData(options.paper)))
        self.writing.setCurrentIndex(max(0, self.writing.findData(options.writing_space)))
        self.inventory.setCurrentIndex(max(0, self.inventory.findData(options.inventory)))
        self.fold.setChecked(options.fold)
        self.notes.setChecked(options.notes)
        self.cases.setChecked(options.cases)
        self.private.setChecked(options.private)
        self.tags.setText(", ".join(options.tags))
        self._questions = {}
        for node_id, text in options.questions:
            self._questions[node_id] = (*self._questions.get(node_id, ()), text)
        self.tree.set_selected(options.selection)
        self._show_questions()

    def _show_questions(self) -> None:
        node_id = self.tree.current_id()
        self.questions.setEnabled(node_id is not None)
        self.questions_label.setText(_("Questions for discussion on the highlighted item:"))
        self.questions.blockSignals(True)
        self.questions.setPlainText("\n".join(self._questions.get(node_id or "", ())))
        self.questions.blockSignals(False)

    def _questions_edited(self) -> None:
        node_id = self.tree.current_id()
        if node_id is None:
            return
        lines = tuple(t.strip() for t in self.questions.toPlainText().splitlines() if t.strip())
        self._questions[node_id] = lines
        self.options_changed()

    def _fill_presets(self) -> None:
        self.presets.clear()
        self.presets.addItem(_("(none)"), None)
        for preset in list_presets(self.workspace):
            self.presets.addItem(preset.name, preset.name)

    def _apply_preset(self, index: int) -> None:
        name = self.presets.itemData(index)
        for preset in list_presets(self.workspace):
            if preset.name == name:
                self.set_options(preset.options)

    def ask_preset_name(self) -> None:
        name, ok = QInputDialog.getText(self, _("Save as preset"), _("Name of the preset:"))
        if ok:
            self.save_as_preset(name)

    def save_as_preset(self, name: str) -> None:
        try:
            view = save_preset(self.workspace, name, self.options())
        except UserError as error:
            self.status.setText(str(error))
            return
        self._fill_presets()
        self.presets.setCurrentIndex(self.presets.findData(view.name))
        self.status.setText(_("Saved the preset {name}.").format(name=view.name))
