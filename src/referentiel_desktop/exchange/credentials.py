"""The sync password: from ``REFERENTIEL_DESKTOP_SYNC_PASSWORD`` (scripts, tests), else
the system keyring (the Secret Service on Linux, the Credential Manager on Windows, the
Keychain on macOS, through the ``keyring`` library). It is never written in the data
folder nor in a log; asked once, it is kept in the keyring when there is one."""

from __future__ import annotations

import os
from collections.abc import Callable

from referentiel_desktop.exchange.couch_protocol import Database

ENVIRONMENT = "REFERENTIEL_DESKTOP_SYNC_PASSWORD"
SERVICE = "referentiel-desktop"


def _account(database: Database) -> str:
    return f"{database.user}@{database.host}:{database.port}"


def stored_password(database: Database) -> str | None:
    given = os.environ.get(ENVIRONMENT)
    if given:
        return given
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(SERVICE, _account(database))
        except KeyringError:
            return None
    except ImportError:
        return None


def remember_password(database: Database, password: str) -> bool:
    """Keep ``password`` in the system keyring; whether there was one to keep it in."""
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            keyring.set_password(SERVICE, _account(database), password)
        except KeyringError:
            return False
        return True
    except ImportError:
        return False


def password_for(database: Database, ask: Callable[[], str | None] | None) -> str | None:
    """The password for ``database``'s user (none without a user); ``ask`` is called when
    neither the environment nor the keyring has it, and its answer is kept."""
    if not database.user:
        return None
    found = stored_password(database)
    if found or ask is None:
        return found
    answer = ask()
    if answer:
        remember_password(database, answer)
    return answer
