"""The pages read, in order, as a browser keeps them: back, forward, and a new page
that drops what was ahead. Plain data: the window shows what it answers."""

from __future__ import annotations


class History:
    def __init__(self) -> None:
        self._pages: list[str] = []
        self._position = -1

    @property
    def current(self) -> str | None:
        return self._pages[self._position] if self._position >= 0 else None

    def visit(self, page: str) -> None:
        """``page`` is shown now; what was ahead of the current page is dropped."""
        if page != self.current:
            del self._pages[self._position + 1 :]
            self._pages.append(page)
            self._position = len(self._pages) - 1

    def can_go_back(self) -> bool:
        return self._position > 0

    def can_go_forward(self) -> bool:
        return self._position < len(self._pages) - 1

    def back(self) -> str | None:
        """The page before the current one, now current; None at the first."""
        if not self.can_go_back():
            return None
        self._position -= 1
        return self._pages[self._position]

    def forward(self) -> str | None:
        """The page after the current one, now current; None at the last."""
        if not self.can_go_forward():
            return None
        self._position += 1
        return self._pages[self._position]
