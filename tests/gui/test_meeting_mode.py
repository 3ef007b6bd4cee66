"""The meeting mode (issue 20): the referential or a booklet preset, full screen, in large
type, one thing at a time; the keys of presentation programs; never a private note."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from referentiel_desktop.__main__ import _has_subcommand
from referentiel_desktop.annotations.notes import add_note
from referentiel_desktop.booklet.options import BookletOptions
from referentiel_desktop.booklet.presets import save_preset
from referentiel_desktop.gui.app import parse_gui_arguments


def test_f5_shows_the_page_full_screen_and_the_keys_move_on(window: Any, qtbot: Any) -> None:
    window.set_language("fr")
    window.open_node("engagement.b3")
    qtbot.keyClick(window, Qt.Key.Key_F5)
    screen = window.meeting.screen
    assert screen is not None and screen.isFullScreen()
    qtbot.waitExposed(screen)
    assert screen.slide.node_id == "engagement.b3"
    assert screen.slide.titles[0].startswith("Balise 3 — ")
    assert screen.accessibleName().startswith("Balise 3 — ")  # what a screen reader says
    qtbot.keyClick(screen, Qt.Key.Key_PageDown)  # a presenter remote's "next"
    assert screen.slide.node_id == "engagement.b4"
    qtbot.keyClick(screen, Qt.Key.Key_Left)
    qtbot.keyClick(screen, Qt.Key.Key_Left)
    assert screen.slide.node_id == "engagement.b2"
    qtbot.keyClick(screen, Qt.Key.Key_B)
    image = screen.grab().toImage()
    assert {image.pixelColor(x, y).name() for x in (0, 200, 400) for y in (0, 150, 300)} == {
        "#000000"
    }
    qtbot.keyClick(screen, Qt.Key.Key_B)
    assert screen.grab().toImage().pixelColor(5, 5).name() != "#000000"
    qtbot.keyClick(screen, Qt.Key.Key_Home)
    assert screen.slide.kind == "map"
    qtbot.keyClick(screen, Qt.Key.Key_End)
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert window.meeting.screen is None and not screen.isVisible()
    assert window.current_node_id() == screen.slide.node_id  # the window shows the last one


def test_type_is_large_enough_for_the_back_of_the_room(window: Any, qtbot: Any) -> None:
    screen = window.meeting.start()
    screen.showNormal()
    screen.resize(1920, 1080)
    assert screen.title_pixels() >= 48 and screen.text_pixels() >= 28
    screen.resize(1280, 720)  # scaled to the screen
    assert screen.title_pixels() < 48
    screen.close()


def test_side_by_side_shows_both_languages(window: Any) -> None:
    window.set_language("fr")
    window.side_by_side_action.setChecked(True)
    screen = window.meeting.start("engagement.b3")
    assert len(screen.slide.titles) == 2
    assert screen.slide.titles[0].startswith("Balise") and screen.slide.titles[1].startswith(
        "Beacon"
    )
    screen.close()


def test_a_preset_is_presented_as_it_would_print_without_private_notes(
    window: Any, qtbot: Any
) -> None:
    workspace = window.workspace
    add_note(workspace, "engagement.b3", "Vue par l’équipe « œuvre »")
    add_note(workspace, "engagement.b3", "Secret de la consultante", private=True)
    options = BookletOptions(
        selection=("engagement.b3",), private=True,
        questions=(("engagement.b3", "Qui porte la confiance ?"),),
    )  # fmt: skip
    save_preset(workspace, "Conseil du 3 décembre", options)
    screen = window.meeting.present_preset("Conseil du 3 décembre")
    assert screen is not None
    shown = " ".join(" ".join(s.titles + s.points) for s in screen.slides)
    assert "Vue par l’équipe « œuvre »" in shown
    assert "Qui porte la confiance ?" in shown
    assert "Secret" not in shown
    screen.close()


def test_present_on_the_command_line_opens_the_window() -> None:
    assert not _has_subcommand(["--present"])
    assert not _has_subcommand(["--present", "engagement.b3", "--lang", "both"])
    assert _has_subcommand(["search", "confiance"])
    args, _rest = parse_gui_arguments(["--present", "engagement.b3", "--lang", "both"])
    assert args.present == "engagement.b3" and args.lang == "both"
    assert parse_gui_arguments(["--present"])[0].present == "home"
