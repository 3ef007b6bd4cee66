"""A node's page as HTML blocks, one list per language, so that French and English can be
shown side by side row by row (each paragraph beside its translation) or one after the
other. Every piece of content is escaped.

What a page holds, besides the node's own text: where it stands (its theme or part, the
previous and next item of the same kind, one key away), for a balise and a theme the
theme's methods and devices (« Pour agir »), the questions linked to a balise once the
inventory provides them, and what the data asks a page to send the reader to (``see``).
"""

from __future__ import annotations

from collections.abc import Callable

from referentiel_desktop.gui.common.labels import display_title, kind_label
from referentiel_desktop.gui.common.plain import escape
from referentiel_desktop.i18n import N_, translate
from referentiel_desktop.referential.palette import theme_colours
from referentiel_desktop.referential.snapshot import NodeView

LANGS = ("fr", "en")
MARK = "†"

Block = dict[str, str]  # language → HTML

# Marked here: Babel's extractor does not see calls inside f-strings.
TRANSLATED = N_("Translated for this application")
FROM = N_("From:")
METHODS = N_("Methods of action")
DEVICES = N_("Devices")


class PageContext:
    """How a page finds the nodes around it. (A plain class: a dataclass would cost half
    a millisecond at import, before the window's first paint.)"""

    __slots__ = ("node_of", "children_of", "linked_questions", "roots")

    def __init__(
        self,
        node_of: Callable[[str], NodeView | None],
        children_of: Callable[[str], list[NodeView]],
    ) -> None:
        self.node_of = node_of
        self.children_of = children_of
        # The inventory questions linked to a balise: a slot the inventory fills when it lands.
        self.linked_questions: Callable[[str], list[NodeView]] = lambda _id: []
        # The top-level nodes (chapters, themes, parts), in reading order.
        self.roots: Callable[[], list[NodeView]] = lambda: []


def _t(message: str, lang: str) -> str:
    return escape(translate(message, lang))


def _link(node: NodeView, lang: str) -> str:
    return f"<a href='node:{escape(node.id, quote=True)}'>{escape(display_title(node, lang))}</a>"


def _marked(node: NodeView, field_name: str, lang: str) -> str:
    if node.is_translation(field_name, lang):
        return f"<sup title='{_t(TRANSLATED, lang)}'>{MARK}</sup>"
    return ""


def siblings(node: NodeView, ctx: PageContext) -> tuple[NodeView | None, NodeView | None]:
    """The previous and next node of the same kind under the same parent."""
    around = ctx.children_of(node.parent_id) if node.parent_id else ctx.roots()
    same = [n for n in around if n.kind == node.kind]
    ids = [n.id for n in same]
    if node.id not in ids:
        return None, None
    at = ids.index(node.id)
    return (same[at - 1] if at > 0 else None), (same[at + 1] if at + 1 < len(same) else None)


def _list(nodes: list[NodeView], lang: str) -> str:
    return "<ul>" + "".join(f"<li>{_link(n, lang)}</li>" for n in nodes) + "</ul>"


def _heading(message: str, lang: str, count: int | None = None) -> str:
    text = _t(message, lang) + (f" ({count})" if count is not None else "")
    return f"<h3>{text}</h3>"


def _paragraph_blocks(node: NodeView, lang_text: dict[str, str]) -> list[Block]:
    """Paragraph by paragraph; a run of « • » lines is one list."""
    split = {lang: [p for p in lang_text[lang].split("\n\n") if p.strip()] for lang in LANGS}
    rows = max(len(split["fr"]), len(split["en"]))
    blocks: list[Block] = []
    for i in range(rows):
        block: Block = {}
        for lang in LANGS:
            paragraphs = split[lang]
            block[lang] = _paragraph(paragraphs[i], node, lang) if i < len(paragraphs) else ""
        blocks.append(block)
    return blocks


