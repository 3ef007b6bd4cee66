"""The window's own arguments: the ordinary starts are read without building argparse's
parser (before the first paint), and must read exactly as the parser reads them."""

from __future__ import annotations

import pytest

from referentiel_desktop.gui.app import gui_argument_parser, parse_gui_arguments

ARGUMENTS = [
    [],
    ["--data-dir", "/tmp/équipe « Brest »"],
    ["--data-dir", "relative/folder"],
    ["--data-dir", ""],
    ["--data-dir", "-looks-like-an-option"],
    ["--data-dir=/tmp/x"],
    ["--data", "/tmp/x"],
    ["--data-dir", "/tmp/x", "--lang", "fr"],
    ["--data-dir", "/tmp/x", "De Bruno.rdbundle"],
    ["--present"],
    ["--present", "engagement.b3", "--lang", "both"],
    ["-platform", "offscreen"],
]


@pytest.mark.parametrize("argv", ARGUMENTS, ids=lambda argv: " ".join(argv) or "(none)")
def test_each_start_reads_as_the_parser_reads_it(argv: list[str]) -> None:
    try:
        expected = gui_argument_parser().parse_known_args(argv)
    except SystemExit:
        with pytest.raises(SystemExit):
            parse_gui_arguments(argv)
        return
    assert parse_gui_arguments(argv) == expected


def test_a_data_folder_alone_is_read_without_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    from referentiel_desktop.gui import app

    def refuse() -> None:
        raise AssertionError("the parser was built")

    monkeypatch.setattr(app, "gui_argument_parser", refuse)
    args, qt_args = parse_gui_arguments(["--data-dir", "/tmp/œuvre"])
    assert (args.data_dir, args.present, args.lang, args.bundle, qt_args) == (
        "/tmp/œuvre", None, None, None, []
    )  # fmt: skip
