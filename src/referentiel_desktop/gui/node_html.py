"""A node as HTML for the reading pane. Every piece of content is escaped."""

from __future__ import annotations

from html import escape

from referentiel_desktop.gui.labels import display_title, kind_label
from referentiel_desktop.i18n import N_, translate
from referentiel_desktop.referential.snapshot import NodeView


def _paragraphs(text: str) -> str:
    out = []
    for block in text.split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("•") for line in lines):
            items = "".join(f"<li>{escape(line.lstrip('• ').strip())}</li>" for line in lines)
            out.append(f"<ul>{items}</ul>")
        else:
            out.append(f"<p>{escape(' '.join(lines))}</p>")
    return "\n".join(out)


def is_translation(node: NodeView, lang: str) -> bool:
    """True when what the reader sees in ``lang`` was translated from the other language
    (a title both languages wrote for this application is no translation)."""
    other = "en" if lang == "fr" else "fr"
    if node.is_translation("body", lang) or node.is_translation("keywords", lang):
        return True
    return node.is_translation("title", lang) and not node.is_translation("title", other)


def node_html(
    node: NodeView,
    children: list[NodeView],
    lang: str,
    muted: str,
    parent: NodeView | None = None,
) -> str:
    """Render ``node`` in ``lang``; ``muted`` is the palette colour for secondary text.
    The parent, when given, is linked beside the kind: a balise says which theme it is in."""
    kicker = escape(kind_label(node.kind, lang).upper())
    if parent is not None:
        kicker += (
            f" · <a href='node:{escape(parent.id, quote=True)}'>"
            f"{escape(display_title(parent, lang))}</a>"
        )
    parts = [
        f"<p style='color:{muted}; font-size:small; letter-spacing:1px'>{kicker}</p>",
        f"<h1>{escape(display_title(node, lang))}</h1>",
    ]
    keywords = node.keywords(lang)
    if keywords:
        chips = " · ".join(f"<b>{escape(k)}</b>" for k in keywords)
        parts.append(f"<p style='color:{muted}'>{chips}</p>")
    body = node.body(lang)
    if body:
        parts.append(_paragraphs(body))
    if children:
        links = "".join(
            f"<li><a href='node:{escape(c.id, quote=True)}'>"
            f"{escape(display_title(c, lang))}</a></li>"
            for c in children
        )
        parts.append(f"<ul>{links}</ul>")
    if is_translation(node, lang):
        note = translate(
            N_("Translation made for this application; the source text is in the other language."),
            lang,
        )
        parts.append(f"<p style='color:{muted}; font-size:small'><i>{escape(note)}</i></p>")
    return "\n".join(parts)
