"""Presets: a booklet's definition saved under a name, in SQLite, reused with a new date."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from referentiel_desktop.booklet.options import BookletOptions
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.referential.snapshot import read_nodes
from referentiel_desktop.safe_text import clean
from referentiel_desktop.store.models import BookletPreset, utcnow
from referentiel_desktop.workspace import Workspace


@dataclass(frozen=True)
class PresetView:
    name: str
    options: BookletOptions


def save_preset(workspace: Workspace, name: str, options: BookletOptions) -> PresetView:
    """Save ``options`` under ``name``, replacing a preset of that name."""
    label = clean(name)
    if not label:
        raise UserError(_("A preset needs a name."))
    options.require_selection()
    # Here: listing presets needs none of the content (notes, cases, the inventory).
    from referentiel_desktop.booklet.content import expand_selection

    expand_selection(read_nodes(workspace.db_path) or [], options.selection)  # known ids only
    with workspace.transaction() as session:
        preset = session.scalars(select(BookletPreset).where(BookletPreset.name == label)).first()
        if preset is None:
            preset = BookletPreset(name=label, definition_json="{}")
            session.add(preset)
        preset.definition_json = options.dumps()
        preset.updated_at = utcnow()
        preset.deleted_at = None
        session.flush()
    return PresetView(label, options)


def list_presets(workspace: Workspace) -> list[PresetView]:
    query = select(BookletPreset).where(BookletPreset.deleted_at.is_(None))
    with workspace.reading() as session:
        rows = [(p.name, p.definition_json) for p in session.scalars(query)]
    views: list[PresetView] = []
    for name, definition in rows:
        try:
            views.append(PresetView(name, BookletOptions.from_preset(definition)))
        except UserError:
            # An older version's import let a definition of the wrong types in: it must
            # not hide every other preset. Saving a preset under its name replaces it.
            continue
    return sorted(views, key=lambda v: v.name.casefold())


def load_preset(workspace: Workspace, name: str) -> BookletOptions:
    label = clean(name)
    for preset in list_presets(workspace):
        if preset.name == label:
            return preset.options
    known = ", ".join(p.name for p in list_presets(workspace)) or _("none yet")
    raise UserError(
        _("No booklet preset is named {name} (saved presets: {known}).").format(
            name=repr(label), known=known
        )
    )
