"""Content → PDF: page templates (running header, footer with page N of M and the
attribution), and a two-pass build.

ReportLab's ``multiBuild`` lays a document out until its table of contents stops
changing (three passes for a new one). Here the contents' entries are known before any
layout and their page numbers are drawn, not laid out, so the first pass (on a canvas
that never writes a file) learns every page and the total, and the second one writes.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from referentiel_desktop.booklet.flowables import Heading
from referentiel_desktop.booklet.imposition import ImposingCanvas
from referentiel_desktop.booklet.markup import escape
from referentiel_desktop.booklet.model import BookletContent
from referentiel_desktop.booklet.story import StoryBuilder
from referentiel_desktop.booklet.styles import (
    ATTRIBUTION,
    FONT,
    MARGINS,
    MUTED,
    PAPER_SIZES,
    RULE,
    THEME_COLOURS,
    styles_for,
)
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import N_, _, translate
from referentiel_desktop.text import fold

Progress = Callable[[int, int], None]


class BookletCancelled(Exception):
    """The user cancelled the build (raised from the progress callback)."""


@dataclass(frozen=True)
class BuildResult:
    pages: int
    """Pages of the booklet as read (before padding for folding)."""
    sheets: int
    """Physical PDF pages: the pages, or the A4 sheet sides of a folded booklet."""


class _DryCanvas(Canvas):  # type: ignore[misc]
    """A canvas for the learning pass: lays out and counts, writes nothing."""

    def save(self) -> None:
        pass


class _BookletDoc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, target: Any, builder: StoryBuilder, **kwargs: Any) -> None:
        super().__init__(target, **kwargs)
        self.builder = builder
        self.total_pages = 0
        self.on_flowable: Callable[[], None] | None = None

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab's name
        if isinstance(flowable, Heading):
            self.builder.page_of[flowable.contents_key] = self.page
        if self.on_flowable is not None:
            self.on_flowable()


def _skip_drawing(*args: Any, **kwargs: Any) -> None:
    return None


class _MeasuringFrame(Frame):  # type: ignore[misc]
    """A frame for the learning pass: places flowables (wrap, split) without drawing
    them. Nothing in a booklet's story changes the layout when drawn, and drawing is
    about a third of a pass."""

    def _add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> int:  # noqa: N803
        flowable.drawOn = _skip_drawing
        try:
            return int(super()._add(flowable, canv, trySplit))
        finally:
            flowable.__dict__.pop("drawOn", None)

    add = _add


def _page_templates(
    doc: _BookletDoc, builder: StoryBuilder, measuring: bool = False
) -> list[PageTemplate]:
    width, height = doc.pagesize
    margin = doc.leftMargin
    frame_class = _MeasuringFrame if measuring else Frame
    frame = frame_class(margin, margin, width - 2 * margin, height - 2 * margin, id="body",
                        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
    size = builder.styles.base.fontSize
    title = builder.options.title or builder.say(N_("Booklet"))
    page_words = [translate(N_("Page {number} of {total}"), lang) for lang in builder.langs]

    def decorate(canvas: Canvas, document: _BookletDoc) -> None:
        if measuring:
            return
        canvas.saveState()
        canvas.setFont(FONT, size * 0.75)
        canvas.setFillColor(MUTED)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        top = height - margin * 0.55
        canvas.drawString(margin, top, _fit(title, width - 2 * margin, size * 0.75))
        canvas.line(margin, top - size * 0.4, width - margin, top - size * 0.4)
        bottom = margin * 0.55
        total = document.total_pages or document.page
        words = dict.fromkeys(w.format(number=document.page, total=total) for w in page_words)
        pages = " · ".join(words)
        canvas.line(margin, bottom + size * 1.4, width - margin, bottom + size * 1.4)
        canvas.drawRightString(width - margin, bottom + size * 0.35, pages)
        canvas.setFont(FONT, size * 0.62)
        canvas.drawString(margin, bottom - size * 0.6, _fit(ATTRIBUTION, width - 2 * margin,
                                                           size * 0.62))  # fmt: skip
        canvas.restoreState()

    cover_frame = frame_class(margin, margin, width - 2 * margin, height - 2 * margin,
                              id="cover")  # fmt: skip

    def decorate_cover(canvas: Canvas, document: _BookletDoc) -> None:
        if measuring:
            return
        canvas.saveState()
        # The four themes' colours as a band across the top: the referential's signature.
        band = (width - 2 * margin) / len(THEME_COLOURS)
        for index, colour in enumerate(THEME_COLOURS.values()):
            canvas.setFillColor(colour)
            canvas.rect(margin + index * band, height - margin, band, size * 0.5, stroke=0,
                        fill=1)  # fmt: skip
        canvas.setFont(FONT, size * 0.7)
        canvas.setFillColor(MUTED)
        canvas.drawCentredString(width / 2, margin * 0.6,
                                 _fit(ATTRIBUTION, width - 2 * margin, size * 0.7))  # fmt: skip
        canvas.restoreState()

    return [
        PageTemplate(id="cover", frames=[cover_frame], onPage=decorate_cover),
        PageTemplate(id="body", frames=[frame], onPage=decorate),
    ]


def _fit(text: str, width: float, size: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, FONT, size) <= width:
        return text
    while text and stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


@dataclass(frozen=True)
class DocumentInfo:
    """What a PDF reader shows in the document's properties, and its language."""

    title: str
    author: str
    subject: str
    keywords: list[str]
    lang: str


