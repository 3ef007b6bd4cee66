"""The search panel: a field always at hand, results as you type, filters.

Queries run on a worker thread; the newest query wins, so typing never waits. The
index opens (or rebuilds, with progress) in the background the first time it is needed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from referentiel_desktop.gui.common import accessible
from referentiel_desktop.gui.common.labels import kind_label
from referentiel_desktop.gui.common.plain import escape, tooltip
from referentiel_desktop.gui.window.search_hits import (
    HIT_ROLE,
    HTML_ROLE,
    THEMES,
    hit_html,
    marked_words,
    status_html,
)
from referentiel_desktop.i18n import _

if TYPE_CHECKING:  # the panel paints before Whoosh and SQLAlchemy are imported
    from PySide6.QtWidgets import QStyledItemDelegate

    from referentiel_desktop.changes import Change
    from referentiel_desktop.search.service import SearchResult, SearchService
    from referentiel_desktop.workspace import Workspace

KIND_FILTERS = [
    "balise",
    "method",
    "device",
    "chapter",
    "section",
    "scenario",
    "question",
    "note",
    "case",
]
DEBOUNCE_MS = 120
FILTERED_LISTS = ("territory", "tag", "author")
# The kinds of record whose change can change each filter's list (a note or case written
# can bring a new tag, or take a tag's last use away).
FILTERS_FOLLOW = {
    "territory": ("territory", "case", "referential"),
    "tag": ("tag", "note", "case", "referential"),
    "author": ("author", "referential"),
}


class SearchPanel(QWidget):
    """Emits ``open_requested(node_id)`` when a result is opened; for a note or a case,
    the node is the balise it is attached to, then ``record_requested(kind, id)`` asks
    for the record itself."""

    open_requested = Signal(str)
    record_requested = Signal(str, str)
    words_matched = Signal(list)  # the words a hit's snippet marks, after open_requested
    results_shown = Signal(int)

    def __init__(
        self, language: Callable[[], str], node_label: Callable[[str], str] | None = None
    ) -> None:
        super().__init__()
        self.setObjectName("search-panel")
        self._language = language
        self._node_label = node_label
        self._service: SearchService | None = None
        self._workspace: Workspace | None = None
        self._sequence = 0
        self._preparing = False
        self._open_when_ready = False
        self.field = QLineEdit()
        self.field.setObjectName("search-field")
        self.field.setClearButtonEnabled(True)
        self.field.installEventFilter(self)
        self.kind = QComboBox()
        self.theme = QComboBox()
        self.source = QComboBox()
        self.territory = QComboBox()
        self.tag = QComboBox()
        self.author = QComboBox()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.linkActivated.connect(self.accept_suggestion)
        self.suggestion: str | None = None
        self.results = QListWidget()
        self.results.setObjectName("search-results")
        self._delegate: QStyledItemDelegate | None = None  # with the first results
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.itemActivated.connect(self._activate)
        self.results.itemClicked.connect(self._activate)
        self.results.installEventFilter(self)
        # One a line, the panel's width each: two a line cut « Tous les territoires ».
        filters = QGridLayout()
        combos = (self.kind, self.theme, self.source, self.territory, self.tag, self.author)
        for position, combo in enumerate(combos):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(6)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            combo.currentIndexChanged.connect(self._schedule)
            filters.addWidget(combo, position, 0)
        self._filters = filters
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.field)
        layout.addLayout(filters)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        layout.addStretch()  # takes the room while there is no result to show
        self.results.hide()  # no empty white box before the first results
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_query)
        self.field.textChanged.connect(self._schedule)
        self.retranslate()

    # -- set-up -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.field.setPlaceholderText(_('Search (Ctrl+F): words, "phrase", prefix*, -word'))
        accessible.name(self.field, _("Search"))
        accessible.name(self.kind, _("Kind of item"))
        accessible.name(self.theme, _("Theme"))
        accessible.name(self.source, _("Referential or team"))
        accessible.name(self.territory, _("Territory"))
        accessible.name(self.tag, _("Tag"))
        accessible.name(self.author, _("Author"))
        accessible.name(self.results, _("Search results"))
        self._fill(self.kind, _("All kinds"), [(k, kind_label(k)) for k in KIND_FILTERS])
        self._fill(self.theme, _("All themes"), [(k, _(v)) for k, v in THEMES.items()])
        sources = [("referential", _("Referential")), ("team", _("Team's notes and cases"))]
        self._fill(self.source, _("All sources"), sources)
        self.refresh_team_filters()
        if self.field.text().strip():
            self._schedule()

    @staticmethod
    def _fill(combo: QComboBox, everything: str, entries: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for key, label in entries:
            combo.addItem(label, key)
        position = combo.findData(current)
        combo.setCurrentIndex(max(position, 0))
        combo.blockSignals(False)

    def attach_workspace(self, workspace: Workspace, service: SearchService) -> None:
        """The workspace and its search service (opened by the composition root); the
        index is made ready at once, so the first query does not wait for it."""
        self._workspace = workspace
        self._service = service
        self.refresh_team_filters()
        self._prepare()

    def refresh_team_filters(self, names: tuple[str, ...] = FILTERED_LISTS) -> None:
        """Territories, tags and authors as the team has them now (``names``: only those)."""
        lists: dict[str, list[str]] = {name: [] for name in names}
        workspace = self._workspace
        if workspace is not None:
            from referentiel_desktop.annotations import people, tags

            readers: dict[str, Callable[[], list[str]]] = {
                "territory": lambda: [t.name for t in people.list_territories(workspace)],
                "tag": lambda: [name for name, _count in tags.list_tags(workspace)],
                "author": lambda: [a.name for a in people.list_authors(workspace)],
            }
            lists = {name: readers[name]() for name in names}
        everything = {
            "territory": _("All territories"),
            "tag": _("All tags"),
            "author": _("All authors"),
        }
        combos = {"territory": self.territory, "tag": self.tag, "author": self.author}
        for name, values in lists.items():
            self._fill(combos[name], everything[name], [(v, v) for v in values])
            combos[name].setVisible(bool(values))
        self._place_filters()

    def on_change(self, change: Change) -> None:
        """Something was written, here or by another process: each filter follows the
        records it lists; the results shown follow notes, cases and the referential."""
        touched = tuple(name for name in FILTERED_LISTS if change.kind in FILTERS_FOLLOW[name])
        if touched:
            self.refresh_team_filters(touched)
        if change.kind in ("note", "case", "referential") and self.field.text().strip():
            self._schedule()

    def _place_filters(self) -> None:
        """One a line, the hidden ones taking no place (a hole would look like a bug)."""
        combos = [self.kind, self.theme, self.source, self.territory, self.tag, self.author]
        for combo in combos:
            self._filters.removeWidget(combo)
        shown = [c for c in combos if not c.isHidden()]
        for position, combo in enumerate(shown):
            self._filters.addWidget(combo, position, 0)

    def _ensure_service(self) -> bool:
        if self._service is not None and self._service.index.index is not None:
            return True
        self.status.setText(_("Preparing the search index…"))
        self._prepare()
        return False

    def _prepare(self) -> None:
        """Open (or rebuild) the index in the background; said only to a reader waiting
        for results."""
        if self._service is None or self._preparing:
            return
        self._preparing = True
        service = self._service

        def prepare(progress: Callable[[int, int], None]) -> None:
            service.prepare(progress, background=True)

        # The worker (its queue, its wake-up socket) loads here, after the first paint.
        from referentiel_desktop.gui.common.worker import run_in_background

        run_in_background(
            prepare,
            on_done=lambda _r: self._prepared(),
            on_error=self._failed,
            on_progress=self._progress,
            owner=self,
        )

    def _progress(self, done: int, total: int) -> None:
        if self.field.text().strip():
            self.status.setText(
                _("Building the search index: {done} of {total}").format(done=done, total=total)
            )

    def _prepared(self) -> None:
        self._preparing = False
        self.status.clear()
        if self.field.text().strip():
            self.run_query()

    def _failed(self, error: BaseException) -> None:
        self._preparing = False
        self.status.setText(escape(_("Search is unavailable: {error}").format(error=error)))

    def has_query(self) -> bool:
        return bool(self.field.text().strip())

    @property
    def service(self) -> SearchService | None:
        return self._service

    # -- querying -----------------------------------------------------------------------
    def focus_field(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def _schedule(self) -> None:
        self._timer.start()

    def run_query(self) -> None:
        text = self.field.text()
        self._sequence += 1
        sequence = self._sequence
        if not text.strip():
            self.results.clear()
            self.results.hide()
            self.status.clear()
            return
        if not self._ensure_service():
            return
        options = self.query_options()
        service, language = self._service, self._language()
        assert service is not None  # _ensure_service said it is ready
        from referentiel_desktop.gui.common.worker import run_in_background

        run_in_background(
            lambda: service.search(text, language, **options),
            on_done=lambda result: self._show(sequence, result),
            on_error=self._failed,
            owner=self,
        )

    def query_options(self) -> dict[str, Any]:
        """The filters chosen and how results are asked for, as the search takes them."""
        return {
            "kinds": [self.kind.currentData()] if self.kind.currentData() else None,
            "theme": self.theme.currentData(),
            "source": self.source.currentData(),
            "territory": self.territory.currentData(),
            "tag": self.tag.currentData(),
            "author": self.author.currentData(),
            "typing": True,
            "limit": 30,
        }

    def show_early(self, result: SearchResult) -> None:
        """The answer to the words typed, found before the workspace was open
        (``search/early.py``); the search service answers them again once it is."""
        self._timer.stop()  # answered: no query waits for the service meanwhile
        self._sequence += 1
        self._show(self._sequence, result)

    def _show(self, sequence: int, result: SearchResult) -> None:
        if sequence != self._sequence:
            return  # an older query finished after a newer one started
        if result.building:  # the index was found damaged: it rebuilds in the background
            self._ensure_service()
            return
        if self._delegate is None:
            from referentiel_desktop.gui.window.html_delegate import HtmlDelegate

            self._delegate = HtmlDelegate(HTML_ROLE, self.results)
            self.results.setItemDelegate(self._delegate)
        rows = [(hit, hit_html(hit, self._node_label)) for hit in result.hits]
        items = [self.results.item(row) for row in range(self.results.count())]
        if rows != [(item.data(HIT_ROLE), item.data(HTML_ROLE)) for item in items]:
            self.results.clear()  # the same rows again (the early answer's) stay as they are
            for hit, html in rows:
                item = QListWidgetItem()
                item.setData(HIT_ROLE, hit)
                item.setData(HTML_ROLE, html)
                item.setToolTip(tooltip(hit.title))
                self.results.addItem(item)
        self.suggestion = result.suggestion
        self.status.setText(status_html(result))
        self.results.setVisible(bool(result.hits))
        if result.hits:
            self.results.setCurrentRow(0)
            if self._open_when_ready:
                self._activate(self.results.item(0))
        self._open_when_ready = False
        self.results_shown.emit(len(result.hits))

    def accept_suggestion(self, _link: str = "") -> None:
        if self.suggestion:
            self.field.setText(self.suggestion)

    # -- opening and keys ---------------------------------------------------------------
    def _activate(self, item: QListWidgetItem) -> None:
        hit = item.data(HIT_ROLE)
        if hit is None:
            return
        target = hit.target[0] if hit.target else hit.id
        self.open_requested.emit(target)
        if hit.kind in ("note", "case"):
            self.record_requested.emit(hit.kind, hit.id)
        else:
            self.words_matched.emit(marked_words(hit.snippet))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.KeyPress:
            return False
        from PySide6.QtGui import QKeyEvent  # built at the first key, not at the paint

        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.field.clear()
            self.results.clear()
            self.field.setFocus()
            return True
        if watched is self.field and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            row = self.results.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
            if 0 <= row < self.results.count():
                self.results.setCurrentRow(row)
            return True
        if watched is self.field and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._timer.isActive():  # results for this text are not there yet
                self._timer.stop()
                self._open_when_ready = True
                self.run_query()
            elif self.results.currentItem() is not None:
                self._activate(self.results.currentItem())
            return True
        return False
