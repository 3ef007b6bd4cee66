"""Where other features plug into the booklet.

Two extension points, each one function with a stable signature:

- :func:`inventory_answers`: the territory's answers to the inventory questions a booklet
  holds (the inventory feature fills it in; until then, none).
- :func:`cover_figure`: a figure for the cover, such as the map of the referential with
  the selected balises marked (the map feature fills it in; until then, none).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from referentiel_desktop.booklet.content import BookletContent
    from referentiel_desktop.workspace import Workspace


def inventory_answers(
    workspace: Workspace, territory: str, question_ids: Sequence[str]
) -> dict[str, list[str]]:
    """The answers ``territory`` gave to each of ``question_ids``: {question id: texts}.

    Texts are the user's own (they are escaped when laid out). Empty until the inventory
    exists."""
    return {}


def cover_figure(content: BookletContent, width: float, height: float) -> Flowable | None:
    """A flowable that fits in ``width`` × ``height`` points, shown on the cover under
    the meeting's details; ``None`` for no figure."""
    return None
