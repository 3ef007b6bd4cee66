"""French typography: the no-break spaces French puts inside « » and before : ; ! ?, and
the spaces a line must never break at (inside a date, inside a name).

Used where text is written for reading (the booklet's titles, the window's labels) and
by the typography checks over the French catalog and the bundled referential
(``tests/core/test_typography.py``). A no-break space already there is kept as it is
(U+00A0 or the narrow U+202F: both are right); only ordinary spaces, or none at all,
are mended.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
"""Before « : », inside « » and inside dates and names."""
NNBSP = "\u202f"
"""The narrow one, before « ; ! ? »."""
_HARD = NBSP + NNBSP

# A placeholder ({count}, {name}) or an address (http://…) is never respaced.
_PROTECTED = re.compile(r"\{[^{}]*\}|\w+://\S+")
_GUILLEMETS = (
    (re.compile(r"«(?:[ \t]+|(?=[^\s\u00a0\u202f]))"), "«" + NBSP),
    (re.compile(r"(?:(?<=\S)[ \t]+|(?<=[^\s\u00a0\u202f]))»"), NBSP + "»"),
)
_FRENCH = (
    *_GUILLEMETS,
    (re.compile(r"(?:(?<=\S)[ \t]+|(?<=[^\s\u00a0\u202f:/]))(?=:(?:\s|$))"), NBSP),
    (re.compile(r"(?:(?<=\S)[ \t]+|(?<=[^\s\u00a0\u202f;!?(\[]))(?=[;!?]+(?:\s|$|[»)\]]))"), NNBSP),
)


def _edits(text: str, rules: tuple[tuple[re.Pattern[str], str], ...]) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for each place a rule mends, outside placeholders."""
    protected = [m.span() for m in _PROTECTED.finditer(text)]
    edits = []
    for pattern, replacement in rules:
        for found in pattern.finditer(text):
            start, end = found.span()
            if found.group() == replacement:
                continue
            if any(a < end and start < b if end > start else a < start < b for a, b in protected):
                continue
            edits.append((start, end, replacement))
    edits.sort()
    kept: list[tuple[int, int, str]] = []
    for edit in edits:  # two rules may claim one space (« ? »): the first wins
        if not kept or edit[0] >= kept[-1][1]:
            kept.append(edit)
    return kept


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, replacement in reversed(edits):
        text = text[:start] + replacement + text[end:]
    return text


def guillemet_spacing(text: str) -> str:
    """« mot » with no-break spaces inside the guillemets (in any language)."""
    return _apply(text, _edits(text, _GUILLEMETS))


def french_spacing(text: str) -> str:
    """``text`` as French prints it: « mot », « titre : sous-titre », « quoi ? »."""
    return _apply(text, _edits(text, _FRENCH))


def spacing_problems(text: str, language: str = "fr") -> list[str]:
    """Each place of ``text`` where a line could break (or no space stands) where French
    wants a no-break space (only the guillemets' in English): an excerpt around it."""
    rules = _FRENCH if language == "fr" else _GUILLEMETS
    return [
        text[max(0, start - 20) : end + 20].replace("\n", " ")
        for start, end, _replacement in _edits(text, rules)
    ]


_DAY_MONTH = re.compile(
    r"\b(\d{1,2}(?:er)?) ((?:janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)\w*\.?)"
    r"(?: (\d{4}))?",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    r"\b((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*\.?) (\d{1,2})(,? \d{4})?"
)


def keep_dates_together(text: str) -> str:
    """« 3 décembre 2026 », "December 3, 2026": no line break inside a date."""
    text = _DAY_MONTH.sub(lambda m: NBSP.join(part for part in m.groups() if part), text)
    return _MONTH_DAY.sub(
        lambda m: m.group(1) + NBSP + m.group(2) + (m.group(3) or "").replace(" ", NBSP), text
    )


LONGEST_KEPT = 36
"""A name longer than this may break: kept whole, it could be wider than a line."""


def keep_together(name: str) -> str:
    """A name (a territory, a team) that never breaks across lines: « Le Mené »."""
    name = name.strip()
    if len(name) > LONGEST_KEPT:
        return name
    return re.sub(r"[ \t]+", NBSP, name)


def for_reading(text: str, language: str) -> str:
    """A title or a line as it is printed: French spacing, and dates kept whole."""
    text = french_spacing(text) if language == "fr" else guillemet_spacing(text)
    return keep_dates_together(text)
