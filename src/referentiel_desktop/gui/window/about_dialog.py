"""The About box: the referential's provenance and licence, the Fabrique's material beside
it (another source, no licence stated), and the application's version."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from referentiel_desktop import __version__
from referentiel_desktop.i18n import _

TRANSLATION_MARK = "†"


def _pick(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("fr") or "")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _cell(provenance: dict[str, Any], field: str, lang: str, text: str) -> str:
    """Escaped text, marked when this language's text was written for this application."""
    marked = f"provenance.{field}.{lang}" in provenance.get("translated", [])
    return escape(text) + (f"<sup>{TRANSLATION_MARK}</sup>" if marked else "")


def _table(rows: list[tuple[str, str]]) -> str:
    body = "".join(
        f"<tr><td style='padding-right:12px'><b>{escape(k)}</b></td><td>{v}</td></tr>"
        for k, v in rows
        if v
    )
    return f"<table>{body}</table>"


def about_html(provenance: dict[str, Any], lang: str) -> str:
    other = "en" if lang == "fr" else "fr"
    title = _pick(provenance.get("title"), lang)

    def cell(field: str, text: str | None = None) -> str:
        value = _pick(provenance.get(field), lang) if text is None else text
        return _cell(provenance, field, lang, value) if value else ""

    referential_rows = [
        (_("Authors"), cell("authors")),
        (_("Published by"), cell("publisher")),
        (_("Date"), escape(_("March 2019"))),
        (_("Peer towns"), cell("peer_towns")),
        (
            _("Actors brought together"),
            cell("actors", "; ".join(provenance.get("actors", {}).get(lang, []))),
        ),
        (_("Support"), cell("supporters")),
        (_("Licence"), escape(_pick(provenance.get("licence"), lang))),
    ]
    fabrique_rows = [
        (_("Source"), cell("support_source")),
        (_("Licence"), escape(_("none stated by the source"))),
    ]
    # Outside the f-string: Babel's extractor does not see calls inside one.
    companion = _("An offline companion to the referential of the workshop:")
    licence_note = _("The licence applies to the referential; the source gives no version of it.")
    fabrique = _("Support scenarios and inventory, from another source:")
    motto = cell("support_motto")
    mark_note = _(
        "{mark} Translated for this application; the source text is in the other language."
    )
    licences = _("Licences")
    licence_lines = [
        _("The program: GNU General Public License, version 3 or later (file {file}).").format(
            file="LICENSE"
        ),
        _("The referential: Creative Commons BY-NC-ND (file {file}).").format(
            file="resources/referential/LICENSE.txt"
        ),
        _("The DejaVu fonts of the booklets: their own free licence (file {file}).").format(
            file="resources/fonts/LICENSE-DejaVu.txt"
        ),
    ]
    licence_list = "".join(f"<li>{escape(line)}</li>" for line in licence_lines)
    return (
        f"<h2>Référentiel Desktop {escape(__version__)}</h2>"
        f"<p>{escape(companion)}</p>"
        f"<h3>« {escape(title)} »</h3>"
        f"<p><i>{escape(_pick(provenance.get('title'), other))}</i> — "
        f"{escape(_pick(provenance.get('subtitle'), lang))}</p>"
        f"{_table(referential_rows)}"
        f"<p><small>{escape(licence_note)}</small></p>"
        f"<h3>{escape(fabrique)}</h3>"
        f"{_table(fabrique_rows)}"
        + (f"<p><i>« {motto} »</i> — Fabrique des transitions</p>" if motto else "")
        + f"<p><small>{escape(mark_note.format(mark=TRANSLATION_MARK))}</small></p>"
        + f"<h3>{escape(licences)}</h3><ul>{licence_list}</ul>"
    )


class AboutDialog(QDialog):
    def __init__(self, provenance: dict[str, Any], lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("About Référentiel Desktop"))
        self.resize(620, 560)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(about_html(provenance, lang))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
