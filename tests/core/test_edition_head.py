"""The edition id and version read from a referential file's head, without the TOML
parser for a plain head, are those ``tomllib`` reads from it: for the bundled file, and
for heads mixing plain lines with everything TOML allows or refuses near them."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referentiel_desktop import paths
from referentiel_desktop.referential.edition_head import read_edition


def _by_tomllib(path: Path) -> tuple[str, int] | None:
    """The head read whole by ``tomllib``: what ``read_edition`` must answer."""
    head: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            stripped = line.strip()
            if stripped.startswith("[") and stripped != "[edition]":
                break
            head.append(line)
    try:
        edition: Any = tomllib.loads("".join(head)).get("edition", {})
    except tomllib.TOMLDecodeError:
        return None
    if not isinstance(edition, dict):
        return None
    edition_id, version = edition.get("id"), edition.get("version")
    if isinstance(edition_id, str) and isinstance(version, int) and not isinstance(version, bool):
        return edition_id, version
    return None


def test_the_bundled_file_s_edition_is_read_from_its_head() -> None:
    bundled = paths.bundled_referential()
    assert read_edition(bundled) == _by_tomllib(bundled) is not None


KEYS = ["id", "version", "date", "schema", "edition", '"id"', "id.x", " id", "ïd"]
VALUES = [
    '"villes-pairs-2019"', '"Référentiel « 2019 »"', '""', "4", "0", "04", "+4", "-1", "1_0",
    "0x10", "99999999999999999999", "123456789012345678", "true", "'littéral'", '"a\\"b"',
    '"tab\there"', '"""long"""', '"x" # a comment', "4 # four", "[1, 2]", "{ a = 1 }", '"open',
    "4\x0c", '"\x7f"', "",
]  # fmt: skip
OTHER_LINES = [
    "", "   ", "\t", "# « commentaire » d’été", "#\tcomment", "# \x01", "[edition]", " [edition]\t",
    "[edition] # here", "[ edition ]", "[edition.sub]", "[[edition]]", "\ufeff# BOM", "\x0c", "é",
    "[provenance]", 'title = "after"',
]  # fmt: skip
LINE = st.one_of(
    st.sampled_from(OTHER_LINES),
    st.builds(
        lambda key, space, value: f"{key}{space}={space}{value}",
        st.sampled_from(KEYS),
        st.sampled_from(["", " ", "\t", "  "]),
        st.sampled_from(VALUES),
    ),
)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(LINE, max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_a_head_s_edition_is_what_tomllib_reads(
    tmp_path: Path, lines: list[str], newline: str
) -> None:
    path = tmp_path / "head.toml"
    path.write_bytes(newline.join(lines).encode("utf-8"))
    assert read_edition(path) == _by_tomllib(path)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.sampled_from(["", "# note", "schema = 1", 'date = "2019-03"']), max_size=4),
    st.text(st.characters(codec="utf-8", exclude_characters='"\\'), max_size=20),
    st.integers(min_value=0, max_value=10**18),
)
def test_a_plain_head_s_edition_is_read_whatever_its_text(
    tmp_path: Path, before: list[str], edition_id: str, version: int
) -> None:
    path = tmp_path / "plain.toml"
    lines = [*before, "[edition]", f'id = "{edition_id}"', f"version = {version}", "[nodes]"]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert read_edition(path) == _by_tomllib(path)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(LINE, max_size=3),
    st.sampled_from(VALUES),
    st.sampled_from(VALUES),
    st.lists(LINE, max_size=3),
)
def test_an_edition_s_odd_values_are_read_as_tomllib_reads_them(
    tmp_path: Path, before: list[str], edition_id: str, version: str, after: list[str]
) -> None:
    path = tmp_path / "odd.toml"
    lines = [*before, "[edition]", f"id = {edition_id}", f"version = {version}", *after]
    path.write_text("\n".join([*lines, "[nodes]"]), encoding="utf-8")
    assert read_edition(path) == _by_tomllib(path)
