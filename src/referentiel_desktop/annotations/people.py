"""Authors (the team's members) and territories (the places the team works with)."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from referentiel_desktop.annotations.views import (
    AuthorView,
    TerritoryView,
    author_view,
    territory_view,
)
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.safe_text import clean
from referentiel_desktop.store.models import Author, Case, Setting, Territory, utcnow
from referentiel_desktop.text import fold, name_key
from referentiel_desktop.workspace import Workspace

DEFAULT_AUTHOR_KEY = "default_author"


def initials_of(name: str) -> str:
    return "".join(part[0] for part in name.replace("-", " ").split() if part)[:3].upper()


def _find_author(session: Session, name: str) -> Author | None:
    return session.scalar(select(Author).where(Author.name == name))


def _login_name() -> str:
    import getpass  # here: only a first note with no author set asks the system

    return getpass.getuser()


def ensure_author(session: Session, name: str | None) -> Author:
    """The author called ``name``, added to the team the first time it is seen.

    With no name: the default author, else the system user (added too)."""
    wanted = clean(name)
    if not wanted:
        setting = session.get(Setting, DEFAULT_AUTHOR_KEY)
        wanted = setting.value if setting else clean(_login_name()) or "?"
    author = _find_author(session, wanted)
    if author is None:
        author = Author(name=wanted, initials=initials_of(wanted))
        session.add(author)
        session.flush()
    return author


def add_author(workspace: Workspace, name: str, initials: str | None = None) -> AuthorView:
    name = clean(name)
    if not name:
        raise UserError(_("An author needs a name."))
    with workspace.transaction() as session:
        if _find_author(session, name) is not None:
            raise UserError(_("{name} is already a member of the team.").format(name=name))
        author = Author(name=name, initials=clean(initials) or initials_of(name))
        session.add(author)
        session.flush()
        view = author_view(author)
    return view


def list_authors(workspace: Workspace) -> list[AuthorView]:
    with workspace.reading() as session:
        query = select(Author).where(Author.deleted_at.is_(None)).order_by(Author.name)
        return [author_view(a) for a in session.scalars(query)]


def set_default_author(workspace: Workspace, name: str) -> AuthorView:
    """Who is using the application: the author of what is written without a name."""
    with workspace.transaction() as session:
        author = ensure_author(session, name)
        setting = session.get(Setting, DEFAULT_AUTHOR_KEY)
        if setting is None:
            session.add(Setting(key=DEFAULT_AUTHOR_KEY, value=author.name))
        else:
            setting.value = author.name
        view = author_view(author)
    return view


def default_author(workspace: Workspace) -> str | None:
    with workspace.reading() as session:
        setting = session.get(Setting, DEFAULT_AUTHOR_KEY)
        return setting.value if setting else None


def add_territory(
    workspace: Workspace, name: str, code: str = "", description: str = ""
) -> TerritoryView:
    name = clean(name)
    if not name:
        raise UserError(_("A territory needs a name."))
    with workspace.transaction() as session:
        if session.scalar(select(Territory).where(Territory.name == name)) is not None:
            raise UserError(_("The territory {name} already exists.").format(name=name))
        territory = Territory(name=name, code=clean(code), description=clean(description))
        session.add(territory)
        session.flush()
        view = territory_view(territory)
    return view


def list_territories(workspace: Workspace) -> list[TerritoryView]:
    """In reading order (« Égleny » beside « Eaunes », not after « Zuydcoote »)."""
    with workspace.reading() as session:
        query = select(Territory).where(Territory.deleted_at.is_(None))
        views = [territory_view(t) for t in session.scalars(query)]
    return sorted(views, key=lambda v: name_key(v.name))


def edit_territory(
    workspace: Workspace,
    name: str,
    *,
    new_name: str | None = None,
    code: str | None = None,
    description: str | None = None,
) -> TerritoryView:
    """Change what is given; a new name must be free. The territory's cases are touched
    (``updated_at``) so that search and the team exchange see the new name."""
    with workspace.transaction() as session:
        territory = require_territory(session, name)
        if new_name is not None:
            wanted = clean(new_name)
            if not wanted:
                raise UserError(_("A territory needs a name."))
            taken = session.scalar(select(Territory).where(Territory.name == wanted))
            if taken is not None and taken.id != territory.id:
                raise UserError(_("The territory {name} already exists.").format(name=wanted))
            territory.name = wanted
        if code is not None:
            territory.code = clean(code)
        if description is not None:
            territory.description = clean(description)
        now = utcnow()
        territory.updated_at = now
        case_ids = list(session.scalars(select(Case.id).where(Case.territory_id == territory.id)))
        if case_ids:
            session.execute(update(Case).where(Case.id.in_(case_ids)).values(updated_at=now))
        session.flush()
        view = territory_view(territory)
    return view


def ids_named(session: Session, model: type[Author] | type[Territory], name: str) -> list[str]:
    """The live authors or territories called ``name``, whatever its case, accents and
    ligatures (« le mene » is « Le Mené »); the exact spelling first."""
    wanted = clean(name)
    rows = session.execute(select(model.id, model.name).where(model.deleted_at.is_(None))).all()
    exact = [row_id for row_id, row_name in rows if row_name == wanted]
    return exact or [row_id for row_id, row_name in rows if fold(row_name) == fold(wanted)]


def require_territory(session: Session, name: str) -> Territory:
    """The live territory called ``name`` (as :func:`ids_named` matches it), else a
    message that lists the known ones and says how to add it."""
    wanted = clean(name)
    found = ids_named(session, Territory, wanted)
    if len(found) != 1:
        live = select(Territory.name).where(Territory.deleted_at.is_(None))
        known = ", ".join(sorted(session.scalars(live), key=name_key))
        message = _("Unknown territory: {name}.").format(name=wanted)
        if known:
            message += " " + _("Known territories: {names}.").format(names=known)
        hint = _('Add it with: territory add "{name}"').format(name=wanted)
        raise UserError(f"{message} {hint}")
    return session.scalars(select(Territory).where(Territory.id == found[0])).one()
