"""Where other features plug into the booklet.

Two extension points, each one function with a stable signature:

- :func:`inventory_answers`: the territory's answers to the inventory questions a booklet
  holds, printed under each question;
- :func:`cover_figure`: the map of the referential with the selected balises marked,
  on the cover under the meeting's details.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from referentiel_desktop.i18n import N_, translate

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from referentiel_desktop.booklet.model import BookletContent
    from referentiel_desktop.workspace import Workspace


def inventory_answers(
    workspace: Workspace,
    territory: str,
    question_ids: Sequence[str],
    day: date | None = None,
    languages: Sequence[str] = ("fr",),
) -> dict[str, list[str]]:
    """The answers ``territory`` gave to each of ``question_ids`` in its assessment of
    ``day`` (the latest when ``None``): {question id: texts}, the position first (in
    ``languages``), then the answer and its evidence.

    Texts are the user's own (they are escaped when laid out). No territory, or one
    never assessed: no answers."""
    from referentiel_desktop.inventory.answers import get_assessment
    from referentiel_desktop.inventory.scale import position_label

    if not territory or not question_ids:
        return {}
    assessment = get_assessment(workspace, territory, day)
    if assessment is None:
        return {}
    wanted = set(question_ids)
    found: dict[str, list[str]] = {}
    for answer in assessment.answers:
        if answer.question.id in wanted and (answer.position or answer.text or answer.evidence):
            texts = [
                f"{_say(N_('Position'), languages)} : "
                + " · ".join(dict.fromkeys(position_label(answer.position, x) for x in languages)),
                answer.text,
            ]
            if answer.evidence:
                texts.append(f"{_say(N_('Evidence'), languages)} : {answer.evidence}")
            found[answer.question.id] = [t for t in texts if t]
    return found


def _say(message: str, languages: Sequence[str]) -> str:
    return " / ".join(dict.fromkeys(translate(message, x) for x in languages))


def cover_figure(content: BookletContent, width: float, height: float) -> Flowable | None:
    """A flowable that fits in ``width`` × ``height`` points (and in what the cover has
    left), shown on the cover under the meeting's details: the map of the referential
    with the booklet's balises marked; ``None`` when the booklet holds no balise."""
    from referentiel_desktop.booklet.flowables import Figure
    from referentiel_desktop.booklet.map_drawing import map_drawing

    marked = {
        item.node.id
        for item in content.items
        if item.node.kind == "balise" and not item.context_only
    }
    if not marked or not content.nodes:
        return None
    drawing = map_drawing(content.nodes, content.options.languages()[0], marked)
    return Figure(drawing, fit=True, max_width=width, max_height=height)
