"""Record kinds and values in words, in both languages (issue 20): « 2 notes, 1 cas »,
not « note 2, case 1 »; « équipe », not « team »."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from referentiel_desktop import i18n
from referentiel_desktop.record_words import kind_counts, visibility_word


@pytest.fixture
def french(monkeypatch: pytest.MonkeyPatch) -> Any:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANGUAGE", "fr")
    yield
    i18n.set_language("en")


def test_export_says_what_it_wrote_in_words(cli: Any, tmp_path: Path, french: Any) -> None:
    for text in ("Une", "Deux"):
        assert cli("note", "add", "--target", "engagement.b3", "--text", text).code == 0
    result = cli("export", "--out", str(tmp_path / "équipe.rdbundle"))
    assert result.code == 0, result.err
    assert "2 notes" in result.out and "1 auteur" in result.out, result.out
    assert "note 2" not in result.out and "author" not in result.out


def test_words_follow_the_language() -> None:
    try:
        i18n.set_language("fr")
        assert kind_counts({"note": 2, "case": 1, "inventory_assessment": 2}) == (
            "2 notes, 1 cas, 2 bilans d’inventaire"
        )
        assert visibility_word("team") == "équipe"
        i18n.set_language("en")
        assert kind_counts({"note": 1, "territory": 3}) == "1 note, 3 territories"
        assert visibility_word("private") == "private"
    finally:
        i18n.set_language("en")