def _paragraph(text: str, node: NodeView, lang: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    mark = _marked(node, "body", lang)
    if lines and all(line.startswith("•") for line in lines):
        items = "".join(f"<li>{escape(line.lstrip('• ').strip())}</li>" for line in lines)
        return f"<ul>{items}</ul>" + (f"<p>{mark}</p>" if mark else "")
    return f"<p>{escape(' '.join(lines))}{mark}</p>"


def page_blocks(
    node: NodeView, ctx: PageContext, muted: str, palette: str = "light"
) -> list[Block]:
    """The page of ``node`` in both languages, block by block; key words in the colour of
    the node's theme (``palette``: the window's, light or dark), as the map draws them."""
    parent = ctx.node_of(node.parent_id) if node.parent_id else None
    accent = theme_colours(_theme_of(node, ctx), palette).accent
    blocks: list[Block] = []

    def each(render: Callable[[str], str]) -> None:
        block = {lang: render(lang) for lang in LANGS}
        if any(block.values()):
            blocks.append(block)

    def kicker(lang: str) -> str:
        text = escape(kind_label(node.kind, lang).upper())
        if parent is not None:
            text += f" · {_link(parent, lang)}"
        return f"<p style='color:{muted}; font-size:small; letter-spacing:1px'>{text}</p>"

    each(kicker)
    each(lambda lang: f"<h1>{escape(display_title(node, lang))}{_marked(node, 'title', lang)}</h1>")
    each(lambda lang: _keywords(node, lang, accent))
    each(lambda lang: _place(node, ctx, lang, muted))
    if node.body("fr") or node.body("en"):
        blocks.extend(_paragraph_blocks(node, {lang: node.body(lang) for lang in LANGS}))
    kids = ctx.children_of(node.id)
    if node.kind == "theme":
        each(lambda lang: _heading(N_("Beacons"), lang) + _list(_of(kids, "balise"), lang))
    elif kids:
        each(lambda lang: _list(kids, lang))
    theme = node if node.kind == "theme" else None
    if (
        parent is not None
        and parent.kind == "theme"
        and node.kind in ("balise", "method", "device")
    ):
        theme = parent
    if theme is not None:
        each(lambda lang: _to_act(theme, ctx, lang))
    if node.kind == "balise":
        questions = ctx.linked_questions(node.id)
        if questions:
            heading = N_("Inventory questions linked to this beacon")
            each(lambda lang: _heading(heading, lang, len(questions)) + _list(questions, lang))
    for target_id in node.see:
        target = ctx.node_of(target_id)
        if target is not None:
            each(lambda lang, target=target: _see(node, target, ctx, lang))  # type: ignore[misc]
    each(lambda lang: _translation_note(node, lang, muted))
    return blocks


def _of(nodes: list[NodeView], kind: str) -> list[NodeView]:
    return [n for n in nodes if n.kind == kind]


def _keywords(node: NodeView, lang: str, accent: str) -> str:
    words = node.keywords(lang)
    if not words:
        return ""
    chips = " &nbsp;·&nbsp; ".join(f"<b>{escape(k)}</b>" for k in words)
    marked = _marked(node, "keywords", lang)
    return f"<p style='font-size:large; color:{accent}'>{chips}{marked}</p>"


def _theme_of(node: NodeView, ctx: PageContext) -> str | None:
    cursor: NodeView | None = node
    while cursor is not None:
        if cursor.kind == "theme":
            return cursor.id
        cursor = ctx.node_of(cursor.parent_id) if cursor.parent_id else None
    return None


def _place(node: NodeView, ctx: PageContext, lang: str, muted: str) -> str:
    previous, following = siblings(node, ctx)
    if previous is None and following is None:
        return ""
    parts = []
    if previous is not None:
        parts.append(f"← {_link(previous, lang)} <span style='color:{muted}'>(Alt+↑)</span>")
    if following is not None:
        parts.append(f"{_link(following, lang)} → <span style='color:{muted}'>(Alt+↓)</span>")
    return f"<p style='font-size:small'>{'<br>'.join(parts)}</p>"


def _to_act(theme: NodeView, ctx: PageContext, lang: str) -> str:
    kids = ctx.children_of(theme.id)
    methods, devices = _of(kids, "method"), _of(kids, "device")
    if not methods and not devices:
        return ""
    out = _heading(N_("To act"), lang)
    if methods:
        out += f"<p><b>{_t(METHODS, lang)}</b></p>" + _list(methods, lang)
    if devices:
        out += f"<p><b>{_t(DEVICES, lang)}</b></p>" + _list(devices, lang)
    return out


def _see(node: NodeView, target: NodeView, ctx: PageContext, lang: str) -> str:
    """Scenario 2 lists the inventory's questions (written once, in the inventory); the
    inventory says which scenario it comes from."""
    if target.kind == "part":
        questions = _of(ctx.children_of(target.id), "question")
        return f"<h3>{_link(target, lang)}</h3>" + _list(questions, lang)
    return f"<p>{_t(FROM, lang)} {_link(target, lang)}</p>"


def _translation_note(node: NodeView, lang: str, muted: str) -> str:
    if not any(node.is_translation(f, lang) for f in ("title", "body", "keywords")):
        return ""
    message = N_("{mark} Translated from French for this application.")
    if lang == "fr":
        message = N_("{mark} Translated from English for this application.")
    note = translate(message, lang).format(mark=MARK)
    return f"<p style='color:{muted}; font-size:small'><i>{escape(note)}</i></p>"


def single_html(blocks: list[Block], lang: str) -> str:
    return "\n".join(block[lang] for block in blocks if block[lang])


def side_by_side_html(blocks: list[Block]) -> str:
    """One table, one row per block: each paragraph stands beside its translation, so the
    two languages stay aligned however far one scrolls."""
    rows = "".join(
        "<tr>"
        f"<td width='50%' valign='top' style='padding-right:18px; padding-bottom:10px'>"
        f"{block['fr']}</td>"
        f"<td width='50%' valign='top' style='padding-left:18px; padding-bottom:10px'>"
        f"{block['en']}</td>"
        "</tr>"
        for block in blocks
    )
    return f"<table width='100%' cellspacing='0' cellpadding='0'>{rows}</table>"
