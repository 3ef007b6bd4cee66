"""Which language a passage of team material is written in, by its grammatical words.

A note is indexed in the language it is written in, sentence by sentence (a team writes
« Compte rendu… » and pastes an English quotation below it): each analyzer sees only its
own language's text, which halves what a rebuild analyses and keeps the English stemmer
off French words. A query still goes through both analyzers, so a word is found in
either. A sentence with no grammatical word of either language (a title, a list of
names) is indexed in both.
"""

from __future__ import annotations

import re

from referentiel_desktop.search.analyzers import ENGLISH_STOP, FRENCH_STOP, fold

_FRENCH_ONLY = (
    frozenset(fold(w) for w in FRENCH_STOP) - ENGLISH_STOP - {"a", "s", "t"}
)  # it’s, don’t
_ENGLISH_ONLY = ENGLISH_STOP - frozenset(fold(w) for w in FRENCH_STOP)
_SENTENCE = re.compile(r"(?<=[.!?…;:])\s+|\n+")
_WORD = re.compile(r"\w+")


_VOTES: dict[str, int] = {}
VOTES_CACHED = 200_000


def _vote(word: str) -> int:
    """1 for a word only French uses, -1 for one only English uses, else 0."""
    vote = _VOTES.get(word)
    if vote is None:
        vote = 1 if word in _FRENCH_ONLY or fold(word) in _FRENCH_ONLY else 0
        if not vote and word in _ENGLISH_ONLY:
            vote = -1
        if len(_VOTES) < VOTES_CACHED:  # a word's vote depends on the word alone
            _VOTES[word] = vote
    return vote


def language_of(sentence: str) -> str:
    """``fr``, ``en``, or ``""`` when nothing tells."""
    votes = _VOTES
    balance = 0  # French words less English ones
    for word in _WORD.findall(sentence.lower()):
        vote = votes.get(word)
        balance += _vote(word) if vote is None else vote
    if not balance:
        return ""
    return "fr" if balance > 0 else "en"


def split_by_language(text: str) -> tuple[str, str]:
    """(the French sentences, the English sentences) of ``text``; undecided ones in both."""
    french: list[str] = []
    english: list[str] = []
    for sentence in _SENTENCE.split(text):
        if not sentence.strip():
            continue
        language = language_of(sentence)
        if language != "en":
            french.append(sentence)
        if language != "fr":
            english.append(sentence)
    return "\n".join(french), "\n".join(english)
