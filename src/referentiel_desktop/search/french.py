"""French index terms of a folded word: Snowball, with conjugation and gender put back.

Folding comes before stemming (``analyzers.py``), and Snowball's French rules read
accents to tell endings apart: ``coopéraient`` is ``coopér-aient`` but, folded,
``cooperaient`` reads as the conditional ``coop-eraient``; ``dépassé`` folds to
``depasse``, which Snowball cuts as the subjunctive ``dep-asse``; ``coopérons``,
``coopèrent`` and ``coopérâmes`` it leaves whole at any rate. Lucene's French
analyzers (the light and minimal stemmers after its elision filter) stem nouns and
adjectives only, so they would not join verb forms either. Here, on the folded word:

1. the plural ``-s`` Snowball keeps (after a vowel: ``élus``) and ``-ées`` go first;
2. Snowball stems that; a stem ending in the infinitive's ``-er`` loses it (``cooper``
   → ``coop``, whichever of ``-aient``/``-eraient`` Snowball took), and the ``-i`` of the
   ``-ier`` verbs goes with it (``notifi`` → ``notif``, as ``notifie`` gives);
3. when the word ends as a verb form Snowball misreads or ignores once folded (``-ons``,
   ``-ent``, ``-èrent``, ``-asse``, ``-âmes``, ``-ât``, ``-issons``…) or as a feminine or
   plural it does not know (``-euse`` for ``-eur``, ``-trice``, ``-aux``), that reading
   is stemmed as well and indexed beside the first: ``parlons`` is indexed ``parlon``
   and ``parl``, so it meets ``parler`` and a noun in ``-ons`` still meets its singular;
4. the third group's stems are made one where a rule can (``atteint``, ``atteignons``,
   ``atteindre``; ``traduit``, ``traduisant``).

A word has one term, or up to three when its ending is ambiguous once folded.
"""

from __future__ import annotations

from functools import lru_cache

from whoosh.lang.snowball.french import FrenchStemmer

MIN_STEM = 3
"""No rule leaves fewer letters than this (``gérer`` stays ``ger``)."""
MIN_STEM_BEFORE_ENT = 4
"""``-ent`` is read as a verb's only before a longer stem: « parent », « moment »,
« client », « argent » are not « parer », « momie », « cligner », « arguer »."""
_THIRD_GROUP = (
    ("eindr", "ein", 6), ("eign", "ein", 6), ("eint", "ein", 6), ("aindr", "ain", 6),
    ("aign", "ain", 6), ("aint", "ain", 6), ("oindr", "oin", 6), ("oign", "oin", 6),
    ("oint", "oin", 6), ("uir", "u", 5), ("uis", "u", 5), ("uit", "u", 5), ("ui", "u", 5),
    ("dr", "d", 4), ("du", "d", 5), ("tt", "t", 4),
)  # fmt: skip
"""Stems of the third group's endings made one (ending, replacement, shortest stem):
« atteindre », « atteint », « atteignons »; « traduire », « traduit », « traduisant »;
« répondre », « répondu »; « débattre », « débats »."""
MAX_READINGS = 2
"""Readings of a word's ending beside Snowball's: ``envions`` is ``envi-ons``, not only
``env-ions``."""
_NOUN_FORMS = {"cour": frozenset({"cour", "cours"})}
"""Stems Snowball gives a noun and a verb alike: the verb's other forms are kept apart
(« cour » is not « courir », « courait »)."""

_snowball = FrenchStemmer().stem
_TRADES = ("erie",)
"""A noun in ``-erie`` (a trade, a place) keeps the ``-er`` Snowball leaves it."""

# (folded ending, what replaces it): the first that fits gives the second reading; an
# empty replacement, none (Snowball reads ``-aient`` right). ``-asse`` reads as a form of
# an ``-asser`` verb (« dépasse », « dépassé »): Snowball's own reading, the literary
# imperfect subjunctive (« coopérasse »), stays the first.
_SECOND_READINGS: tuple[tuple[str, str], ...] = (
    ("yees", "ier"), ("yee", "ier"), ("yes", "ier"), ("ye", "ier"), ("eassions", "er"),
    ("eassiez", "er"), ("eassent", "er"), ("easses", "er"), ("easse", "er"),
    ("issions", "ir"), ("irions", "ir"), ("issons", "ir"), ("irons", "ir"),
    ("assions", "asser"), ("assions", "er"), ("erions", "er"), ("assiez", "asser"),
    ("assiez", "er"), ("iiez", "er"), ("iez", "er"), ("assent", "asser"), ("aient", ""),
    ("erent", "er"), ("erons", "er"), ("eames", "er"), ("eates", "er"), ("assees", "asser"),
    ("assee", "asser"), ("asses", "asser"), ("asse", "asser"), ("eons", "er"),
    ("ions", "er"), ("ames", "er"), ("ates", "er"), ("eat", "er"), ("ons", "er"),
    ("ent", "er"), ("at", "er"), ("euses", "eur"), ("euse", "eur"), ("trices", "teur"),
    ("trice", "teur"), ("aux", "al"), ("ives", "if"), ("ive", "if"), ("imes", "ir"),
    ("ites", "ir"),
)  # fmt: skip


def _singular(folded: str) -> str:
    """Without the plural and feminine endings Snowball keeps once folded."""
    if len(folded) > 4 and folded.endswith("ees"):
        return folded[:-2]
    if len(folded) > 3 and folded.endswith("ee"):
        return folded[:-1]
    if len(folded) > 3 and folded[-1] in "sx" and folded[-2] != "s" and not folded.endswith("eux"):
        return folded[:-1]
    return folded


def _stem(word: str) -> str:
    stem = str(_snowball(word))
    if word.endswith(_TRADES):
        return stem  # « ressourcerie » is not « ressource »
    while stem.endswith("er") and len(stem) - 2 >= MIN_STEM:
        stem = stem[:-2]
    if len(stem) > MIN_STEM + 1 and stem[-1] == "i" and stem[-2] not in "aeiouy":
        stem = stem[:-1]
    for ending, replacement, least in _THIRD_GROUP:
        if stem.endswith(ending) and len(stem) >= least:
            return stem[: -len(ending)] + replacement
    return stem


def _other_readings(folded: str) -> list[str]:
    """The word read with each ending of the table it ends with, longest first, up to
    the first with no replacement (``-aient``)."""
    out = []
    for ending, replacement in _SECOND_READINGS:
        least = MIN_STEM_BEFORE_ENT if ending == "ent" else MIN_STEM
        if folded.endswith(ending) and len(folded) - len(ending) >= least:
            if not replacement:
                break
            out.append(folded[: -len(ending)] + replacement)
            if len(out) == MAX_READINGS:
                break
    return out


@lru_cache(maxsize=200_000)
def french_stems(folded: str) -> tuple[str, ...]:
    """The index terms of a folded, lower-case French word (one, or two)."""
    first = _stem(_singular(folded))
    if first in _NOUN_FORMS and folded not in _NOUN_FORMS[first]:
        return (first + "_v",)
    readings = [first]
    readings.extend(_stem(other) for other in _other_readings(folded))
    singular = _singular(folded)
    if singular != folded and folded[-2:] in (
        "is",
        "us",
        "os",
    ):  # « suédois »: the s may be the word's
        readings.append(_stem(folded))
    return tuple(dict.fromkeys(readings))
