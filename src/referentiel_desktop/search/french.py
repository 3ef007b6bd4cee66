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
   ``atteindre``; ``traduit``, ``traduisant``; the futures in ``-ront`` of ``-re`` verbs,
   ``répondront``), and the verbs made on ``venir`` and ``tenir`` are read ``-ven``,
   ``-ten`` (``provient``, ``obtiendra``, ``maintint``, ``contenu``);
5. a word with an ending of the first group that Snowball read otherwise (deeper:
   ``délissant``, ``désirez``, ``authentique``; or not at all after a short stem that
   begins with a vowel: ``ambrant``) is also read as that ``-er`` verb's form.

A word has one term, or up to three when its ending is ambiguous once folded. What these
readings may join that should stay apart is held by the precision list of
``tests/relevance/families/precision.txt``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.lang.snowball.french import FrenchStemmer

MIN_STEM = 3
"""No rule leaves fewer letters than this (``gérer`` stays ``ger``)."""
NOT_VERBS_IN_ENT = frozenset(
    """absent accent ardent argent arpent auvent bident cement ciment client decent dement
    dolent dument fluent jument latent moment nument orient parent patent piment recent
    redent regent relent talent urgent""".split()  # noqa: SIM905 - a list reads better as text
)
"""Words of six letters in ``-ent`` that are not verb forms: the nouns, adjectives and
adverbs of Dicollecte's French dictionary (MPL 2.0) that end so, folded. Any other
``-ent`` after three letters is read as a verb's too (« aident », « vident »), but
« parent », « moment », « client », « argent » are not « parer », « momie », « cligner »,
« arguer »."""
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
    ("assiez", "er"), ("iiez", "er"), ("iez", "er"), ("assent", "asser"), ("aient", "aier"),
    ("erent", "er"), ("erons", "er"), ("eames", "er"), ("eates", "er"), ("assees", "asser"),
    ("assee", "asser"), ("asses", "asser"), ("asse", "asser"), ("eons", "er"),
    ("ions", "er"), ("ames", "er"), ("ates", "er"), ("eat", "er"), ("ons", "er"),
    ("ent", "er"), ("ront", "re"), ("at", "er"), ("euses", "eur"), ("euse", "eur"),
    ("trices", "teur"), ("trice", "teur"), ("aux", "al"), ("ives", "if"), ("ive", "if"),
    ("imes", "ir"), ("ites", "ir"), ("ite", "ir"),
)  # fmt: skip
"""The second group's ``-îtes`` is, once folded, the plural of a noun in ``-ité``
(« réflexivités »): the singular is read so too, and both find what either finds."""
_FIRST_GROUP = (
    "eraient", "assent", "erais", "erait", "eront", "erons", "erent", "erez", "erai", "eras",
    "asse", "aient", "era", "ant", "ais", "ait", "ai", "as", "ez", "a", "es", "e",
)  # fmt: skip
"""Endings of the first group (``-er`` verbs) that Snowball misreads once a word is folded:
it cuts ``-issant``, ``-irez``, ``-ique``, ``-ance``, ``-ive`` deeper than the verb's ending
(« délissant », « désirez », « authentique », « concurrence », « invective ») or, after a
short stem that begins with a vowel, not at all (« ambrant », « optez »)."""


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
        if ending == "ent" and folded in NOT_VERBS_IN_ENT:
            continue
        if ending == "ront" and folded.endswith("eront"):
            continue  # Snowball reads the first group's futures
        if folded.endswith(ending) and len(folded) - len(ending) >= MIN_STEM:
            if not replacement:
                break
            out.append(folded[: -len(ending)] + replacement)
            if len(out) == MAX_READINGS:
                break
    return out


_VENIR_TENIR = re.compile(
    r"(\w{2,}?)([tv])(?:iens|ient|iennent|ienne|iennes|iendr(?:ai|as|a|ons|ez|ont|ais|ait|ions"
    r"|iez|aient)|ins|int|inmes|intes|inrent|insse|insses|inssions|inssiez|inssent|enu|enue"
    r"|enus|enues)"
)
"""The forms of the verbs made on ``venir`` and ``tenir`` (« provient », « obtiendra »,
« maintint », « contenu »), whose stems Snowball cannot make one: read as ``-ven``, ``-ten``."""


def _first_group(singular: str, first: str) -> str:
    """The stem of the ``-er`` verb the word is a form of, when Snowball read its ending
    otherwise; empty when it read it so or the word has no such ending."""
    if singular.endswith("ive"):
        return ""  # an adjective in -if before a verb in -iver (« coopérative »)
    for ending in _FIRST_GROUP:
        base = singular[: -len(ending)]
        if singular.endswith(ending) and len(base) >= MIN_STEM:
            if first == base:
                return ""  # Snowball read the ending as the verb's
            if len(first) > len(base) and len(base) <= MIN_STEM:
                return ""  # left whole after three letters: « enfant » is not « enfer »
            verb = _stem(base + "er")
            return verb if verb != first else ""
    return ""


@lru_cache(maxsize=200_000)
def french_stems(folded: str) -> tuple[str, ...]:
    """The index terms of a folded, lower-case French word (one, or two)."""
    first = _stem(_singular(folded))
    if first in _NOUN_FORMS and folded not in _NOUN_FORMS[first]:
        return (first + "_v",)
    readings = [first]
    readings.extend(_stem(other) for other in _other_readings(folded))
    singular = _singular(folded)
    verb = _first_group(singular, first)
    if verb:
        readings.append(verb)
    compound = _VENIR_TENIR.fullmatch(folded)
    if compound:
        readings.append(f"{compound.group(1)}{compound.group(2)}en")
    if singular != folded and folded[-2:] in (
        "is",
        "us",
        "os",
    ):  # « suédois »: the s may be the word's
        readings.append(_stem(folded))
    return tuple(dict.fromkeys(readings))
