"""Text from outside (arguments, typing, pasting, files) checked before it is kept,
and text shown on a terminal escaped so that it can never drive that terminal.

Every text field holds at most :data:`TEXT_LIMIT` characters (about 40 printed pages):
a note past that is refused whole. A 13 MB note once made the next search take three
minutes and the index grow by 300 MB; at this limit the index and the window stay fast.
"""

from __future__ import annotations

import re
import unicodedata

from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _

TEXT_LIMIT = 100_000

# C0 controls but tab, line feed and carriage return; DEL; C1 controls; lone surrogates
# (how Python keeps bytes that were not valid UTF-8 in an argument).
UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

# What a terminal must not be sent raw although a text may keep it: the carriage return
# (it moves back over what was printed, hiding it) and the bidirectional controls (the
# right-to-left override U+202E makes « exe.txt » read as « txt.exe »): the marks and
# embeddings U+200E, U+200F, U+061C, U+202A to U+202E, the isolates U+2066 to U+2069.
UNSHOWABLE_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def escaped(text: str) -> str:
    """``text`` with every control character, carriage return and bidirectional control
    written out (``\\x1b``, ``\\x0d``, ``\\u202e``), never raw."""

    def spell(match: re.Match[str]) -> str:
        char = match.group(0)
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            return f"\\x{code - 0xDC00:02x}"
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return UNSHOWABLE_CHARACTERS.sub(spell, text)


def check_text(text: str, *, limit: int = TEXT_LIMIT) -> str:
    """Return ``text`` when it can be kept; raise :class:`UserError` saying why not."""
    bad = UNSAFE_CHARACTERS.search(text)
    if bad is not None:
        if 0xD800 <= ord(bad.group(0)) <= 0xDFFF:
            message = _("This text is not valid UTF-8: {text}. Nothing was saved.")
        else:
            message = _("This text holds a control character: {text}. Nothing was saved.")
        raise UserError(message.format(text=escaped(_shorten(text, bad.start()))))
    if len(text) > limit:
        message = _(
            "A text holds at most {limit} characters; this one has {count}. Nothing was saved."
        )
        raise UserError(message.format(limit=f"{limit:,}", count=f"{len(text):,}"))
    return text


def clean(text: str | None) -> str:
    """NFC, trimmed, checked: how every piece of user text enters the store.

    Raises :class:`UserError` for control characters, text that was not valid UTF-8
    and text past :data:`TEXT_LIMIT`."""
    return check_text(unicodedata.normalize("NFC", text or "").strip())


def _shorten(text: str, around: int) -> str:
    start = max(0, around - 30)
    head = "…" if start else ""
    tail = "…" if around + 30 < len(text) else ""
    return f"{head}{text[start : around + 30]}{tail}"
