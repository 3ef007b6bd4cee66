"""Comparing French text as a reader does: case, accents and ligatures aside."""

from __future__ import annotations

import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def fold(text: str) -> str:
    """« Œuvre » → "oeuvre", « Énergie » → "energie": for matching and sorting names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_key(name: str) -> tuple[str, str]:
    """Sort names as a reader expects: « énergie » beside « energie », before « quartier »."""
    return fold(name), name
