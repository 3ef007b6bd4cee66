"""French typography where people read: no-break spaces inside « » and before : ; ! ?
in the French catalog and the bundled referential's French text (and inside « » in the
English ones), checked by the same rules the booklet prints with."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from referentiel_desktop.paths import bundled_referential
from referentiel_desktop.referential.loader import parse_file
from referentiel_desktop.typography import (
    NBSP,
    NNBSP,
    for_reading,
    french_spacing,
    keep_dates_together,
    keep_together,
    spacing_problems,
)

CATALOGS = Path(__file__).parents[2] / "i18n"


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("«Villes pairs»", f"«{NBSP}Villes pairs{NBSP}»"),
        ("« Villes pairs »", f"«{NBSP}Villes pairs{NBSP}»"),
        (f"«{NNBSP}mot{NNBSP}»", f"«{NNBSP}mot{NNBSP}»"),  # a no-break space stays as it is
        ("transfert: que met-on derrière ces termes?",
         f"transfert{NBSP}: que met-on derrière ces termes{NNBSP}?"),  # fmt: skip
        ("adjoints; les élus ! Vraiment ?!",
         f"adjoints{NNBSP}; les élus{NNBSP}! Vraiment{NNBSP}?!"),
        ("{count} : x", f"{{count}}{NBSP}: x"),
        ("à 10:30, http://ieefc.eu/?a=1", "à 10:30, http://ieefc.eu/?a=1"),
        ("{name}", "{name}"),
    ],
)  # fmt: skip
def test_french_spacing(typed: str, printed: str) -> None:
    assert french_spacing(typed) == printed
    assert spacing_problems(printed) == []
    assert (spacing_problems(typed) == []) == (typed == printed)


def test_dates_and_titles_are_kept_whole() -> None:
    assert keep_dates_together("du 3 décembre 2026") == f"du 3{NBSP}décembre{NBSP}2026"
    assert keep_dates_together("le 1er janv. 2027") == f"le 1er{NBSP}janv.{NBSP}2027"
    assert keep_dates_together("on Dec 3, 2026") == f"on Dec{NBSP}3,{NBSP}2026"
    assert keep_dates_together("3 ateliers") == "3 ateliers"
    assert for_reading("Conseil : le 3 mai", "fr") == f"Conseil{NBSP}: le 3{NBSP}mai"
    assert for_reading("Council: May 3", "en") == f"Council: May{NBSP}3"
    assert keep_together(" Le Mené ") == f"Le{NBSP}Mené"
    long_name = "Fabrique des transitions — équipe Bretagne et Pays de la Loire"
    assert keep_together(long_name) == long_name  # kept whole, it would overflow a line


def _messages(language: str, with_ids: bool = True) -> list[tuple[str, str]]:
    """(msgid, text) for each translation (and each msgid, ``with_ids``)."""
    with (CATALOGS / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found += [(ids[0], s) for s in strings if s]
        found += [(ids[0], i) for i in ids] if with_ids else []
    return found


def test_the_french_catalog_puts_no_break_spaces_where_french_needs_them() -> None:
    french = _messages("fr", with_ids=False)
    assert len(french) > 500
    wrong = [(msgid, problem) for msgid, text in french
             for problem in spacing_problems(text, "fr")]  # fmt: skip
    assert wrong == []


def test_no_catalog_breaks_a_line_inside_guillemets() -> None:
    wrong = [(msgid, problem) for language in ("fr", "en") for msgid, text in _messages(language)
             for problem in spacing_problems(text, "en")]  # fmt: skip
    assert wrong == []


def test_the_search_help_shows_the_quotes_it_names() -> None:
    for msgid, text in _messages("fr"):
        if "guillemets droits" in text:
            assert '"' in text and "«" not in text, msgid


def _texts(value: Any, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], str]]:
    if isinstance(value, dict):
        return [t for key, item in value.items() for t in _texts(item, (*path, key))]
    if isinstance(value, list):
        return [t for item in value for t in _texts(item, path)]
    return [(path, value)] if isinstance(value, str) else []


def test_the_bundled_referential_text_follows_french_typography() -> None:
    referential = parse_file(bundled_referential())
    texts: list[tuple[str, str, str]] = []
    for node in referential.nodes:
        for lang in ("fr", "en"):
            pieces = [node.title[lang], node.body[lang], *node.keywords.get(lang, [])]
            texts += [(node.id, lang, piece) for piece in pieces if piece]
    for path, text in _texts(referential.provenance, ("provenance",)):
        lang = "fr" if "fr" in path else "en" if "en" in path else ""
        if lang:
            texts.append((".".join(path), lang, text))
    assert len(texts) > 300
    wrong = [(where, lang, problem) for where, lang, text in texts
             for problem in spacing_problems(text, lang)]  # fmt: skip
    assert wrong == []
