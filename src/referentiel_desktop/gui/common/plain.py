"""User text is shown as plain text, everywhere. Qt takes a string for rich text wherever
``Qt.mightBeRichText`` guesses so (labels, tooltips, message boxes): a note beginning with
``<img src="file:///dev/zero">`` shown that way made the window allocate 4 GB and abort."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def escape(text: str, quote: bool = True) -> str:
    """``html.escape``, the same function: importing ``html`` also loads the 2,000
    entities of ``html.entities`` for ``unescape`` (1.5 ms before the first paint, for a
    table the window never uses there)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;").replace("'", "&#x27;")
    return text


def tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally, line breaks kept. Escaping alone is not
    enough: escaped text that Qt takes for plain would show its ``&lt;`` entities, so the
    escaped text is wrapped in a paragraph, which Qt always takes for rich text."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{escape(text, quote=False)}</p>"


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label
