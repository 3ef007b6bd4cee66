"""User text is plain text everywhere in the window: markup written into every user
field (note, case, tag, territory, author) comes out literally in every label, tooltip,
list, table, combo and title, and hovering over it loads nothing and crashes nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QToolTip,
    QWidget,
)

from referentiel_desktop.annotations import cases, notes, people
from referentiel_desktop.gui.window.search_panel import HTML_ROLE

MARKUP = '<img src="file:///dev/zero"> <b>gras</b> &amp; <a href="file:///bin/sh">x</a>'


def shown(text: str, rich: bool | None = None) -> str:
    """What a reader sees of ``text``: rich text when told so, or when Qt guesses so."""
    if rich is None:
        rich = QtGuiNamespace.mightBeRichText(text)
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def label_shown(label: QLabel) -> str:
    rich = {Qt.TextFormat.PlainText: False, Qt.TextFormat.RichText: True}
    return shown(label.text(), rich.get(label.textFormat()))


def indexes(model: QAbstractItemModel, parent: QModelIndex | None = None) -> Iterator[Any]:
    parent = parent or QModelIndex()
    try:
        columns = model.columnCount(parent)
    except TypeError:  # a list model keeps its one column private
        columns = 1
    for row in range(model.rowCount(parent)):
        for column in range(columns):
            index = model.index(row, column, parent)
            yield index
            if column == 0:
                yield from indexes(model, index)


def everything_shown(widgets: list[QWidget]) -> list[str]:
    texts: list[str] = []
    for widget in widgets:
        texts.append(widget.windowTitle())
        if widget.toolTip():
            texts.append(shown(widget.toolTip()))
        if isinstance(widget, QLabel):
            texts.append(label_shown(widget))
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            for index in indexes(widget.model()):
                texts.append(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
                texts.append(shown(str(index.data(Qt.ItemDataRole.ToolTipRole) or "")))
                if index.data(HTML_ROLE):  # search results paint their escaped HTML
                    texts.append(shown(index.data(HTML_ROLE), rich=True))
    return texts


def hover_everything(qtbot: Any, widgets: list[QWidget]) -> list[str]:
    """Ask every widget and every visible item for its tooltip, as the mouse does."""
    seen: list[str] = []
    for widget in widgets:
        if not widget.isVisible():
            continue
        targets = []
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            for index in indexes(widget.model()):
                rect = widget.visualRect(index)
                if rect.isValid() and widget.viewport().rect().contains(rect.center()):
                    targets.append((widget.viewport(), rect.center()))
        elif widget.toolTip():
            targets.append((widget, widget.rect().center()))
        for target, point in targets:
            event = QHelpEvent(QHelpEvent.Type.ToolTip, point, target.mapToGlobal(point))
            QApplication.sendEvent(target, event)
            if QToolTip.isVisible():
                seen.append(shown(QToolTip.text()))
            QToolTip.hideText()
    qtbot.wait(10)
    return seen


def test_markup_in_every_user_field_is_shown_literally(window: Any, qtbot: Any) -> None:
    ws = window.workspace
    people.set_default_author(ws, MARKUP)
    people.add_territory(ws, MARKUP, "<b>73</b>", MARKUP)
    notes.add_note(ws, "value.b1", MARKUP, tags=[MARKUP])
    case = cases.add_case(
        ws, MARKUP, MARKUP, ["value.b1"], period=MARKUP, actors=MARKUP, text=MARKUP,
        lessons=MARKUP, tags=[MARKUP],
    )  # fmt: skip
    window.open_node("value.b1")
    panel = window.notes.panel
    qtbot.waitUntil(lambda: panel.notes.count() == 1 and panel.cases.count() == 1, timeout=5_000)
    panel.notes.setCurrentRow(0)
    window.cases.dock.show()
    qtbot.waitUntil(lambda: window.cases.view.proxy.rowCount() == 1, timeout=5_000)
    window.cases.view.case_requested.emit(case.id, None)
    window.team.territories_action.trigger()
    window.team.rename_tag_action.trigger()
    window.team.who_action.trigger()
    search = window.search.panel
    search.field.setText("gras")
    qtbot.waitUntil(lambda: search.results.count() >= 2, timeout=30_000)

    widgets = QApplication.allWidgets()
    texts = everything_shown(widgets) + hover_everything(qtbot, widgets)
    assert sum(MARKUP in text for text in texts) >= 10  # shown, and shown as written
    for text in texts:
        if re.search(r"\bgras\b", text):
            assert "<b>gras</b>" in text, text  # never made bold
        if "dev/zero" in text:
            assert '<img src="file:///dev/zero">' in text, text  # never an image
        if "bin/sh" in text:
            assert '<a href="file:///bin/sh">x</a>' in text, text  # never a link
    hovered = hover_everything(qtbot, [panel.notes, window.cases.view.table, search.results])
    assert any(MARKUP in text for text in hovered)  # the note's own tooltip, literally
    for dialog in (window.team.territories_dialog, window.team.tag_dialog, window.team.who_dialog):
        dialog.close()
    window.cases.editors.opened[-1].close()


@given(st.text(alphabet=st.sampled_from("&<>\"'« »’œ é;#x27amp lt"), max_size=40), st.booleans())
def test_the_window_escapes_exactly_as_html_escape_does(text: str, quote: bool) -> None:
    """``plain.escape`` stands in for ``html.escape`` (whose module loads its entity table
    at start-up): the same output for every text, quotes or not."""
    import html

    from referentiel_desktop.gui.common.plain import escape

    assert escape(text, quote=quote) == html.escape(text, quote=quote)
    assert escape(text) == html.escape(text)
