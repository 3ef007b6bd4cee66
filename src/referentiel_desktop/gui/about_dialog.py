"""The About box: the referential's provenance and licence, and the application's version."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from referentiel_desktop import __version__
from referentiel_desktop.i18n import _


def _pick(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("fr") or "")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def about_html(provenance: dict[str, Any], lang: str) -> str:
    other = "en" if lang == "fr" else "fr"
    title = _pick(provenance.get("title"), lang)
    rows = [
        (_("Authors"), _pick(provenance.get("authors"), lang)),
        (_("Published by"), _pick(provenance.get("publisher"), lang)),
        (_("Date"), _("March 2019")),
        (_("Peer towns"), _pick(provenance.get("peer_towns"), lang)),
        (_("Actors brought together"), "; ".join(provenance.get("actors", {}).get(lang, []))),
        (_("Support"), _pick(provenance.get("supporters"), lang)),
        (_("Support scenarios and inventory"), _pick(provenance.get("support_source"), lang)),
    ]
    licence = escape(_pick(provenance.get("licence"), lang))
    url = escape(_pick(provenance.get("licence_url"), lang), quote=True)
    table = "".join(
        f"<tr><td style='padding-right:12px'><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>"
        for k, v in rows
        if v
    )
    # Outside the f-string: Babel's extractor does not see calls inside one.
    companion = _("An offline companion to the referential of the workshop:")
    licence_label = _("Licence of the content:")
    return (
        f"<h2>Référentiel Desktop {escape(__version__)}</h2>"
        f"<p>{escape(companion)}</p>"
        f"<h3>« {escape(title)} »</h3>"
        f"<p><i>{escape(_pick(provenance.get('title'), other))}</i> — "
        f"{escape(_pick(provenance.get('subtitle'), lang))}</p>"
        f"<table>{table}</table>"
        f"<p>{escape(licence_label)} <a href='{url}'>{licence}</a></p>"
        f"<p><i>{escape(_pick(provenance.get('motto'), lang))}</i></p>"
    )


class AboutDialog(QDialog):
    def __init__(self, provenance: dict[str, Any], lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("About Référentiel Desktop"))
        self.resize(620, 520)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(about_html(provenance, lang))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
