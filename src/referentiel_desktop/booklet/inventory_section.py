"""The territory's inventory in a booklet: a heading, the overview chart, then each of
the twenty questions with its position, answer and evidence.

Kept apart from :mod:`.story` so the story reads in one sitting; it adds the section's
heading to the story's contents like any item's. The story imports this module, never
the other way round (:class:`StorySoFar` names what the section needs of it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from referentiel_desktop.booklet.flowables import ContentsLine, Figure, Heading
from referentiel_desktop.booklet.markup import escape, kept, paragraphs
from referentiel_desktop.booklet.styles import FONT, MUTED
from referentiel_desktop.i18n import N_, translate
from referentiel_desktop.inventory.drawing import overview_drawing
from referentiel_desktop.inventory.scale import format_day, position_label
from referentiel_desktop.place_names import of_place
from referentiel_desktop.typography import for_reading, keep_together

if TYPE_CHECKING:
    from referentiel_desktop.booklet.model import InventorySection
    from referentiel_desktop.booklet.styles import Styles


class StorySoFar(Protocol):
    """What the section needs of the story it joins (the story's builder is one): its
    styles, languages and frame width, and its contents, to which the section adds its
    heading. Named here so the section does not import the story that imports it."""

    styles: Styles
    langs: tuple[str, ...]
    width: float
    contents: list[ContentsLine]
    page_of: dict[str, int]

    def say(self, message: str, separator: str = " · ") -> str: ...


def inventory_flowables(builder: StorySoFar, section: InventorySection) -> list[Flowable]:
    s = builder.styles
    langs = builder.langs
    assessment = section.assessment
    flow: list[Flowable] = [CondPageBreak(s.base.fontSize * 14)]
    key = f"h{len(builder.contents)}"
    titles = [
        for_reading(
            translate(N_("Inventory {of_territory} — {date}"), lang).format(
                of_territory=keep_together(of_place(assessment.territory, lang)),
                date=keep_together(format_day(assessment.date, lang)),
            ),
            lang,
        )
        for lang in langs
    ]
    style = s.heading(0, MUTED)
    flow.append(Heading(escape(titles[0]), style, key, titles[0], 0))
    builder.contents.append(ContentsLine(escape(titles[0]), key, 0, s, builder.page_of))
    flow += [Paragraph(escape(title), s.translation) for title in titles[1:]]
    flow.append(Figure(overview_drawing(section.overview, builder.width, langs[0], FONT)))
    flow.append(Spacer(1, s.base.fontSize))
    # Space above each question (dropped at a page's top, unlike a spacer).
    question_style = ParagraphStyle("inventory-question", parent=s.case_title,
                                    spaceBefore=s.base.fontSize * 0.7)  # fmt: skip
    for answer in assessment.answers:
        question = answer.question
        block: list[Flowable] = []
        for index, lang in enumerate(langs):
            block.append(
                Paragraph(
                    escape(f"Q{question.number}. {question.title(lang)}"),
                    question_style if index == 0 else s.translation,
                )  # fmt: skip
            )
        label = builder.say(N_("Position"), " / ")
        position = " · ".join(dict.fromkeys(position_label(answer.position, x) for x in langs))
        block.append(Paragraph(f"<i>{escape(label)}</i> : {escape(position)}", s.note))
        block += [Paragraph(p, s.note) for p in paragraphs(answer.text)]
        if answer.evidence:
            label = builder.say(N_("Evidence"), " / ")
            block.append(Paragraph(f"<i>{escape(label)}</i> : {escape(answer.evidence)}", s.note))
        flow += kept(block)
    return flow
