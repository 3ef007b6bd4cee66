"""A bar that says, in plain words, that something could not be done, with Retry when
trying again may work. It stays until the next success or until the user closes it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from referentiel_desktop.gui.common.failures import describe_failed_write
from referentiel_desktop.gui.common.plain import plain_label
from referentiel_desktop.i18n import _

T = TypeVar("T")


class MessageBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message-bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#message-bar { background: #fdecea; border: 1px solid #e0a0a0; border-radius: 3px; }"
            "#message-bar QLabel { color: #5f1c1c; }"
        )
        self.message = plain_label()
        self.message.setWordWrap(True)
        self.retry_button = QPushButton()
        self.retry_button.clicked.connect(self._retry_clicked)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.retry_button)
        layout.addWidget(self.close_button)
        self._retry: Callable[[], None] | None = None
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.retry_button.setText(_("Retry"))
        self.close_button.setText(_("Close"))

    def show_failure(self, message: str, retry: Callable[[], None] | None = None) -> None:
        self.message.setText(message)
        self._retry = retry
        self.retry_button.setVisible(retry is not None)
        self.show()

    def attempt(
        self,
        write: Callable[[], T],
        retry: Callable[[], None] | None = None,
        handled: tuple[type[Exception], ...] = (),
    ) -> T | None:
        """Run ``write``; if it fails, say why here (with Retry) and return None. The
        caller keeps the user's text and pushes nothing on the undo stack then.
        Errors of the ``handled`` types are raised for the caller to deal with."""
        try:
            result = write()
        except handled:
            raise
        except Exception as error:  # noqa: BLE001 - shown to the user, logged if unexpected
            self.show_failure(describe_failed_write(error), retry)
            return None
        self.dismiss()
        return result

    def dismiss(self) -> None:
        self._retry = None
        self.message.clear()
        self.hide()

    def text(self) -> str:
        return "" if self.isHidden() else self.message.text()

    def _retry_clicked(self) -> None:
        retry = self._retry
        self.dismiss()
        if retry is not None:
            retry()
