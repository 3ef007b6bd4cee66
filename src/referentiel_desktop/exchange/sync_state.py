"""What sync remembers between runs, kept in the database's ``setting`` table: this data
folder's laptop id, what a shared folder last held, a server's checkpoints and the
saved remotes. Never a password (the system keyring holds it: see ``credentials``)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from referentiel_desktop.store.models import Setting, new_uuid
from referentiel_desktop.workspace import Workspace

LAPTOP_ID = "sync.laptop_id"


def laptop_id(workspace: Workspace) -> str:
    """This data folder's id among the team's (made once, then kept)."""
    with workspace.reading() as session:
        found = session.scalar(select(Setting.value).where(Setting.key == LAPTOP_ID))
    if found:
        return found
    with workspace.transaction() as session:
        row = session.get(Setting, LAPTOP_ID)
        if row is None:  # another process may have made it meanwhile
            row = Setting(key=LAPTOP_ID, value=new_uuid())
            session.add(row)
        return row.value


def read_json(workspace: Workspace, key: str) -> Any:
    """The JSON value remembered under ``key``, or ``None``."""
    with workspace.reading() as session:
        text = session.scalar(select(Setting.value).where(Setting.key == key))
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None  # a damaged memory only costs a re-read


def write_json(workspace: Workspace, key: str, value: Any) -> None:
    with workspace.transaction() as session:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=text))
        elif row.value != text:
            row.value = text
