"""Content → a list of ReportLab flowables: cover, contents, then each item.

Every text a user wrote (titles, notes, cases, questions) goes through :func:`escape`
before it meets ReportLab's paragraph markup, so ``<b>``, ``&`` and ``<img src=…>``
print as typed. Items in both languages read one after the other: the French, then the
English in italics beneath it (side-by-side columns on A5 are five centimetres wide and
cannot break across a page).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)

import referentiel_desktop.booklet.extensions as extensions
from referentiel_desktop.annotations.views import CaseView, NoteView
from referentiel_desktop.booklet.flowables import (
    ContentsLine,
    ContinuedLabel,
    Heading,
    RuledSpace,
)
from referentiel_desktop.booklet.inventory_section import inventory_flowables
from referentiel_desktop.booklet.markup import escape, kept, paragraphs
from referentiel_desktop.booklet.model import BookletContent, BookletItem
from referentiel_desktop.booklet.styles import Styles, theme_colour
from referentiel_desktop.i18n import N_, format_day, translate
from referentiel_desktop.typography import for_reading, keep_together

KIND_EYEBROWS = {
    "method": N_("Method of action"),
    "device": N_("Device"),
    "scenario": N_("Support scenario"),
    "question": N_("Inventory question"),
    "section": N_("Section"),
}


class StoryBuilder:
    def __init__(self, content: BookletContent, styles: Styles, frame_width: float) -> None:
        self.content = content
        self.options = content.options
        self.styles = styles
        self.width = frame_width
        self.langs = self.options.languages()
        self.contents: list[ContentsLine] = []
        self.page_of: dict[str, int] = {}
        """Filled by the layout as headings land on pages: {heading key: page number}."""

    # -- words in the booklet's language(s) -------------------------------------------
    def say(self, message: str, separator: str = " · ") -> str:
        return separator.join(dict.fromkeys(translate(message, lang) for lang in self.langs))

    def item_title(self, item: BookletItem, lang: str) -> str:
        node = item.node
        title = node.title(lang)
        if node.kind == "balise":
            return translate(N_("Beacon {number} — {title}"), lang).format(
                number=node.number, title=title
            )
        if node.kind == "question":
            return f"Q{node.number}. {title}"
        if node.kind in ("chapter", "theme", "scenario") and node.number:
            return f"{node.number}. {title}"
        return title

    # -- the parts ----------------------------------------------------------------------
    def build(self) -> list[Flowable]:
        story: list[Flowable] = [NextPageTemplate("body"), *self.cover(), PageBreak()]
        body = list(self.body())
        story += self.contents_pages()
        story += body
        return story

    def cover(self) -> list[Flowable]:
        s = self.styles
        o = self.options
        flow: list[Flowable] = [Spacer(1, self.width * 0.28)]
        flow.append(Paragraph(escape(self.reading(o.title or self.say(N_("Booklet")))),
                              s.cover_title))  # fmt: skip
        if o.subtitle:
            flow.append(Paragraph(escape(self.reading(o.subtitle)), s.cover_subtitle))
        else:
            flow.append(Spacer(1, s.base.fontSize * 2))
        if o.territory:
            flow.append(Paragraph(escape(keep_together(o.territory)), s.cover_line))
        if o.meeting_date:
            flow.append(Paragraph(escape(self.meeting_date(o.meeting_date)), s.cover_line))
        if o.team:
            flow.append(Spacer(1, s.base.fontSize))
            flow.append(Paragraph(escape(keep_together(o.team)), s.cover_line))
        figure = extensions.cover_figure(self.content, self.width, self.width * 1.2)
        if figure is not None:
            flow += [Spacer(1, s.base.fontSize * 2), figure]
        return flow

    def meeting_date(self, day: date) -> str:
        return " · ".join(keep_together(format_day(day, lang)) for lang in self.langs)

    def reading(self, text: str, lang: str | None = None) -> str:
        """A title as it prints: French spacing, never broken inside a date."""
        return for_reading(text, lang or self.langs[0])

    def contents_pages(self) -> list[Flowable]:
        title = Paragraph(escape(self.say(N_("Contents"))), self.styles.contents_title)
        return [title, *self.contents, PageBreak()]

    def body(self) -> Iterator[Flowable]:
        for item in self.content.items:
            yield from self.item(item)
        if self.content.inventory is not None:
            yield from inventory_flowables(self, self.content.inventory)

    def heading(self, item: BookletItem) -> list[Flowable]:
        node = item.node
        colour = theme_colour(self.content.theme_of.get(node.id))
        depth = min(item.depth, 2)
        style = self.styles.heading(depth, colour)
        if node.kind == "theme":
            style = _banded(style, colour)
        flow: list[Flowable] = []
        eyebrow = KIND_EYEBROWS.get(node.kind)
        if eyebrow:
            flow.append(Paragraph(escape(self.say(eyebrow).upper()), self.styles.label))
        key = f"h{len(self.contents)}"
        first = self.item_title(item, self.langs[0])
        level = 0 if depth == 0 else 1
        flow.append(Heading(escape(self.reading(first)), style, key, first, level))
        self.contents.append(
            ContentsLine(escape(self.reading(first)), key, level, self.styles, self.page_of)
        )
        for lang in self.langs[1:]:
            other = self.reading(self.item_title(item, lang), lang)
            flow.append(Paragraph(escape(other), _translation_of(style, self.styles)))
        return flow

    def item(self, item: BookletItem) -> Iterator[Flowable]:
        s = self.styles
        node = item.node
        if item.depth == 0 and node.kind in ("theme", "chapter", "part"):
            yield CondPageBreak(s.base.fontSize * 14)
        lead = self.heading(item)
        if item.context_only:
            yield from _ending(lead)
            return
        for lang in self.langs:
            words = node.keywords(lang)
            if words:
                label = translate(N_("Key words: {words}"), lang)
                line = self.reading(label.format(words=", ".join(words)), lang)
                lead.append(Paragraph(escape(line), s.keywords))
        for index, lang in enumerate(self.langs):
            style = s.base if index == 0 else s.translation
            lead += [Paragraph(p, style) for p in paragraphs(node.body(lang))]
        lead += self.linked_questions(item)
        notes = [self.note(n) for n in item.notes]
        if notes:
            # A balise is never split from its first note when the two fit on a page.
            lead.append(Paragraph(escape(self.say(N_("Team notes"))), s.label))
            yield KeepTogether([*lead, *notes[0]])
            for note in notes[1:]:
                yield self.label(item, N_("Team notes"), shown=False)
                yield from kept(note)
        elif self._has_more(item):
            yield from lead
        else:
            yield from _ending(lead)
        if item.cases:
            yield self.label(item, N_("Cases"))
            for index, case in enumerate(item.cases):
                if index:
                    yield self.label(item, N_("Cases"), shown=False)
                yield from kept(self.case(case))
        if item.inventory_answers:
            yield self.label(item, N_("The territory's answers"))
            for answer in item.inventory_answers:
                yield from (Paragraph(p, s.note) for p in paragraphs(answer))
        if item.questions:
            block: list[Flowable] = [self.label(item, N_("Questions for discussion"))]
            block += [Paragraph(escape(q), s.question, bulletText="•") for q in item.questions]
            yield from kept(block)
        if self.options.writing_space != "none" and not item.context_only and _annotated(item):
            yield self.label(item, N_("Your notes"))  # kept with the space
            yield RuledSpace(self.options.writing_space, s.base.fontSize)

    def label(self, item: BookletItem, message: str, shown: bool = True) -> ContinuedLabel:
        """A block's label; at the top of a page it names the item it belongs to."""
        plain = escape(self.say(message)) if shown else None
        named = " · ".join(
            dict.fromkeys(
                translate(N_("{label} — {title} (continued)"), lang).format(
                    label=translate(message, lang), title=self.item_title(item, lang)
                )
                for lang in self.langs
            )
        )
        return ContinuedLabel(plain, escape(self.reading(named)), self.styles.label)

    def linked_questions(self, item: BookletItem) -> list[Flowable]:
        """The inventory questions linked to a balise, under its key words."""
        nodes = {n.id: n for n in self.content.nodes}
        found = [nodes[q] for q in item.linked_questions if q in nodes]
        if not found:
            return []
        flow: list[Flowable] = []
        for lang in self.langs:
            label = translate(N_("Inventory questions: {questions}"), lang)
            questions = "; ".join(f"Q{q.number}. {q.title(lang)}" for q in found)
            text = escape(self.reading(label.format(questions=questions), lang))
            flow.append(Paragraph(text, self.styles.keywords))
        return flow

    def _has_more(self, item: BookletItem) -> bool:
        writing = self.options.writing_space != "none" and _annotated(item)
        return bool(item.cases or item.inventory_answers or item.questions or writing)

    def note(self, note: NoteView) -> list[Flowable]:
        s = self.styles
        flow: list[Flowable] = [Paragraph(p, s.note) for p in paragraphs(note.text)]
        when = format_day(note.created_at.astimezone().date(), self.langs[0])
        meta = [note.author, when]
        meta += [f"#{tag}" for tag in note.tags]
        flow.append(Paragraph(escape(" · ".join(meta)), s.note_meta))
        return flow

    def case(self, case: CaseView) -> list[Flowable]:
        s = self.styles
        heading = " — ".join(part for part in (case.title, case.territory, case.period) if part)
        flow: list[Flowable] = [Paragraph(escape(heading), s.case_title)]
        if case.actors:
            label = self.say(N_("Actors"), " / ")
            flow.append(Paragraph(f"<i>{escape(label)}</i> : {escape(case.actors)}", s.note))
        flow += [Paragraph(p, s.note) for p in paragraphs(case.text)]
        if case.lessons:
            label = self.say(N_("What it taught"), " / ")
            flow.append(Paragraph(f"<i>{escape(label)}</i> : {escape(case.lessons)}", s.note))
        flow.append(Paragraph(escape(case.author), s.note_meta))
        return flow


def _ending(flow: list[Flowable]) -> list[Flowable]:
    """An item's last flowable keeps with nothing: headings of items with no body, one
    after the other, would otherwise chain into one block longer than a page."""
    if flow:
        flow[-1].keepWithNext = False
    return flow


def _annotated(item: BookletItem) -> bool:
    return item.node.kind in ("balise", "method", "device", "scenario", "question", "section")


def _banded(style: ParagraphStyle, colour: colors.Color) -> ParagraphStyle:
    pad = style.fontSize * 0.45
    return ParagraphStyle(
        style.name + "-band", parent=style, textColor=colors.white, backColor=colour,
        borderPadding=(pad, pad, pad, pad), spaceBefore=style.spaceBefore + pad,
        spaceAfter=style.spaceAfter + pad * 2,
    )  # fmt: skip


def _translation_of(style: ParagraphStyle, styles: Styles) -> ParagraphStyle:
    return ParagraphStyle(
        style.name + "-en", parent=styles.translation, fontSize=style.fontSize * 0.85,
        leading=style.fontSize * 1.1, keepWithNext=True, spaceAfter=style.spaceAfter,
    )  # fmt: skip
