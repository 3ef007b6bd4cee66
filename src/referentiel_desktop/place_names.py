"""Prepositions with a territory's name, as French contracts them: « Inventaire du Mené »,
« des Mureaux », « de La Rochelle » (a capital article stays), « de l’Île-d’Yeu »,
« d’Angers ». English keeps the name whole: "of Le Mené".

One function for the booklet and the window, so both say it the same way.
"""

from __future__ import annotations

import re

_VOWEL = re.compile(r"^[AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒaeiouyàâäéèêëîïôöùûüœ]")


def of_place(name: str, language: str) -> str:
    """« du Mené » for « Le Mené », "of Le Mené" in English."""
    name = name.strip()
    if language != "fr":
        return f"of {name}"
    article = re.match(r"(Les?)([ \u00a0])(?=\S)", name)
    if article:  # the space after the article may be a no-break one: it is kept
        contracted = "du" if article.group(1) == "Le" else "des"
        return contracted + article.group(2) + name[article.end() :]
    for elided in ("L’", "L'"):
        if name.startswith(elided) and len(name) > len(elided):
            return "de l’" + name[len(elided) :]
    if _VOWEL.match(name):
        return "d’" + name
    return "de " + name
