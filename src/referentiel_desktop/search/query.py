"""The query language: words ANDed, "phrases", prefix*, OR, -exclusion.

Parsed by hand into Whoosh query objects (rather than Whoosh's QueryParser) so each word
goes through both languages' analyzers, prefixes compare with folded terms, and the last
word typed can count as a prefix while the user is still typing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh import query as q

from referentiel_desktop.search.analyzers import (
    english_analyzer,
    french_analyzer,
    nfc,
    prefix_form,
)
from referentiel_desktop.text import fold as fold_name

LANG_FIELDS = {"fr": ("title_fr", "body_fr"), "en": ("title_en", "body_en")}
_ANALYZERS = {"fr": french_analyzer(), "en": english_analyzer()}
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass
class Clause:
    text: str
    phrase: bool = False
    prefix: bool = False
    negated: bool = False


@dataclass
class ParsedQuery:
    """Groups of alternatives: every group must match, any clause in a group will do."""

    groups: list[list[Clause]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(not c.negated for g in self.groups for c in g)


def parse(text: str, typing: bool = False) -> ParsedQuery:
    text = nfc(text)
    parsed = ParsedQuery()
    pending_or = False
    matches = list(_TOKEN.finditer(text))
    for position, match in enumerate(matches):
        negated, phrase, word = match.group(1) == "-", match.group(2), match.group(3)
        if word == "OR":
            pending_or = bool(parsed.groups)
            continue
        if phrase is not None:
            clause = Clause(phrase, phrase=True, negated=negated)
        else:
            negated = word.startswith("-") and len(word) > 1
            word = word[1:] if negated else word
            is_last = position == len(matches) - 1 and not text.endswith((" ", '"'))
            clause = Clause(
                word.rstrip("*"),
                prefix=word.endswith("*") or (typing and is_last and not negated),
                negated=negated,
            )
            if not clause.text:
                continue
        if not clause.negated:
            parsed.words.extend(re.findall(r"\w+", clause.text))
        if pending_or and not clause.negated:
            parsed.groups[-1].append(clause)
        else:
            parsed.groups.append([clause])
        pending_or = False
    return parsed


def analyse(text: str, lang: str) -> list[str]:
    return [t.text for t in _ANALYZERS[lang](text)]


def _word_query(word: str, lang: str, fuzzy: bool) -> q.Query | None:
    # Typos rarely touch the first two letters: a prefix of 2 keeps fuzzy matching fast.
    tokens = analyse(word, lang)
    if not tokens:
        return None
    fields = LANG_FIELDS[lang]
    parts = []
    for token in tokens:
        if fuzzy and len(token) > 3:
            distance = 1 if len(token) <= 6 else 2
            terms = [q.FuzzyTerm(f, token, maxdist=distance, prefixlength=2) for f in fields]
        else:
            terms = [q.Term(f, token) for f in fields]
        parts.append(q.Or(terms))
    return q.And(parts) if len(parts) > 1 else parts[0]


def _clause_query(clause: Clause, fuzzy: bool) -> q.Query | None:
    fuzzy = fuzzy and not clause.phrase
    alternatives: list[q.Query] = []
    for lang, fields in LANG_FIELDS.items():
        if clause.phrase:
            tokens = analyse(clause.text, lang)
            if len(tokens) > 1:
                alternatives.extend(q.Phrase(f, tokens) for f in fields)
            elif tokens:
                alternatives.extend(q.Term(f, tokens[0]) for f in fields)
            continue
        word = _word_query(clause.text, lang, fuzzy)
        if word is not None:
            alternatives.append(word)
        if clause.prefix:
            stem = prefix_form(clause.text)
            if len(stem) >= 2 and re.fullmatch(r"\w+", stem):
                alternatives.extend(q.Prefix(f, stem) for f in fields)
    if not alternatives:
        return None
    return q.Or(alternatives)


def build(
    parsed: ParsedQuery, fuzzy: bool = False, known: Callable[[str], bool] | None = None
) -> q.Query | None:
    """The Whoosh query for ``parsed``; ``fuzzy`` tolerates typos in plain words, except
    in those ``known`` says the index holds as they are (fuzzing them only costs time)."""
    required: list[q.Query] = []
    excluded: list[q.Query] = []
    for group in parsed.groups:
        if group[0].negated:
            built = _clause_query(group[0], False)
            if built is not None:
                excluded.append(built)
            continue
        options = [
            b
            for b in (_clause_query(c, fuzzy and not (known and known(c.text))) for c in group)
            if b is not None
        ]
        if options:
            required.append(q.Or(options) if len(options) > 1 else options[0])
    if not required:
        return None
    positive: q.Query = q.And(required) if len(required) > 1 else required[0]
    if excluded:
        return q.AndNot(positive, q.Or(excluded))
    return positive


def filters(
    kinds: list[str] | None = None,
    theme: str | None = None,
    source: str | None = None,
    territory: str | None = None,
    tag: str | None = None,
    author: str | None = None,
) -> q.Query | None:
    parts: list[q.Query] = []
    if kinds:
        parts.append(q.Or([q.Term("kind", k) for k in kinds]))
    if theme:
        parts.append(q.Term("theme", theme))
    if source:
        parts.append(q.Term("source", source))
    for name, value in (("territory", territory), ("tag", tag), ("author", author)):
        if value:
            parts.append(q.Term(name, fold_name(value.strip())))
    if not parts:
        return None
    return q.And(parts) if len(parts) > 1 else parts[0]
