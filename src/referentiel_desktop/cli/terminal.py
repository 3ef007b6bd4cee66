"""What reaches the terminal: arguments checked, output escaped.

A note holding ``\\x1b[31m`` must not colour the terminal of whoever lists it, and an
argument that is not valid UTF-8 must not reach the store: arguments with control
characters (but tab and newline) or invalid bytes are refused, and everything printed
goes through :func:`~referentiel_desktop.safe_text.escaped`.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.safe_text import UNSAFE_CHARACTERS, escaped


class EscapingStream:
    """A text stream that writes control characters out instead of sending them."""

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        self._inner.write(escaped(text))
        return len(text)

    def write_raw(self, text: str) -> int:
        """Write the program's own text (a progress bar's carriage return), unescaped."""
        return self._inner.write(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)


@contextlib.contextmanager
def escaped_output() -> Iterator[None]:
    saved = sys.stdout, sys.stderr
    sys.stdout = EscapingStream(saved[0])  # type: ignore[assignment]
    sys.stderr = EscapingStream(saved[1])  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def write_progress(text: str) -> None:
    """Write a progress line on standard error; its carriage returns are the program's."""
    stream = sys.stderr
    if isinstance(stream, EscapingStream):
        stream.write_raw(text)
    else:
        stream.write(text)
    stream.flush()


def check_arguments(argv: Sequence[str]) -> None:
    """Refuse an argument holding bytes that are not UTF-8 or control characters."""
    for arg in argv:
        bad = UNSAFE_CHARACTERS.search(arg)
        if bad is None:
            continue
        if 0xD800 <= ord(bad.group(0)) <= 0xDFFF:
            message = _("This argument is not valid UTF-8 text: {arg}")
        else:
            message = _("This argument holds a control character: {arg}")
        raise UserError(message.format(arg=escaped(arg[:200])))
