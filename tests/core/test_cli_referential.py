"""The referential through the command line: list, show, load another edition."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from referentiel_desktop import __version__

MINI = Path(__file__).parent / "data" / "mini.toml"


def test_version(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("--version")
    assert result.code == 0
    assert __version__ in result.out


def test_list_prints_every_node_with_kind_title_parent(cli) -> None:  # type: ignore[no-untyped-def]
    rows = cli("list", "--json", "--lang", "fr").json()
    by_id = {r["id"]: r for r in rows}
    assert set(rows[0]) == {"id", "kind", "title", "parent"}
    assert by_id["engagement.b3"] == {
        "id": "engagement.b3",
        "kind": "balise",
        "title": "Créer les conditions de la confiance",
        "parent": "engagement",
    }
    assert sum(r["kind"] == "balise" for r in rows) == 23
    assert by_id["engagement"]["parent"] is None


def test_list_filters_by_kind_and_speaks_english(cli) -> None:  # type: ignore[no-untyped-def]
    themes = cli("list", "--kind", "theme", "--lang", "en", "--json").json()
    assert [t["id"] for t in themes] == ["engagement", "integration", "cooperation", "value"]
    balises = cli("list", "--kind", "balise", "--lang", "en", "--json").json()
    assert {b["id"]: b["title"] for b in balises}["engagement.b3"] == (
        "Creating the conditions for trust"
    )
    assert len(cli("list", "--kind", "question", "--json").json()) == 20


def test_list_as_text(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("list", "--kind", "balise", "--lang", "fr")
    assert result.code == 0
    assert "engagement.b3" in result.out and "Créer les conditions de la confiance" in result.out


def test_show_gives_body_keywords_parent_children(cli) -> None:  # type: ignore[no-untyped-def]
    theme = cli("show", "engagement", "--json", "--lang", "fr").json()
    assert theme["kind"] == "theme"
    assert theme["parent"] is None
    assert "engagement.b1" in theme["children"] and "engagement.m1" in theme["children"]
    balise = cli("show", "engagement.b3", "--json", "--lang", "fr").json()
    assert {"id", "kind", "title", "body", "keywords", "parent", "children"} <= set(balise)
    assert balise["parent"] == "engagement"
    assert any("CONFIANCE" in k.upper() for k in balise["keywords"])


def test_show_unknown_id_fails_and_suggests(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("show", "engagment.b3")
    assert result.code != 0
    assert result.out == ""
    assert "engagment.b3" in result.err
    assert "engagement.b3" in result.err


def test_show_as_text_in_french(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("show", "integration.b3", "--lang", "fr")
    assert result.code == 0
    assert "Progresser par sauts systémiques" in result.out


def _count_nodes(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "referentiel.sqlite3") as conn:
        return int(conn.execute("SELECT count(*) FROM node WHERE retired = 0").fetchone()[0])


def test_load_refuses_a_bad_file_and_changes_nothing(cli, data_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cli("list")
    before = _count_nodes(data_dir)
    bad = tmp_path / "bad.toml"
    bad.write_text(
        MINI.read_text(encoding="utf-8").replace('parent = "engagement"', 'parent = "nowhere"', 1),
        encoding="utf-8",
    )
    result = cli("referential", "load", str(bad))
    assert result.code == 1
    assert "nowhere" in result.err
    assert _count_nodes(data_dir) == before
    broken = tmp_path / "broken.toml"
    broken.write_text("schema = 1\n[edition\n", encoding="utf-8")
    result = cli("referential", "load", str(broken))
    assert result.code == 1 and "TOML" in result.err
    missing = cli("referential", "load", str(tmp_path / "absent.toml"))
    assert missing.code == 1
    assert _count_nodes(data_dir) == before


def test_load_another_edition_keeps_ids_users_attach_to(cli, data_dir) -> None:  # type: ignore[no-untyped-def]
    cli("list")
    result = cli("referential", "load", str(MINI))
    assert result.code == 0, result.err
    assert "mini" in result.out
    ids = [r["id"] for r in cli("list", "--json").json()]
    assert ids == ["engagement", "engagement.b1", "engagement.b2"]
    with sqlite3.connect(data_dir / "referentiel.sqlite3") as conn:
        retired = conn.execute("SELECT count(*) FROM node WHERE retired = 1").fetchone()[0]
        assert retired > 0  # kept, not deleted: notes attached to them stay valid
        assert conn.execute("SELECT id FROM node WHERE id = 'value.b6'").fetchone() is not None


def test_python_dash_m_runs_the_command_line(data_dir: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "referentiel_desktop",
            "--data-dir",
            str(data_dir),
            "show",
            "cooperation.b4",
            "--lang",
            "fr",
            "--json",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert result.returncode == 0, result.stderr
    assert "Manager (par) la coopération" in result.stdout


def test_show_marks_translations_and_gives_the_seed_form(cli: Any) -> None:
    english = cli("show", "inventory", "--lang", "en")
    assert english.code == 0
    first_lines = english.out.splitlines()
    assert first_lines[1].endswith("†")  # the project's own title, marked
    assert "† Translated for this application" in english.out
    assert "See: support.s2" in english.out
    french = cli("show", "support.s1", "--lang", "fr", "--json").json()
    assert french["translated"] == ["title.fr", "body.fr"]
    heading = cli("show", "ch8", "--lang", "fr", "--json").json()
    assert heading["title"] == "Changer d’échelle, transférer à d’autres territoires"
    assert heading["source"] == {"title": "CHANGER D’ECHELLE, TRANSFERER A D’AUTRESTERRITOIRES"}
    plain = cli("show", "engagement.b1", "--lang", "fr")
    assert "†" not in plain.out and "As the source prints it" not in plain.out
