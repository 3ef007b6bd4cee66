"""The booklet's own flowables: headings that report their page, contents lines whose
page number is drawn (not laid out), and room to write by hand."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from referentiel_desktop.booklet.styles import FONT, MUTED, RULE

if TYPE_CHECKING:
    from referentiel_desktop.booklet.styles import Styles


class Heading(Paragraph):  # type: ignore[misc]
    """A paragraph the layout notes the page of, for the contents, and a bookmark of the
    PDF's outline (``outline_title`` at ``level``: themes 0, balises 1)."""

    def __init__(self, text: str, style: ParagraphStyle, key: str, outline_title: str = "",
                 level: int = 0) -> None:  # fmt: skip
        super().__init__(text, style)
        self.contents_key = key
        # A bookmark is one line in the reader's side panel: no-break spaces there are
        # shown as boxes by some readers.
        self.outline_title = outline_title.replace("\u00a0", " ").replace("\u202f", " ")
        self.outline_level = level

    def draw(self) -> None:
        super().draw()
        if self.outline_title:
            self.canv.bookmarkHorizontal(self.contents_key, 0, self.height)
            self.canv.addOutlineEntry(self.outline_title, self.contents_key, self.outline_level)


class ContinuedLabel(Flowable):  # type: ignore[misc]
    """A block's label (« Cas », « Vos notes ») that names its balise when the block
    opens a page, so a reader who turns the page knows whose cases these are.

    ``plain`` is what it says in the flow (nothing at all for a marker between two
    notes); ``named`` is what it says at the top of a page. ReportLab tells a flowable
    where it stands only through its frame (``_atTop``), read here at wrap time."""

    def __init__(self, plain: str | None, named: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.plain = Paragraph(plain, style) if plain else None
        self.named = Paragraph(named, style)
        self.style = style
        self.keepWithNext = True
        self.current: Paragraph | None = self.plain

    def _at_top(self) -> bool:
        frame = getattr(self, "_frame", None)
        return bool(getattr(frame, "_atTop", False))

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.current = self.named if self._at_top() else self.plain
        if self.current is None:
            return available_width, 0.0
        return self.current.wrap(available_width, available_height)  # type: ignore[no-any-return]

    def getSpaceBefore(self) -> float:  # noqa: N802 - ReportLab's name
        return float(self.style.spaceBefore) if self.current is not None else 0.0

    def getSpaceAfter(self) -> float:  # noqa: N802 - ReportLab's name
        return float(self.style.spaceAfter) if self.current is not None else 0.0

    def draw(self) -> None:
        if self.current is not None:
            self.current.drawOn(self.canv, 0, 0)


class ContentsLine(Flowable):  # type: ignore[misc]
    """One line of the contents: the title wraps in the width left by the number column,
    and the page number is read at draw time. The number's width never changes the
    layout, so a first pass learns every page and the second one draws them."""

    def __init__(
        self, text: str, key: str, level: int, styles: Styles, pages: dict[str, int]
    ) -> None:
        super().__init__()
        self.key = key
        self.pages = pages
        self.style = styles.contents_entry if level == 0 else styles.contents_sub
        self.paragraph = Paragraph(text, self.style)
        self.number_width = self.style.fontSize * 3
        self.gap = self.style.fontSize * (0.8 if level == 0 else 0.3)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        _, self.text_height = self.paragraph.wrap(available_width - self.number_width, 1e6)
        self.height = self.text_height + self.gap
        return available_width, self.height

    def draw(self) -> None:
        self.paragraph.drawOn(self.canv, 0, self.gap)
        page = self.pages.get(self.key)
        if page is None:
            return
        canvas = self.canv
        canvas.setFont(FONT, self.style.fontSize)
        canvas.setFillColor(self.style.textColor)
        # The number and its dot leaders sit on the title's last line.
        lines = self.paragraph.blPara.lines
        count = max(1, len(lines))
        baseline = (
            self.gap + self.text_height - self.style.fontSize - (count - 1) * (self.style.leading)
        )
        canvas.drawRightString(self.width, baseline, str(page))
        spare = _extra_space(lines[-1]) if lines else 0.0
        start = self.width - self.number_width - spare + self.style.fontSize * 0.6
        end = self.width - stringWidth(str(page), FONT, self.style.fontSize) - 4
        if end > start:
            canvas.setStrokeColor(MUTED)
            canvas.setLineWidth(0.6)
            canvas.setDash(0.6, 2.4)
            canvas.line(start, baseline, end, baseline)
            canvas.setDash()


def _extra_space(line: Any) -> float:
    """The room left at the end of a laid-out line (ReportLab keeps it either way)."""
    if isinstance(line, tuple):
        return float(line[0])
    return float(getattr(line, "extraSpace", 0.0))


class RuledSpace(Flowable):  # type: ignore[misc]
    """Room for handwritten notes: ruled lines, or an empty box."""

    def __init__(self, kind: str, font_size: float) -> None:
        super().__init__()
        self.kind = kind
        self.pitch = font_size * 2.2
        self.count = 6

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = self.pitch * self.count
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        if self.kind == "box":
            canvas.roundRect(0, 0, self.width, self.height, 4)
            return
        for row in range(self.count):
            canvas.line(0, row * self.pitch, self.width, row * self.pitch)


class Figure(Flowable):  # type: ignore[misc]
    """A ReportLab drawing as a plain flowable. A ``Drawing`` refuses attributes it does
    not declare, and the measuring pass swaps a flowable's ``drawOn`` for a no-op.

    With ``fit``, the drawing is scaled (never up) to the room left in the frame and to
    at most ``max_width`` × ``max_height``, so that it never pushes the page over."""

    def __init__(self, drawing: Any, fit: bool = False, max_width: float = 1e9,
                 max_height: float = 1e9) -> None:  # fmt: skip
        super().__init__()
        self.drawing = drawing
        # ReportLab's renderer starts every drawing in Helvetica, which the PDF would then
        # list without embedding it.
        drawing.initialFontName = FONT
        self.fit = fit
        self.max_width, self.max_height = max_width, max_height
        self.scale = 1.0
        self.width, self.height = drawing.width, drawing.height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self.fit:
            room_w = min(available_width, self.max_width)
            room_h = min(available_height, self.max_height)
            self.scale = max(0.0, min(1.0, room_w / self.drawing.width,
                                      room_h / self.drawing.height))  # fmt: skip
            self.width = available_width  # centred in the frame
            self.height = self.drawing.height * self.scale
        return self.width, self.height

    def draw(self) -> None:
        from reportlab.graphics import renderPDF

        canvas = self.canv
        canvas.saveState()
        canvas.translate((self.width - self.drawing.width * self.scale) / 2, 0)
        canvas.scale(self.scale, self.scale)
        renderPDF.draw(self.drawing, canvas, 0, 0)
        canvas.restoreState()
