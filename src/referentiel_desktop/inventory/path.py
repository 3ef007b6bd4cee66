"""Where a territory stands on the support path (``support.s1``…``support.s6``), and
since when: each step is kept, so the path reads as a history."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from referentiel_desktop.annotations.people import ensure_author
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.inventory.places import require_territory
from referentiel_desktop.inventory.scale import parse_day
from referentiel_desktop.inventory.views import Stage, SupportPath
from referentiel_desktop.safe_text import clean
from referentiel_desktop.store.models import InventoryStage, Node, Territory, utcnow
from referentiel_desktop.workspace import Workspace


def scenario_list(session: Session) -> list[Node]:
    query = select(Node).where(Node.kind == "scenario", Node.retired == 0)
    return list(session.scalars(query.order_by(Node.position, Node.id)))


def require_scenario(session: Session, scenario_id: str) -> Node:
    wanted = clean(scenario_id)
    node = session.get(Node, wanted)
    if node is None or node.kind != "scenario" or node.retired:
        known = ", ".join(n.id for n in scenario_list(session))
        message = _("Unknown support scenario: {id}. Scenarios: {known}.")
        raise UserError(message.format(id=wanted, known=known))
    return node


def _stage(row: InventoryStage, territory: Territory, node: Node) -> Stage:
    number = int(node.number) if node.number.isdigit() else node.position
    return Stage(
        row.id, territory.name, node.id, number, node.title_fr, node.title_en,
        date.fromisoformat(row.since), row.author.name,
    )  # fmt: skip


def _steps(session: Session, territory: Territory) -> tuple[Stage, ...]:
    query = (
        select(InventoryStage, Node)
        .join(Node, Node.id == InventoryStage.scenario_id)
        .where(InventoryStage.territory_id == territory.id, InventoryStage.deleted_at.is_(None))
        .order_by(InventoryStage.since, InventoryStage.created_at)
    )
    return tuple(_stage(row, territory, node) for row, node in session.execute(query))


def support_path(workspace: Workspace, territory: str) -> SupportPath:
    with workspace.reading() as session:
        place = require_territory(session, territory)
        return SupportPath(place.name, _steps(session, place))


def set_stage(
    workspace: Workspace,
    territory: str,
    scenario: str,
    since: str | date | None = None,
    *,
    author: str | None = None,
) -> SupportPath:
    """From ``since`` (today by default) ``territory`` stands at ``scenario``. A step on
    the same day replaces that day's; earlier steps stay as the path's history."""
    when = parse_day(since)
    with workspace.transaction() as session:
        place = require_territory(session, territory)
        node = require_scenario(session, scenario)
        signer = ensure_author(session, author)
        row = session.scalar(
            select(InventoryStage).where(
                InventoryStage.territory_id == place.id,
                InventoryStage.since == when.isoformat(),
            )
        )
        if row is None:
            row = InventoryStage(territory_id=place.id, since=when.isoformat())
            session.add(row)
        row.scenario_id = node.id
        row.author_id = signer.id
        row.deleted_at = None
        row.updated_at = utcnow()
        session.flush()
        path = SupportPath(place.name, _steps(session, place))
    return path


def scenarios(workspace: Workspace) -> list[tuple[str, str, str]]:
    """The support scenarios as (id, French title, English title), in order."""
    with workspace.reading() as session:
        return [(n.id, n.title_fr, n.title_en) for n in scenario_list(session)]
