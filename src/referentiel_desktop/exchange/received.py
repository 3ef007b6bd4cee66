"""When this data folder received what: for ``export --since``, which relays what came in
since a day whatever the clocks of the teammates who wrote it said.

A record's ``updated_at`` is its author's clock, on another laptop: a note written in
the morning on a laptop two years behind, imported here today, must still go out with
today's relay. So each import that writes leaves a mark, in this folder's clock: when it
ran, and the change log's position just before its writes. The records it wrote are
then those the change log lists after that position (the log is the one road for
change: ARCHITECTURE.md).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Table, and_, select, true
from sqlalchemy.orm import Session

from referentiel_desktop.store.change_log import forgotten_seq
from referentiel_desktop.store.models import ChangeLogEntry, Setting, utcnow

_MARK = "exchange.received."
"""A mark's key: this prefix and the import's time (ISO-8601, UTC, microseconds, so that
keys sort as times do); its value: the change log's position before the import."""


def mark_received(session: Session, before: int) -> None:
    """Say, in the import's own transaction, that what it wrote after the change log's
    position ``before`` came in now."""
    moment = utcnow().astimezone(UTC).isoformat(timespec="microseconds")
    key = f"{_MARK}{moment}"
    if session.get(Setting, key) is None:
        session.add(Setting(key=key, value=str(before)))
        session.flush()


def received_since(session: Session, moment: datetime) -> int | None:
    """The change log's position after which lie the writes of every import made at or
    after ``moment``; ``None`` when no import came since. Marks whose position the log
    has forgotten (pruned) give 0: everything then counts as received, which sends too
    much rather than too little (importing a record twice changes nothing)."""
    since = moment.astimezone(UTC).isoformat(timespec="microseconds")
    query = select(Setting.value).where(
        Setting.key >= f"{_MARK}{since}", Setting.key.startswith(_MARK, autoescape=True)
    )
    positions = [int(value) for value in session.scalars(query) if value.isdigit()]
    if not positions:
        return None
    first = min(positions)
    return 0 if first < forgotten_seq(session) else first


def written_after(table: Table, kind: str, position: int) -> ColumnElement[bool]:
    """The records of ``table`` (of bundle kind ``kind``) the change log lists after
    ``position`` (all of them from 0: the log may have forgotten the oldest writes)."""
    if position <= 0:
        return true()
    logged = select(ChangeLogEntry.record_id).where(
        and_(ChangeLogEntry.kind == kind, ChangeLogEntry.seq > position)
    )
    return table.c.id.in_(logged)
