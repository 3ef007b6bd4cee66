"""doctor judges the search index after letting it catch up, and counts in plural forms
(issue 17): one note added after a search is not "1 items are missing"."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from referentiel_desktop import i18n


def test_a_note_added_after_a_search_is_no_false_alarm(cli: Any) -> None:
    assert cli("search", "ambition").code == 0  # builds the index
    assert cli("note", "add", "--target", "ch1", "--text", "Une note « fraîche »").code == 0
    result = cli("doctor")
    assert result.code == 0, result.out
    assert "missing" not in result.out
    assert cli("doctor", "--json").json()["ok"] is True


def _raw_notes(data_dir: Path, count: int) -> None:
    """Notes written behind the application's back (no change log): the index cannot know."""
    conn = sqlite3.connect(data_dir / "referentiel.sqlite3")
    with conn:
        for number in range(count):
            conn.execute(
                "INSERT INTO note (id, created_at, updated_at, target_id, text, visibility,"
                " author_id) SELECT ?, created_at, updated_at, target_id, 'brute', visibility,"
                " author_id FROM note LIMIT 1",
                (f"00000000-0000-4000-8000-00000000000{number}",),
            )
    conn.close()


@pytest.mark.parametrize(
    ("count", "english", "french"),
    [
        (1, "1 item is missing from the search index", "1 élément manque dans l’index"),
        (2, "2 items are missing from the search index", "2 éléments manquent dans l’index"),
    ],
)
def test_doctor_counts_in_plural_forms(
    cli: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch, count: int, english: str, french: str
) -> None:
    assert cli("note", "add", "--target", "ch1", "--text", "Première").code == 0
    assert cli("search", "première").code == 0
    _raw_notes(data_dir, count)
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    try:
        monkeypatch.setenv("LANGUAGE", "en")
        result = cli("doctor")
        assert result.code == 1 and english in result.out, result.out
        monkeypatch.setenv("LANGUAGE", "fr")
        assert french in cli("doctor").out
    finally:
        i18n.set_language("en")


def test_no_problem_no_count(cli: Any) -> None:
    assert cli("note", "add", "--target", "ch1", "--text", "Seule").code == 0
    assert cli("search", "seule").code == 0
    result = cli("doctor")
    assert result.code == 0 and "0 item" not in result.out and "index            ok" in result.out
