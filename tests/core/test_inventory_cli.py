"""The territory inventory through the command line: answers over dated assessments,
comparison, the support path, links to balises, and bad input refused unchanged."""

from __future__ import annotations

from typing import Any

import pytest

from referentiel_desktop.inventory import links, overview
from referentiel_desktop.inventory.scale import POSITIONS, position_label
from referentiel_desktop.workspace import Workspace


@pytest.fixture
def territory(cli: Any) -> str:
    assert cli("territory", "add", "Le Mené", "--code", "22").code == 0
    return "Le Mené"


def _set(cli: Any, *args: str) -> Any:
    result = cli("inventory", "set", "--territory", "Le Mené", *args)
    assert result.code == 0, result.err
    return result


def test_show_lists_every_question_with_its_position_and_answer(cli: Any, territory: str) -> None:
    _set(cli, "--question", "inventory.q7", "--position", "emerging",
         "--text", "Un conseil citoyen « à l’essai » : œuvre collective",
         "--evidence", "Compte rendu du 3 mars", "--date", "2025-03-14",
         "--author", "Élise Durand")  # fmt: skip
    shown = cli("inventory", "show", "--territory", "Le Mené", "--json").json()
    assert shown["date"] == "2025-03-14" and shown["dates"] == ["2025-03-14"]
    assert [a["question"] for a in shown["answers"]] == [f"inventory.q{n}" for n in range(1, 21)]
    q7 = shown["answers"][6]
    assert q7["position"] == "emerging"
    assert q7["text"] == "Un conseil citoyen « à l’essai » : œuvre collective"
    assert q7["evidence"] == "Compte rendu du 3 mars" and q7["author"] == "Élise Durand"
    assert q7["title"]["fr"].startswith("existe-t-il une tradition d’association des citoyens")
    assert {a["position"] for a in shown["answers"] if a["question"] != "inventory.q7"} == {None}
    text = cli("inventory", "show", "--territory", "Le Mené").out
    assert "inventory.q7" in text and "emerging" in text and "« à l’essai »" in text


def test_setting_again_keeps_what_is_not_given(cli: Any, territory: str) -> None:
    day = ("--date", "2026-01-05")
    _set(cli, "--question", "inventory.q1", "--position", "not-yet", "--text", "Rien", *day)
    _set(cli, "--question", "inventory.q1", "--position", "emerging", "--evidence", "Étude", *day)
    answer = cli("inventory", "show", "--territory", "Le Mené", "--json").json()["answers"][0]
    assert (answer["position"], answer["text"], answer["evidence"]) == ("emerging", "Rien", "Étude")


def test_compare_shows_what_moved_between_two_assessments(cli: Any, territory: str) -> None:
    for question, position in (("q1", "not-yet"), ("q2", "emerging"), ("q3", "established"),
                               ("q4", "unknown")):  # fmt: skip
        _set(cli, "--question", f"inventory.{question}", "--position", position,
             "--date", "2025-03-14")  # fmt: skip
    assert cli("inventory", "new", "--territory", "le mene", "--date", "2026-03-20",
               "--copy-previous").code == 0  # fmt: skip
    _set(cli, "--question", "inventory.q1", "--position", "emerging", "--date", "2026-03-20")
    _set(cli, "--question", "inventory.q3", "--position", "emerging", "--date", "2026-03-20")
    _set(cli, "--question", "inventory.q2", "--position", "emerging", "--text", "Plus fort",
         "--date", "2026-03-20")  # fmt: skip
    _set(cli, "--question", "inventory.q9", "--position", "established", "--date", "2026-03-20")
    result = cli("inventory", "compare", "--territory", "Le Mené", "2026-03-20", "2025-03-14",
                 "--json")  # fmt: skip
    assert result.code == 0, result.err
    data = result.json()
    assert (data["before"], data["after"]) == ("2025-03-14", "2026-03-20")
    assert data["moved"] == ["inventory.q1", "inventory.q3", "inventory.q9"]
    by_id = {q["question"]: q for q in data["questions"]}
    assert by_id["inventory.q1"]["movement"] == "forward"
    assert by_id["inventory.q3"]["movement"] == "back"
    assert (
        by_id["inventory.q9"]["movement"] == "changed" and by_id["inventory.q9"]["before"] is None
    )
    assert by_id["inventory.q4"] == {**by_id["inventory.q4"], "moved": False, "after": "unknown"}
    assert not by_id["inventory.q2"]["moved"] and by_id["inventory.q2"]["text_changed"]
    assert data["movements"] == {"same": 17, "forward": 1, "back": 1, "changed": 1}
    text = cli("inventory", "compare", "--territory", "Le Mené", "2025-03-14", "2026-03-20").out
    assert "↑ inventory.q1" in text and "↓ inventory.q3" in text and "3 questions moved." in text


