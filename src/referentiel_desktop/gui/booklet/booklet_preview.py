"""The booklet's preview: the real PDF, shown with QtPdf, and printed through the system's
print dialog by rendering its pages on the printer.

QtPdf (the 2.8 MB ``PySide6-pdf`` wheel, the same Qt as the rest of the window) rather
than pypdfium2: it brings a ready viewer widget (``QPdfView``: scrolling, zoom, page
navigation) and renders straight to ``QImage`` for ``QPrinter``, with no conversion
through PIL or numpy and no second copy of PDFium to keep in step with Qt's.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget


class BookletPreview(QPdfView):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("booklet-preview")
        # Not the view's child: a view destroying its children last is already half gone
        # when the document, closing, tells it so (a crash in QAbstractScrollArea).
        self.pdf = QPdfDocument(parent)
        self.setDocument(self.pdf)
        self.setPageMode(QPdfView.PageMode.MultiPage)
        self.setZoomMode(QPdfView.ZoomMode.FitInView)
        self._buffer: QBuffer | None = None
        self.data = b""

    def show_pdf(self, data: bytes) -> None:
        """Show ``data`` (a whole PDF); the buffer lives as long as it is shown."""
        buffer = QBuffer(self.pdf)  # outlives the document's last read of it
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(buffer)
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
        self._buffer = buffer
        self.data = data

    def page_count(self) -> int:
        return int(self.pdf.pageCount())

    def text(self) -> str:
        """Every page's text, for checks and for the curious."""
        return "\n".join(self.pdf.getAllText(page).text() for page in range(self.page_count()))

    def print_on(self, printer: QPrinter) -> int:
        """Render every page on ``printer`` at its resolution; returns the pages printed."""
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        printed = 0
        try:
            for page in range(self.page_count()):
                if page:
                    printer.newPage()
                target = painter.viewport()
                points = self.pdf.pagePointSize(page)
                scale = min(target.width() / points.width(), target.height() / points.height())
                size = QSize(int(points.width() * scale), int(points.height() * scale))
                image = self.pdf.render(page, size)
                painter.drawImage(
                    (target.width() - size.width()) // 2, (target.height() - size.height()) // 2,
                    image,
                )  # fmt: skip
                printed += 1
        finally:
            painter.end()
        return printed
