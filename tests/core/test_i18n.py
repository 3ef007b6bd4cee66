"""Interface translations: both catalogs load, French plurals, no builtins pollution."""

from __future__ import annotations

import builtins
from collections.abc import Iterator

import pytest

from referentiel_desktop import i18n


@pytest.fixture(autouse=True)
def _restore_language() -> Iterator[None]:
    yield
    i18n.set_language("en")


def test_french_catalog_translates_interface_strings() -> None:
    i18n.set_language("fr")
    assert i18n._("list the referential's items") == "lister les éléments du référentiel"
    assert i18n.current_language() == "fr"
    i18n.set_language("en")
    assert i18n._("list the referential's items") == "list the referential's items"


def test_french_plural_takes_the_singular_for_zero_and_one() -> None:
    i18n.set_language("fr")
    catalog = i18n._active.translations
    assert catalog.plural(0) == 0  # type: ignore[attr-defined]
    assert catalog.plural(1) == 0  # type: ignore[attr-defined]
    assert catalog.plural(2) == 1  # type: ignore[attr-defined]


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        i18n.set_language("de")


def test_gettext_is_not_installed_into_builtins() -> None:
    i18n.set_language("fr")
    assert not hasattr(builtins, "_")


@pytest.mark.parametrize(
    ("env", "expected"),
    [("fr_FR.UTF-8", "fr"), ("en_GB.UTF-8", "en"), ("de_DE.UTF-8", "en"), ("C", "en")],
)
def test_system_language_follows_the_locale(
    monkeypatch: pytest.MonkeyPatch, env: str, expected: str
) -> None:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", env)
    if env == "C":
        monkeypatch.setattr("locale.getlocale", lambda *_category: (None, None))
    assert i18n.system_language() == expected


def test_listeners_hear_language_changes() -> None:
    heard: list[str] = []
    i18n.on_language_changed(heard.append)
    i18n.set_language("fr")
    assert heard[-1] == "fr"


def test_moments_are_written_as_each_language_writes_them() -> None:
    from datetime import UTC, datetime

    from referentiel_desktop.i18n import format_when

    moment = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)  # midday: the same date everywhere
    assert format_when(moment, with_time=False, language="fr") == "28 nov. 2026"
    assert format_when(moment, with_time=False, language="en") == "Nov 28, 2026"
    local = moment.astimezone()
    assert format_when(moment, language="fr").endswith(f"{local:%H:%M}")


def test_every_translated_literal_in_the_source_is_in_the_catalog() -> None:
    """Babel's extractor misses calls it cannot see (inside an f-string, say): such a
    string would stay English in a French window while the catalog check passes."""
    import ast
    import re
    from pathlib import Path

    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[2]
    with (root / "i18n" / "messages.pot").open("rb") as handle:
        known = {message.id for message in read_po(handle) if message.id}
    call = re.compile(r"""\b(?:_|N_|translate)\(\s*(["'])((?:\\.|(?!\1).)+)\1\s*[,)]""")
    missing = []
    for source in (root / "src" / "referentiel_desktop").rglob("*.py"):
        for match in call.finditer(source.read_text(encoding="utf-8")):
            # Read as Python reads the literal: "«\u00a0{label}\u00a0»" holds no-break spaces.
            text = ast.literal_eval(match.group(1) + match.group(2) + match.group(1))
            if text not in known:
                missing.append(f"{source.name}: {text}")
    assert missing == []
