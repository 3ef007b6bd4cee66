"""What a booklet holds, as plain frozen data: read once from the store by
:mod:`.content`, laid out by :mod:`.story` on any thread, handed to the extension
points of :mod:`.extensions`. Every part of the booklet may import this room; it imports
only the options, so no part of the booklet is imported back through it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from referentiel_desktop.annotations.views import CaseView, NoteView
from referentiel_desktop.booklet.options import BookletOptions
from referentiel_desktop.inventory.views import Assessment, Overview
from referentiel_desktop.referential.snapshot import NodeView


@dataclass(frozen=True)
class BookletItem:
    node: NodeView
    depth: int
    context_only: bool = False
    """An ancestor shown as a heading only, so a lone balise still sits under its theme."""
    notes: tuple[NoteView, ...] = ()
    cases: tuple[CaseView, ...] = ()
    questions: tuple[str, ...] = ()
    inventory_answers: tuple[str, ...] = ()
    linked_questions: tuple[str, ...] = ()
    """The ids of the inventory questions linked to a balise."""


@dataclass(frozen=True)
class BookletContent:
    options: BookletOptions
    items: tuple[BookletItem, ...]
    theme_of: dict[str, str] = field(default_factory=dict)
    """Each item's theme id (items outside the themes are absent)."""
    inventory: InventorySection | None = None
    nodes: tuple[NodeView, ...] = ()
    """The whole referential, for the map on the cover."""
    author: str = ""
    """Who the PDF names as its author: the team, else the default author."""


@dataclass(frozen=True)
class InventorySection:
    """A territory's assessment, and the overview of its assessments up to that day."""

    assessment: Assessment
    overview: Overview
