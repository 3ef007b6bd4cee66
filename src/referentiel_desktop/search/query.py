"""The query language: words ANDed, "phrases", prefix*, OR, -exclusion.

Parsed by hand into Whoosh query objects (rather than Whoosh's QueryParser) so each word
goes through both languages' analyzers, prefixes compare with folded terms, and the last
word typed can count as a prefix while the user is still typing.

A word that either language drops as a grammatical word (« de », « la », "the") is never
required: the other language's analyzer keeps it, and requiring it there would make a
French query fail; it only adds to the score where it is found. Inside a "phrase" it is
skipped on both sides (positions count only kept words), so the phrase still matches.
While typing, a last word of one or two letters is never required either: a stop word or
an elided article (``d``, ``l``, ``qu``) is not taken for a prefix at all, and any other
short one only ranks its completions higher, so ``tableaux d`` still finds « Des tableaux
de bord » instead of every word in ``d``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh import query as q

from referentiel_desktop.search import ranking
from referentiel_desktop.search.analyzers import (
    english_analyzer,
    fold,
    french_analyzer,
    is_stop_word,
    nfc,
    prefix_form,
)
from referentiel_desktop.text import fold as fold_name

LANG_FIELDS: dict[str, tuple[str, ...]] = {
    "fr": ("title_fr", "body_fr"),
    "en": ("title_en", "body_en"),
}
TITLE_FIELDS: dict[str, tuple[str, ...]] = {"fr": ("title_fr",), "en": ("title_en",)}
_ANALYZERS = {"fr": french_analyzer(), "en": english_analyzer()}
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_HYPHENS = re.compile(r"[-\u2010\u2011]")
MIN_STEM = 4
SHORT_LAST_WORD = 2
"""While typing, a last word this short is not required (see the module's doc)."""


@dataclass
class Clause:
    text: str
    phrase: bool = False
    prefix: bool = False
    negated: bool = False
    optional: bool = False


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
            clause = Clause(word.rstrip("*"), prefix=word.endswith("*"), negated=negated)
            if typing and is_last and not negated and not clause.prefix:
                short = len(fold(clause.text.strip("'’"))) <= SHORT_LAST_WORD
                clause.prefix = not (short and is_stop_word(clause.text))
                clause.optional = short
            if not clause.text.strip("'’"):
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
    """Each word's first term (what a phrase matches: a word's terms share a position)."""
    return [terms[0] for terms in analyse_words(text, lang)]


def analyse_words(text: str, lang: str) -> list[tuple[str, ...]]:
    """The terms of each word of ``text``: one, or more where its ending is ambiguous."""
    words: list[list[str]] = []
    last = None
    for token in _ANALYZERS[lang](text, positions=True):
        if token.pos == last:
            words[-1].append(token.text)
        else:
            words.append([token.text])
            last = token.pos
    return [tuple(w) for w in words]


def _word_query(word: str, lang: str, fuzzy: bool, fields: tuple[str, ...]) -> q.Query | None:
    if _HYPHENS.search(word.strip("-")):
        # « re-contextualiser » finds « recontextualiser » and the reverse (analyzers.py).
        parts = [p for p in _HYPHENS.split(word) if p]
        options = [
            _word_query("".join(parts), lang, fuzzy, fields),
            _word_query(" ".join(parts), lang, fuzzy, fields),
        ]
        found = [o for o in options if o is not None]
        return q.Or(found) if len(found) > 1 else (found[0] if found else None)
    words = analyse_words(word, lang)
    if not words:
        return None
    parts = []
    for alternatives in words:
        token = alternatives[0]
        # Typos rarely touch the first two letters: a prefix of 2 keeps fuzzy matching fast.
        if fuzzy and len(token) > 3:
            distance = 1 if len(token) <= 6 else 2
            terms = [q.FuzzyTerm(f, token, maxdist=distance, prefixlength=2) for f in fields]
            # A typo in the ending leaves a stem too far for Levenshtein (``cooperaton``
            # is four edits from ``cooper``): the word's own beginnings may be stems.
            terms.extend(
                q.Term(f, token[:end])
                for end in range(len(token) - 1, MIN_STEM, -1)
                for f in fields
            )
        else:
            terms = [q.Term(f, t) for t in alternatives for f in fields]
        parts.append(q.Or(terms) if len(terms) > 1 else terms[0])
    return q.And(parts) if len(parts) > 1 else parts[0]


def is_optional(clause: Clause) -> bool:
    """A short last word while typing, or a word one of the languages drops."""
    if clause.optional:
        return True
    if clause.phrase:
        return False
    return any(not analyse(clause.text, lang) for lang in LANG_FIELDS)


def clause_query(
    clause: Clause, fuzzy: bool, scope: dict[str, tuple[str, ...]] = LANG_FIELDS
) -> q.Query | None:
    """What matches ``clause`` in either language, in the fields of ``scope``."""
    fuzzy = fuzzy and not clause.phrase
    alternatives: list[q.Query] = []
    for lang, fields in scope.items():
        if clause.phrase:
            tokens = analyse(clause.text, lang)
            if len(tokens) > 1:
                alternatives.extend(q.Phrase(f, tokens) for f in fields)
            elif tokens:
                alternatives.extend(q.Term(f, tokens[0]) for f in fields)
            continue
        word = _word_query(clause.text, lang, fuzzy, fields)
        if word is not None:
            alternatives.append(word)
        if clause.prefix:
            stem = prefix_form(clause.text)
            if stem and re.fullmatch(r"\w+", stem):
                alternatives.extend(q.Prefix(f, stem) for f in fields)
    if not alternatives:
        return None
    return _union(alternatives)


def _union(parts: list[q.Query]) -> q.Query:
    """``Or`` of ``parts``, with the unions among them opened: what ``normalize`` would make
    of them, without the copy of every term it makes to do so."""
    flat: list[q.Query] = []
    for part in parts:
        if type(part) is q.Or and part.boost == 1.0:
            flat.extend(part.subqueries)
        else:
            flat.append(part)
    return q.Or(flat) if len(flat) > 1 else flat[0]


def _group_query(
    group: list[Clause],
    fuzzy: bool,
    known: Callable[[str], bool] | None,
    scope: dict[str, tuple[str, ...]] = LANG_FIELDS,
) -> q.Query | None:
    options = [
        b
        for b in (clause_query(c, fuzzy and not (known and known(c.text)), scope) for c in group)
        if b is not None
    ]
    if not options:
        return None
    return _union(options)


def build(
    parsed: ParsedQuery, fuzzy: bool = False, known: Callable[[str], bool] | None = None
) -> q.Query | None:
    """The Whoosh query for ``parsed``, ranked (``ranking.py``); ``fuzzy`` tolerates typos
    in plain words, except in those ``known`` says the index holds as they are (fuzzing
    them only costs time)."""
    required: list[q.Query] = []
    optional: list[q.Query] = []
    excluded: list[q.Query] = []
    for group in parsed.groups:
        if group[0].negated:
            built = clause_query(group[0], False)
            if built is not None:
                excluded.append(built)
            continue
        built = _group_query(group, fuzzy, known)
        if built is not None:
            (optional if all(is_optional(c) for c in group) else required).append(built)
    if required:
        positive: q.Query = q.And(required) if len(required) > 1 else required[0]
        if optional:
            positive = q.AndMaybe(positive, q.Or(optional))
    elif optional:
        positive = q.Or(optional) if len(optional) > 1 else optional[0]
    else:
        return None
    titles = [
        t
        for t in (
            _group_query(g, fuzzy, known, TITLE_FIELDS)
            for g in parsed.groups
            if not g[0].negated and not all(is_optional(c) for c in g)
        )
        if t is not None
    ]
    title_all = (q.And(titles) if len(titles) > 1 else titles[0]) if titles else None
    positive = ranking.ranked(positive, title_all, parsed.words)
    if excluded:
        positive = q.AndNot(positive, q.Or(excluded))
    # Nested unions flattened, repeated terms merged: fewer matchers to build and score.
    return positive.normalize().accept(_skipping_union)


def _skipping_union(node: q.Query) -> q.Query:
    """A union that can skip ahead: on a small segment Whoosh would read and score every
    posting of each word (its array union) before intersecting two words."""
    if isinstance(node, q.Or):
        node.matcher_type = q.Or.DEFAULT_MATCHER
    return node


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
