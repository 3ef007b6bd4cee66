"""What the meeting mode shows, one thing at a time: the slides, without Qt.

A council sees the map, then each theme with its balises, then each balise with its key
words. A booklet preset is shown as it would print: its balises, the team notes and
cases it chose (team only: a private note never reaches a screen in a council room, and
none unless the preset asks for them), and its discussion questions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from referentiel_desktop.i18n import N_, translate

if TYPE_CHECKING:
    from referentiel_desktop.booklet.model import BookletContent
    from referentiel_desktop.referential.snapshot import NodeView

MAP = "map"


@dataclass(frozen=True)
class Slide:
    kind: str
    """``map``, ``theme``, ``balise``, ``node`` (a chapter, a method…), ``team`` (notes
    and cases) or ``questions``."""
    node_id: str
    theme_id: str
    """The theme whose colour the slide wears ("" outside the themes)."""
    titles: tuple[str, ...]
    """One per language shown (two for French and English side by side)."""
    keywords: tuple[tuple[str, ...], ...] = ()
    """Key words, one tuple per language shown."""
    points: tuple[str, ...] = ()
    """What the slide lists: a theme's balises, a balise's first lines, team notes and
    cases, questions."""
    heading: str = ""
    """A line above the title: the theme a balise belongs to."""


EXCERPT = 360
"""About three lines of large type: what a room reads of a balise's text."""


def excerpt(body: str) -> str:
    """The start of ``body``, cut at a sentence (or a word) near :data:`EXCERPT`."""
    text = " ".join(body.split())
    if len(text) <= EXCERPT:
        return text
    cut = max(text.rfind(mark, 0, EXCERPT) for mark in (". ", " ; ", " : "))
    if cut > EXCERPT // 2:
        return text[: cut + 1].rstrip(" ;:")
    return text[: text.rfind(" ", 0, EXCERPT)] + " …"


def node_title(node: NodeView, lang: str) -> str:
    title = node.title(lang)
    if node.kind == "balise":
        return translate(N_("Beacon {number} — {title}"), lang).format(
            number=node.number, title=title
        )
    if node.kind in ("chapter", "theme", "scenario") and node.number:
        return f"{node.number}. {title}"
    return title


def _themes_of(nodes: Sequence[NodeView]) -> dict[str, str]:
    by_id = {node.id: node for node in nodes}
    found: dict[str, str] = {}
    for node in nodes:
        cursor: NodeView | None = node
        while cursor is not None and cursor.kind != "theme":
            cursor = by_id.get(cursor.parent_id) if cursor.parent_id else None
        if cursor is not None:
            found[node.id] = cursor.id
    return found


def _map_slide(langs: Sequence[str]) -> Slide:
    return Slide(
        MAP, "", "", tuple(translate(N_("Map of the referential"), lang) for lang in langs)
    )


def _node_slide(
    node: NodeView, theme_id: str, langs: Sequence[str], points: tuple[str, ...] = ()
) -> Slide:
    kind = node.kind if node.kind in ("theme", "balise") else "node"
    return Slide(
        kind,
        node.id,
        theme_id,
        tuple(node_title(node, lang) for lang in langs),
        tuple(node.keywords(lang) for lang in langs),
        points,
    )


def _balise_slide(balise: NodeView, theme: NodeView, langs: Sequence[str]) -> Slide:
    first = excerpt(balise.body(langs[0]))
    slide = _node_slide(balise, theme.id, langs, (first,) if first else ())
    return replace(slide, heading=node_title(theme, langs[0]))


def referential_slides(nodes: Sequence[NodeView], langs: Sequence[str]) -> list[Slide]:
    """The map, then each theme with its balises, then each of its balises."""
    themes = _themes_of(nodes)
    slides = [_map_slide(langs)]
    for theme in (node for node in nodes if node.kind == "theme"):
        balises = [
            node for node in nodes if node.kind == "balise" and themes.get(node.id) == theme.id
        ]
        listed = tuple(node_title(balise, langs[0]) for balise in balises)
        slides.append(_node_slide(theme, theme.id, langs, listed))
        slides += [_balise_slide(balise, theme, langs) for balise in balises]
    return slides


def booklet_slides(content: BookletContent, langs: Sequence[str]) -> list[Slide]:
    """A booklet preset as it would print: its items, their team notes and cases, the
    questions it asks."""
    slides = [_map_slide(langs)]
    first = langs[0]
    for item in content.items:
        if item.context_only:
            continue
        theme_id = content.theme_of.get(item.node.id, "")
        slides.append(_node_slide(item.node, theme_id, langs))
        team = [note.text for note in item.notes if note.visibility == "team"]
        team += [f"{case.title} — {case.text}" if case.text else case.title for case in item.cases]
        if team:
            title = translate(N_("What the team saw: {title}"), first).format(
                title=item.node.title(first)
            )
            slides.append(Slide("team", item.node.id, theme_id, (title,), (), tuple(team)))
        if item.questions:
            title = translate(N_("Questions for discussion: {title}"), first).format(
                title=item.node.title(first)
            )
            slides.append(Slide("questions", item.node.id, theme_id, (title,), (), item.questions))
    return slides


def start_at(slides: Sequence[Slide], node_id: str | None) -> int:
    """The index of the first slide about ``node_id`` (the map when there is none)."""
    for index, slide in enumerate(slides):
        if node_id and slide.node_id == node_id:
            return index
    return 0
