"""The window is composed in one place (gui/compose.py): nothing else sets attributes
on it, nothing in gui/ silences mypy at those seams, and no wiring takes ``Any``."""

from __future__ import annotations

import re
from pathlib import Path

import referentiel_desktop

PACKAGE = Path(referentiel_desktop.__file__).parent
GUI = PACKAGE / "gui"
# Where the window is built: the shell itself, and the composition root.
ALLOWED = {GUI / "compose.py", GUI / "window" / "main_window.py"}
# ``window.x = …``, ``shell.x = …``, ``self.window.x = …``, ``a, window.x = …``, setattr.
SETS_ON_WINDOW = re.compile(
    r"(?:^|[\s,(])(?:self\._?)?(?:window|shell|main_window)\.\w+(?:\s*,\s*[\w.]+)*\s*=(?!=)"
    r"|setattr\(\s*(?:self\._?)?(?:window|shell)\b",
    re.MULTILINE,
)


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_only_the_composition_root_sets_attributes_on_the_window() -> None:
    found = []
    for path in _sources():
        if path in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SETS_ON_WINDOW.search(line):
                found.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert found == []


def test_the_pattern_catches_what_it_is_for() -> None:
    caught = ["window.undo_stack = stack", "    self.window.dialog = box", "a, window.b = 1, 2"]
    caught += ["setattr(window, 'x', 1)", "shell.panel = panel"]
    for line in caught:
        assert SETS_ON_WINDOW.search(line), line
    for line in ("window.x == 1", "self.window = window", "shell.menus['go'].addAction(a)"):
        assert not SETS_ON_WINDOW.search(line), line


def test_no_attribute_seams_are_silenced_and_no_wiring_takes_any() -> None:
    ignored, untyped = [], []
    for path in sorted(GUI.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "type: ignore[attr-defined]" in text:
            ignored.append(str(path.relative_to(GUI)))
        if re.search(r"\b(?:window|shell|workspace|relay|changes)\s*:\s*Any\b", text):
            untyped.append(str(path.relative_to(GUI)))
    assert ignored == [] and untyped == []


def test_the_window_declares_what_it_owns() -> None:
    from referentiel_desktop.gui.compose import Window

    declared = set(Window.__annotations__)
    assert {"search", "safety", "changes", "search_service", "edit", "notes", "cases",
            "team", "exchange", "inventory", "booklet"} <= declared  # fmt: skip