def test_support_path_keeps_its_steps_and_says_since_when(cli: Any, territory: str) -> None:
    empty = cli("inventory", "path", "--territory", "Le Mené", "--json").json()
    assert empty == {"territory": "Le Mené", "current": None, "steps": []}
    for scenario, since in (("support.s1", "2024-09-01"), ("support.s2", "2025-02-01")):
        result = cli("inventory", "path", "--territory", "Le Mené", "--scenario", scenario,
                     "--since", since)  # fmt: skip
        assert result.code == 0, result.err
    data = cli("inventory", "path", "--territory", "Le Mené", "--json").json()
    assert data["current"]["scenario"] == "support.s2" and data["current"]["since"] == "2025-02-01"
    assert [s["scenario"] for s in data["steps"]] == ["support.s1", "support.s2"]
    text = cli("inventory", "path", "--territory", "Le Mené", "--lang", "fr").out
    assert "support.s2" in text and "Dresser ensemble un état des lieux" in text


def test_links_lead_from_questions_to_balises_and_back(
    cli: Any, territory: str, workspace: Workspace
) -> None:
    for balise in ("engagement.b3", "cooperation.b2"):
        assert cli("inventory", "link", "--question", "inventory.q7", "--balise", balise).code == 0
    assert cli("inventory", "link", "--question", "inventory.q2", "--balise",
               "engagement.b3").code == 0  # fmt: skip
    listed = cli("inventory", "links", "--question", "inventory.q7", "--json").json()
    assert [item["balise"] for item in listed] == ["engagement.b3", "cooperation.b2"]
    linked = links.questions_linked_to(workspace, "engagement.b3")
    assert [q.id for q in linked] == ["inventory.q2", "inventory.q7"]
    assert cli("inventory", "unlink", "--question", "inventory.q7", "--balise",
               "engagement.b3").code == 0  # fmt: skip
    assert [q.id for q in links.questions_linked_to(workspace, "engagement.b3")] == ["inventory.q2"]
    assert links.questions_linked_to(workspace, "ch1") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--question", "inventory.q21", "--position", "emerging"), "Unknown question"),
        (("--question", "engagement.b3", "--position", "emerging"), "Unknown question"),
        (("--question", "inventory.q2", "--position", "great"), "Unknown position: great"),
        (("--question", "inventory.q2", "--position", "emerging", "--date", "14/03/2026"),
         "YYYY-MM-DD"),
        (("--question", "inventory.q2", "--position", "emerging", "--date", "2026-02-30"),
         "no such day: 2026-02-30"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_changes_nothing(
    cli: Any, territory: str, args: tuple[str, ...], message: str
) -> None:
    _set(cli, "--question", "inventory.q1", "--position", "established", "--date", "2025-01-01")
    before = cli("inventory", "show", "--territory", "Le Mené", "--json").out
    result = cli("inventory", "set", "--territory", "Le Mené", *args)
    assert result.code == 1 and message in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert cli("inventory", "show", "--territory", "Le Mené", "--json").out == before
    assert cli("inventory", "show", "--territory", "Le Mené", "--json").json()["dates"] == [
        "2025-01-01"
    ]


def test_unknown_territory_scenario_balise_and_day_are_refused(cli: Any, territory: str) -> None:
    cases = [
        (("set", "--territory", "Lens", "--question", "inventory.q1", "--position", "emerging"),
         "Unknown territory: Lens"),
        (("path", "--territory", "Le Mené", "--scenario", "support.s9"),
         "Unknown support scenario: support.s9"),
        (("link", "--question", "inventory.q1", "--balise", "ch1"), "is not a beacon"),
        (("link", "--question", "inventory.q1", "--balise", "nowhere.b9"), "nowhere.b9"),
        (("show", "--territory", "Le Mené", "--date", "2020-01-01"), "no assessment dated"),
        (("compare", "--territory", "Le Mené", "2020-01-01", "2020-01-01"), "two different"),
        (("new", "--territory", "Le Mené", "--date", "2025-01-01"), None),
        (("new", "--territory", "Le Mené", "--date", "2025-01-01"), "already has"),
    ]  # fmt: skip
    for args, message in cases:
        result = cli("inventory", *args)
        if message is None:
            assert result.code == 0, result.err
            continue
        assert result.code == 1 and message in result.err, (args, result.err)
    assert cli("inventory", "path", "--territory", "Le Mené", "--json").json()["steps"] == []
    assert cli("inventory", "links", "--json").json() == []


def test_overview_counts_positions_for_a_chart(
    cli: Any, territory: str, workspace: Workspace
) -> None:
    _set(cli, "--question", "inventory.q1", "--position", "emerging", "--date", "2025-03-14")
    _set(cli, "--question", "inventory.q1", "--position", "established", "--date", "2026-03-14")
    _set(cli, "--question", "inventory.q2", "--position", "unknown", "--date", "2026-03-14")
    found = overview.overview(workspace, "Le Mené")
    assert [d.isoformat() for d in found.dates] == ["2025-03-14", "2026-03-14"]
    assert found.rows[0].positions == ("emerging", "established")
    assert found.counts[1] == {"not-yet": 0, "emerging": 0, "established": 1, "unknown": 1,
                               "unanswered": 18}  # fmt: skip
    assert found.moved == ("inventory.q1", "inventory.q2")
    assert cli("inventory", "overview", "--territory", "Le Mené", "--json").json()["moved"] == [
        "inventory.q1", "inventory.q2"
    ]  # fmt: skip


def test_position_labels_read_well_in_both_languages() -> None:
    assert [position_label(p, "fr") for p in POSITIONS] == [
        "Pas encore", "En émergence", "En place", "Ne sait pas"
    ]  # fmt: skip
    assert [position_label(p, "en") for p in POSITIONS] == [
        "Not yet", "Emerging", "Established", "Don't know"
    ]  # fmt: skip
    assert position_label(None, "fr") == "Sans réponse"


def test_answers_carry_revisions_and_are_logged(workspace: Workspace) -> None:
    from referentiel_desktop.annotations.people import add_territory
    from referentiel_desktop.inventory.answers import set_answer

    add_territory(workspace, "Loos-en-Gohelle")
    seq = workspace.latest_seq()
    first = set_answer(workspace, "Loos-en-Gohelle", "inventory.q11", "emerging", day="2026-01-02")
    again = set_answer(workspace, "Loos-en-Gohelle", "inventory.q11", "established",
                       day="2026-01-02")  # fmt: skip
    assert first.id == again.id and first.rev and again.rev
    assert first.rev.startswith("1-") and again.rev.startswith("2-")
    _seq, changes = workspace.changes_since(seq)
    kinds = {change.kind: change.ids for change in changes}
    assert kinds["inventory_answer"] == {first.id}
    assert "inventory_assessment" in kinds


def test_an_assessment_deleted_can_be_restored_with_its_answers(cli: Any, territory: str) -> None:
    _set(cli, "--question", "inventory.q4", "--position", "emerging", "--text", "Un « lieu »",
         "--date", "2025-06-01")  # fmt: skip
    _set(cli, "--question", "inventory.q4", "--position", "established", "--date", "2026-06-01")
    assert cli("inventory", "delete", "--territory", "Le Mené", "--date", "2026-06-01").code == 0
    shown = cli("inventory", "show", "--territory", "Le Mené", "--json").json()
    assert shown["dates"] == ["2025-06-01"] and shown["answers"][3]["position"] == "emerging"
    refused = cli("inventory", "delete", "--territory", "Le Mené", "--date", "2026-06-01")
    assert refused.code == 1 and "no assessment dated 2026-06-01" in refused.err
    assert cli("inventory", "restore", "--territory", "Le Mené", "--date", "2026-06-01").code == 0
    shown = cli("inventory", "show", "--territory", "Le Mené", "--json").json()
    assert shown["dates"] == ["2025-06-01", "2026-06-01"]
    assert shown["answers"][3]["position"] == "established"


def test_a_territory_never_assessed_shows_every_question_unanswered(cli: Any) -> None:
    assert cli("territory", "add", "Égleny").code == 0
    shown = cli("inventory", "show", "--territory", "EGLENY", "--json").json()
    assert shown["territory"] == "Égleny" and shown["date"] is None and shown["dates"] == []
    assert len(shown["answers"]) == 20 and {a["position"] for a in shown["answers"]} == {None}
    assert cli("inventory", "show", "--territory", "egleny").out.startswith(
        "Égleny has not been assessed yet."
    )
