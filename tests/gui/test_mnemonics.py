"""No colliding mnemonics (issue 20): in each language, the menu bar's menus and each
menu's entries are reached by Alt and a letter of their own."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtWidgets import QMenu

_MNEMONIC = re.compile(r"&([^&\s])")


def _letter(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _collisions(texts: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    clashes: list[str] = []
    for text in texts:
        letter = _letter(text)
        if letter is None:
            continue
        if letter in seen:
            clashes.append(f"{seen[letter]!r} and {text!r} share Alt+{letter.upper()}")
        seen[letter] = text
    return clashes


def _menus(menu: QMenu) -> list[QMenu]:
    found = [menu]
    for action in menu.actions():
        if action.menu() is not None:
            found += _menus(action.menu())
    return found


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_menu_has_mnemonics_of_its_own(window: Any, lang: str) -> None:
    window.set_language(lang)
    bar = window.menuBar()
    tops = [a.text() for a in bar.actions()]
    assert all(_letter(t) for t in tops), tops  # each menu can be opened with Alt
    problems = _collisions(tops)
    for top in bar.actions():
        for menu in _menus(top.menu()):
            menu.aboutToShow.emit()  # menus filled when shown
            problems += _collisions([a.text() for a in menu.actions() if a.isVisible()])
    assert problems == []
