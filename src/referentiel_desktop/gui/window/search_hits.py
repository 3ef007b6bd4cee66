"""How a search's answer reads in the panel: each hit as a few lines of escaped HTML
(title, kind and place, the snippet with its marks), the line under the field (no
results, « did you mean »), and the words a hit's snippet marks."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from referentiel_desktop.gui.common.labels import kind_label
from referentiel_desktop.gui.common.plain import escape
from referentiel_desktop.i18n import N_, _

if TYPE_CHECKING:
    from referentiel_desktop.search.service import SearchResult

HTML_ROLE = Qt.ItemDataRole.UserRole + 10
HIT_ROLE = Qt.ItemDataRole.UserRole + 11
THEMES = {
    "engagement": N_("Engagement"),
    "integration": N_("Integrated action"),
    "cooperation": N_("Cooperation"),
    "value": N_("Value created"),
}


def hit_html(hit: Any, node_label: Callable[[str], str] | None) -> str:
    """A hit's title, kind and place (a note: the balise it was written on), snippet."""
    themes = ", ".join(_(THEMES[t]) for t in hit.theme.split(",") if t in THEMES)
    where = themes
    if hit.kind == "note" and hit.target and node_label is not None:
        where = node_label(hit.target[0])
    meta = " · ".join(p for p in (kind_label(hit.kind), where) if p)
    return (
        f"<b>{escape(hit.title)}</b><br><small>{escape(meta)}</small><br>"
        f"<span>{hit.snippet}</span>"  # the snippet is built escaped, with <b> marks
    )


def status_html(result: SearchResult) -> str:
    """« No results. », « Did you mean: … ? » (a link), or nothing."""
    parts = []
    if not result.hits:
        parts.append(escape(_("No results.")))
    if result.suggestion:
        link = f"<a href='suggest'>{escape(result.suggestion)}</a>"
        parts.append(escape(_("Did you mean: {suggestion}?")).format(suggestion=link))
    return " ".join(parts)


def marked_words(snippet: str) -> list[str]:
    """The words a snippet marks in ``<b>``, once each, as the text writes them."""
    from html import unescape  # with results, not at the first paint (see plain.escape)

    words = [unescape(w) for w in re.findall(r"<b>(.*?)</b>", snippet)]
    return list(dict.fromkeys(w for w in words if w.strip()))
