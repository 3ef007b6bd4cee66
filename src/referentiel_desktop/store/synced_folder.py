"""Whether the data folder lies inside a folder that a sync client manages.

A sync client copies, renames and deletes files on its own schedule; SQLite needs its
database, ``-wal`` and ``-shm`` to change together and stay where they are. So the data
folder belongs outside them (the team-sync feature gives shared folders their proper
use). Recognised by the markers each client leaves in the folder it syncs, or by the
folder names they create.
"""

from __future__ import annotations

from pathlib import Path

_MARKERS = {
    ".stfolder": "Syncthing",
    ".dropbox": "Dropbox",
    ".dropbox.cache": "Dropbox",
    ".owncloudsync.log": "Nextcloud",
    ".nextcloudsync.log": "Nextcloud",
}
_NAMES = (
    ("onedrive", "OneDrive"),
    ("dropbox", "Dropbox"),
    ("nextcloud", "Nextcloud"),
    ("owncloud", "ownCloud"),
    ("icloud drive", "iCloud Drive"),
    ("google drive", "Google Drive"),
)


def sync_client_of(folder: Path) -> str:
    """The name of the sync client whose folder holds ``folder``, or ``""``."""
    for place in (folder, *folder.parents):
        for marker, client in _MARKERS.items():
            if (place / marker).exists():
                return client
        try:
            if any(
                entry.name.startswith(".sync_") and entry.suffix == ".db"
                for entry in place.iterdir()
            ):
                return "Nextcloud"
        except OSError:
            pass
        lowered = place.name.lower()
        for prefix, client in _NAMES:
            if lowered.startswith(prefix):
                return client
    return ""