def document_info(content: BookletContent, builder: StoryBuilder) -> DocumentInfo:
    """The booklet's own words: its title (or what it is about), the team, the subtitle
    (or the items it holds), the items' key words and the territory."""
    options = content.options
    lang = builder.langs[0]
    chosen = [item for item in content.items if not item.context_only]
    tops = [builder.item_title(item, lang) for item in chosen if item.depth == min(
        (i.depth for i in chosen), default=0)]  # fmt: skip
    about = [*tops[:3], *(["…"] if len(tops) > 3 else [])]
    title = options.title or " — ".join([builder.say(N_("Booklet")), *about[:1]])
    subject = options.subtitle or "; ".join(about)
    words: dict[str, str] = {}  # folded → as first met: « confiance » once, whatever its case
    for item in chosen:
        for word in item.node.keywords(lang):
            words.setdefault(fold(word), word.lower() if word.isupper() else word)
    if options.territory:
        words.setdefault(fold(options.territory), options.territory)
    return DocumentInfo(
        title=title, author=content.author, subject=subject,
        keywords=list(words.values()), lang=lang,
    )  # fmt: skip


def _fixed_date() -> bool:
    """True when SOURCE_DATE_EPOCH fixes the PDF's date; a value ReportLab cannot read
    is refused here, with a message, before anything is written."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return False
    if not value.isdigit() or int(value) > 253402300799:  # up to the year 9999
        message = _("SOURCE_DATE_EPOCH must be a number of seconds since 1970, not {value}.")
        raise UserError(message.format(value=value[:40]))
    return True


def build_pdf(
    content: BookletContent, target: Any, progress: Progress | None = None
) -> BuildResult:
    """Lay ``content`` out and write the PDF to ``target`` (a path or a binary file).

    ``progress(done, total)`` is called as flowables are placed (both passes count);
    it may raise :class:`BookletCancelled` to stop."""
    options = content.options
    styles = styles_for(options.page_paper)
    pagesize = PAPER_SIZES[options.page_paper]
    margin = MARGINS[options.page_paper]
    page_of: dict[str, int] = {}

    def new_story() -> tuple[StoryBuilder, list[Flowable]]:
        # A fresh story, for the rare layout that moves in the writing pass: it is laid
        # out again with the pages that pass taught.
        builder = StoryBuilder(content, styles, pagesize[0] - 2 * margin)
        builder.page_of = page_of
        return builder, builder.build()

    reproducible = _fixed_date()
    builder, story = new_story()
    about = document_info(content, builder)
    total_steps = 2 * len(story)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None and done % 8 == 0:
            progress(min(done, total_steps - 1), total_steps)

    def make_doc(out: Any, builder: StoryBuilder, measuring: bool = False) -> _BookletDoc:
        doc = _BookletDoc(
            out, builder, pagesize=pagesize, leftMargin=margin, rightMargin=margin,
            topMargin=margin, bottomMargin=margin, title=about.title, author=about.author,
            subject=about.subject, keywords=about.keywords, lang=about.lang,
            creator="Référentiel Desktop",
            # The real creation date; SOURCE_DATE_EPOCH (reproducible builds' convention,
            # which ReportLab reads) fixes it and the document's id for identical bytes.
            invariant=reproducible,
            # ReportLab's default, Helvetica, is never embedded: start each page in ours.
            initialFontName=FONT,
        )  # fmt: skip
        doc.addPageTemplates(_page_templates(doc, builder, measuring))
        doc.on_flowable = step
        return doc

    learning = make_doc(io.BytesIO(), builder, measuring=True)
    # ReportLab notes what its layout changes on the flowables (keep-with-next runs it
    # grouped, flowables it postponed) for multiBuild to undo between passes: same here,
    # so the writing pass lays out the very flowables the learning pass measured.
    edits: list[tuple[Any, ...]] = []
    learning._multiBuildEdits = edits.append
    learning.build(list(story), canvasmaker=_DryCanvas)
    for undo, *arguments in edits:
        undo(*arguments)
    for attempt in range(3):
        learnt = dict(page_of)
        pages = learning.page
        if attempt:
            builder, story = new_story()
        if hasattr(target, "truncate"):
            target.seek(0)
            target.truncate()
        final = make_doc(target, builder)
        final.total_pages = pages
        final.build(list(story), canvasmaker=ImposingCanvas if options.fold else Canvas)
        if page_of == learnt and final.page == pages:
            break
        learning = final  # a layout that moved: the written file learnt the new pages
    if progress is not None:
        progress(total_steps, total_steps)
    sheets = (max(4, (pages + 3) // 4 * 4) // 2) if options.fold else pages
    return BuildResult(pages=pages, sheets=sheets)


__all__ = ["BookletCancelled", "BuildResult", "build_pdf", "escape"]
