"""The meeting mode's slides, without Qt (issue 20): the map, each theme with its
balises, each balise with its key words; a preset as it would print, team only."""

from __future__ import annotations

from typing import Any

from referentiel_desktop.annotations.notes import add_note
from referentiel_desktop.booklet.content import gather
from referentiel_desktop.booklet.options import BookletOptions
from referentiel_desktop.presentation import booklet_slides, referential_slides, start_at
from referentiel_desktop.referential.snapshot import read_nodes


def test_the_referential_is_the_map_then_each_theme_then_its_balises(workspace: Any) -> None:
    nodes = read_nodes(workspace.db_path) or []
    slides = referential_slides(nodes, ("fr",))
    assert slides[0].kind == "map" and slides[0].titles == ("Carte du référentiel",)
    kinds = [s.kind for s in slides]
    assert kinds.count("theme") == 4 and kinds.count("balise") == 23
    theme = slides[1]
    balises_of_theme = [s for s in slides if s.kind == "balise" and s.theme_id == theme.theme_id]
    assert len(theme.points) == len(balises_of_theme)  # a theme lists its balises
    b3 = slides[start_at(slides, "engagement.b3")]
    assert b3.titles[0].startswith("Balise 3 — ") and b3.keywords[0]
    assert b3.heading.startswith("4. ")  # the theme it belongs to
    both = referential_slides(nodes, ("fr", "en"))
    assert both[start_at(both, "engagement.b3")].titles[1].startswith("Beacon 3 — ")
    assert start_at(slides, "nowhere") == 0


def test_a_preset_shows_team_notes_and_questions_never_private_ones(workspace: Any) -> None:
    add_note(workspace, "engagement.b3", "Partagée « avec l’équipe »")
    add_note(workspace, "engagement.b3", "Seulement pour moi", private=True)
    options = BookletOptions(
        selection=("engagement.b3",), questions=(("engagement.b3", "Et chez nous ?"),)
    )
    slides = booklet_slides(gather(workspace, options.replace(private=True)), ("fr",))
    text = " ".join(" ".join(s.titles + s.points) for s in slides)
    assert "Partagée « avec l’équipe »" in text and "Et chez nous ?" in text
    assert "Seulement pour moi" not in text  # even when the preset asked for private ones
    quiet = booklet_slides(gather(workspace, options.replace(notes=False)), ("fr",))
    assert not [s for s in quiet if s.kind == "team"]  # none unless chosen
