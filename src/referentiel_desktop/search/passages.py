"""The passages of a snippet cut around its marked words, as Whoosh's fragmenter cuts them
(``snippets.highlight``), from the words within a passage's reach of a marked one only:
Whoosh's token and fragment objects for every word of every hit cost as much as the
search itself.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from html import escape

from whoosh.highlight import ContextFragmenter

_WORD = re.compile(r"\w+")
_NOT_LETTERS = bytes(b for b in range(256) if not re.match(rb"\w", bytes([b])))
CLOSING = re.compile(r"[ \u00a0\u202f]*[»”\"’')\]]+[.!?…]?|[.!?…]+")
OPENING = re.compile(r"[«“\"‘(\[]+[ \u00a0\u202f]*$")
ENDS = (".", "!", "?", "…", "»", "”")
"""What a snippet may end with and need no « … » after it."""

Found = list[tuple[str, int, int]]
"""The marked words of a passage: (word in lower case, start, end)."""


def passages(
    text: str,
    lowered: str,
    plain: bytes,
    marked: list[int],
    fragmenter: ContextFragmenter,
    top: int = 2,
) -> str:
    """The ``top`` best passages of ``text`` around the words that start at ``marked``
    (in order), each marked word in ``<b>``, joined by « … »: those that Whoosh's
    ``fragmenter``, ``BasicFragmentScorer`` and ``PassageFormatter`` give. ``lowered`` is
    ``text.lower()``, ``plain`` its skeleton (``snippets.skeleton``) or empty."""
    surround, maxchars, charlimit = fragmenter.surround, fragmenter.maxchars, fragmenter.charlimit
    words = _words(text, lowered, plain, marked, surround, maxchars, charlimit)
    cut = [
        _quoted(text, start, end, found)
        for start, end, found in _fragments(words, maxchars, surround, charlimit)
    ]
    best = sorted(cut, key=lambda p: (_score(p[2]), p[0]), reverse=True)[:top]
    best.sort(key=lambda p: p[0])
    if not best:
        return ""
    out = " … ".join(_formatted(text, start, end, found) for start, end, found in best)
    if best[0][0] > 0:
        out = "…" + out
    if best[-1][1] < len(text.rstrip()) and not out.endswith(ENDS):
        out += "…"
    return out


_Words = list[tuple[str, int, int, bool]]
"""(word in lower case, start, end, marked) of the words the fragmenter reads."""


def _words(
    text: str,
    lowered: str,
    plain: bytes,
    marked: list[int],
    surround: int,
    maxchars: int,
    charlimit: int | None,
) -> _Words:
    """The words Whoosh's fragmenter reads to cut the passages around ``marked``: those
    of the stretches of ``_reach``, each read on until it holds the end of its passage
    (a passage goes on for at most ``2 * surround`` letters of words after its last
    marked word, and one word more is read when its countdown ends at exactly 0; a
    text of mostly punctuation can hold fewer within ``maxchars`` characters)."""
    same_length = len(lowered) == len(text)
    chosen = set(marked)
    words: _Words = []
    stretches = _reach(text, marked, surround, maxchars)
    mark = at = 0
    while at < len(stretches):
        low, high = stretches[at]
        first = len(words)
        for m in _WORD.finditer(text, low):
            start, end = m.span()
            if start > high:
                break
            word = lowered[start:end] if same_length else text[start:end].lower()
            words.append((word, start, end, start in chosen))
        while mark + 1 < len(marked) and marked[mark + 1] <= high:
            mark += 1
        if (
            len(words) > first
            and high < len(text)
            and not (charlimit and words[-1][2] > charlimit)  # Whoosh stops there
            and _letters(text, plain, marked[mark], words[-1][1]) < 2 * surround
        ):
            del words[first:]
            high = min(len(text), high + maxchars)
            while at + 1 < len(stretches) and stretches[at + 1][0] <= high:
                high = max(high, stretches.pop(at + 1)[1])
            stretches[at] = (low, high)
            continue
        at += 1
    return words


def _letters(text: str, plain: bytes, start: int, end: int) -> int:
    """Letters of the words from the word at ``start`` (left out) up to ``end``."""
    found = _WORD.match(text, start)
    start = found.end() if found else start
    if plain:  # one byte a character: the letters are what is left without the others
        return len(plain[start:end].translate(None, _NOT_LETTERS))
    return sum(len(w) for w in _WORD.findall(text, start, end))


def _reach(text: str, marked: list[int], surround: int, maxchars: int) -> list[tuple[int, int]]:
    """The stretches of ``text`` whose words Whoosh's fragmenter reads to cut the passages
    around the ``marked`` words, as (first, last) character where a word may begin: from
    ``surround`` characters before the end of the word that comes before a marked one
    (it reads no further back) to ``maxchars`` after it (enough for most passages:
    ``_words`` reads on where not). Between them it only forgets the words it read: in a
    long text (the referential's bodies) most words are never looked at."""
    stretches: list[tuple[int, int]] = []
    for at in marked:
        low = at
        while low > 0 and not _WORD.match(text, low - 1):
            low -= 1
        low = max(0, low - surround)
        while low > 0 and _WORD.match(text, low - 1):
            low -= 1  # from the start of a word
        high = min(at + maxchars, len(text))
        if stretches and low <= stretches[-1][1]:
            stretches[-1] = (stretches[-1][0], max(stretches[-1][1], high))
        else:
            stretches.append((low, high))
    return stretches


def _fragments(
    words: _Words, maxchars: int, surround: int, charlimit: int | None
) -> Iterator[tuple[int, int, Found]]:
    """(start, end, marked words) of each passage, as Whoosh's ``ContextFragmenter`` cuts
    them from the same words: ``surround`` characters of context either side of a run of
    marked words, at most ``maxchars`` in all."""
    first: int | None = None
    firsts: deque[int] = deque()
    countdown = -1
    found: Found = []
    length = 0
    end = 0
    for word, start, end, mark in words:
        if charlimit and end > charlimit:
            break
        size = end - start
        if countdown < 0 and not mark:
            firsts.append(start)
            while firsts and end - firsts[0] > surround:
                firsts.popleft()
        elif length + size > maxchars:
            countdown = 0
        elif mark:
            countdown = surround
            if first is None:
                if firsts:
                    first = firsts[0]
                else:
                    first = start
                    countdown += surround
            found.append((word, start, end))
        if countdown >= 0:
            length += size
            countdown -= size
            if countdown <= 0:
                if found:
                    yield (start if first is None else first), end, found
                found, firsts, first, length = [], deque(), None, 0
    if found:
        yield (0 if first is None else first), end, found


def _quoted(text: str, start: int, end: int, found: Found) -> tuple[int, int, Found]:
    """The passage with the quotation marks that open and close around it."""
    closing = CLOSING.match(text, end)
    if closing:
        end = closing.end()
    opening = OPENING.search(text, max(0, start - 3), start)
    if opening:
        start = opening.start()
    return start, end, found


def _score(found: Found) -> int:
    """Whoosh's ``BasicFragmentScorer``: marked words, times 100 per distinct one."""
    return len(found) * len({word for word, _start, _end in found}) * 100


def _formatted(text: str, start: int, end: int, found: Found) -> str:
    out = []
    index = start
    for _word, first, last in found:
        if first < index:
            continue
        out.append(escape(text[index:first], quote=False))
        out.append(f"<b>{escape(text[first:last], quote=False)}</b>")
        index = last
    out.append(escape(text[index:end], quote=False))
    return "".join(out)
