"""The About box names the three licences that ship with the program, in both languages,
and the files it names are shipped."""

from __future__ import annotations

from typing import Any

import pytest

from referentiel_desktop import i18n
from referentiel_desktop.resources import resources_dir

GPL = {
    "fr": "licence publique générale GNU, version 3 ou ultérieure",
    "en": "GNU General Public License, version 3 or later",
}


@pytest.mark.parametrize(
    ("lang", "words"),
    [(lang, (gpl, "Creative Commons BY-NC-ND", "DejaVu")) for lang, gpl in GPL.items()],
)
def test_the_about_box_names_the_licences(qapp: Any, lang: str, words: tuple[str, ...]) -> None:
    from referentiel_desktop.gui.window.about_dialog import AboutDialog

    i18n.set_language(lang)
    try:
        dialog = AboutDialog({}, lang)
        text = dialog.text.toPlainText()
        for word in words:
            assert word in text
        assert "resources/referential/LICENSE.txt" in text
    finally:
        i18n.set_language("en")
    assert (resources_dir() / "referential" / "LICENSE.txt").is_file()
    assert (resources_dir() / "fonts" / "LICENSE-DejaVu.txt").is_file()
