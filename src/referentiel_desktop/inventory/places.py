"""Finding the territory a command names, as a reader would: « le mene » is Le Mené."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from referentiel_desktop.annotations import people
from referentiel_desktop.errors import UserError
from referentiel_desktop.safe_text import clean
from referentiel_desktop.store.models import Territory
from referentiel_desktop.text import fold


def require_territory(session: Session, name: str) -> Territory:
    """The live territory called ``name``; failing an exact match, the one whose name
    matches it case, accents and ligatures aside (when only one does)."""
    try:
        return people.require_territory(session, name)
    except UserError:
        wanted = fold(clean(name))
        live = session.scalars(select(Territory).where(Territory.deleted_at.is_(None)))
        found = [t for t in live if fold(t.name) == wanted]
        if len(found) == 1:
            return found[0]
        raise
