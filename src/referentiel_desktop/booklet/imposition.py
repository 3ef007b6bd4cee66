"""Folded booklets: A5 pages imposed two-up on A4 landscape sheets, saddle-stitch order.

Print both sides (flip on the short edge), stack the sheets, fold them in the middle:
the pages read in order. The page count is padded with blank pages to a multiple of four.

The imposing canvas captures each laid-out A5 page as a PDF form, then places the forms
on the sheets when the document is saved: no second PDF library, no re-parsing.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

Side = tuple[int | None, int | None]
"""The 0-based pages on the left and right half of one side of a sheet; None = blank."""


def padded(page_count: int) -> int:
    return max(4, (page_count + 3) // 4 * 4)


def saddle_stitch_order(page_count: int) -> list[Side]:
    """The sheet sides in printing order: front of sheet 1, back of sheet 1, front of
    sheet 2… For 8 pages: (8, 1), (2, 7), (6, 3), (4, 5) counting from 1."""
    total = padded(page_count)
    sides: list[Side] = []

    def page(index: int) -> int | None:
        return index if index < page_count else None

    for sheet in range(total // 4):
        sides.append((page(total - 1 - 2 * sheet), page(2 * sheet)))
        sides.append((page(2 * sheet + 1), page(total - 2 - 2 * sheet)))
    return sides


class ImposingCanvas(Canvas):  # type: ignore[misc]
    """A canvas that lays pages out as forms and imposes them on A4 landscape at save."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page_size = self._pagesize
        self._forms: list[str] = []
        self._begin_page_form()

    def _begin_page_form(self) -> None:
        self.beginForm(f"BookletPage{len(self._forms)}")

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self.endForm()
        self._forms.append(f"BookletPage{len(self._forms)}")
        self._begin_page_form()

    def bookmarkPage(self, *args: Any, **kwargs: Any) -> None:  # noqa: N802
        """Forms cannot carry bookmarks: a folded booklet has none (nor an outline)."""

    def bookmarkHorizontal(self, *args: Any, **kwargs: Any) -> None:  # noqa: N802
        """See :meth:`bookmarkPage`."""

    def addOutlineEntry(self, *args: Any, **kwargs: Any) -> None:  # noqa: N802
        """See :meth:`bookmarkPage`."""

    def save(self) -> None:
        self.endForm()  # the empty form begun after the last page; never placed
        width, height = self._page_size
        sheet = landscape(A4)
        scale = min(sheet[0] / 2 / width, sheet[1] / height)
        self.setPageSize(sheet)
        for left, right in saddle_stitch_order(len(self._forms)):
            for half, index in enumerate((left, right)):
                if index is None:
                    continue
                self.saveState()
                x = sheet[0] / 2 * half + (sheet[0] / 2 - width * scale) / 2
                self.translate(x, (sheet[1] - height * scale) / 2)
                self.scale(scale, scale)
                self.doForm(self._forms[index])
                self.restoreState()
            Canvas.showPage(self)
        Canvas.save(self)
