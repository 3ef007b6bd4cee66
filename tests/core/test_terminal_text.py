"""The terminal shows text, not commands (issue 17): a carriage return, a C1 control or
a bidirectional override in a note reaches the terminal written out, never raw."""

from __future__ import annotations

from typing import Any

import pytest

HOSTILE = [
    ("\r", "\\x0d"),
    ("\u202e", "\\u202e"),  # right-to-left override
    ("\u202a", "\\u202a"),
    ("\u2066", "\\u2066"),  # left-to-right isolate
    ("\u2069", "\\u2069"),
    ("\u200f", "\\u200f"),
    ("\u061c", "\\u061c"),
]


@pytest.mark.parametrize(("char", "spelled"), HOSTILE)
def test_note_list_writes_out_carriage_returns_and_bidi_controls(
    cli: Any, char: str, spelled: str
) -> None:
    text = f"Bilan « {char}exe.txt » d’étape"
    assert cli("note", "add", "--target", "ch1", "--text", text).code == 0
    listed = cli("note", "list")
    assert listed.code == 0
    assert char not in listed.out
    assert f"Bilan « {spelled}exe.txt » d’étape" in listed.out
    # the JSON output still reads back to the very text
    assert cli("note", "list", "--json").json()[0]["text"] == text


def test_c1_controls_stored_by_another_program_are_written_out(cli: Any, data_dir: Any) -> None:
    import sqlite3

    assert cli("note", "add", "--target", "ch1", "--text", "placeholder").code == 0
    with sqlite3.connect(data_dir / "referentiel.sqlite3") as conn:
        conn.execute("UPDATE note SET text = ?", ("a\x9b31mb\x85c\x0dd",))
    listed = cli("note", "list")
    assert all(c not in listed.out for c in "\x9b\x85\x0d")
    assert "a\\x9b31mb\\x85c\\x0dd" in listed.out


def test_tabs_newlines_and_french_text_pass_unchanged(cli: Any) -> None:
    text = "Œuvre\tcommune\n« élan » d’équipe"
    assert cli("note", "add", "--target", "ch1", "--text", text).code == 0
    assert "Œuvre\tcommune" in cli("note", "list").out
