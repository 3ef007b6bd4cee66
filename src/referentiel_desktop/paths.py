"""Where the user's things live: the data folder, the cache folder, the index's folder.

The bundled files (referential, fonts, catalogs) are found by :mod:`resources`; their
three functions are named here too, for the callers that want one place to ask.
"""

from __future__ import annotations

import os
from pathlib import Path

from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.resources import bundled_referential, i18n_dir, resources_dir

__all__ = [
    "bundled_referential",
    "cache_dir",
    "data_dir",
    "i18n_dir",
    "index_dir",
    "resources_dir",
]

APP_NAME = "referentiel-desktop"
DATA_DIR_ENV = "REFERENTIEL_DESKTOP_DATA_DIR"
CACHE_DIR_ENV = "REFERENTIEL_DESKTOP_CACHE_DIR"
DATABASE_NAME = "referentiel.sqlite3"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the data directory, creating it.

    Precedence: an explicit ``override`` (the ``--data-dir`` option), then the
    ``REFERENTIEL_DESKTOP_DATA_DIR`` environment variable, then the platform's
    user data directory. A relative folder is made absolute here, once, against the
    current directory: what follows (file URIs, the index's cache key, a later
    ``chdir``) needs a path that means one place.
    """
    chosen = override or os.environ.get(DATA_DIR_ENV)
    path = Path(chosen).expanduser() if chosen else _platform_dir("data")
    path = Path(os.path.abspath(path))  # not resolve(): a symlinked folder keeps its name
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        message = _("The data folder {path} cannot be used: {reason}.")
        raise UserError(message.format(path=path, reason=error.strerror or error)) from error
    return path


def cache_dir() -> Path:
    """The user's cache folder for this application (``REFERENTIEL_DESKTOP_CACHE_DIR``
    overrides it: tests point it into their own temporary folder)."""
    chosen = os.environ.get(CACHE_DIR_ENV)
    return Path(chosen).expanduser().absolute() if chosen else _platform_dir("cache")


def _platform_dir(kind: str) -> Path:
    """The platform's user data or cache folder for this application."""
    import platformdirs  # here: a folder given (--data-dir, the variables) needs none

    if kind == "data":
        return Path(platformdirs.user_data_dir(APP_NAME))
    return Path(platformdirs.user_cache_dir(APP_NAME))


def index_dir(data_folder: str | os.PathLike[str]) -> Path:
    """Where the search index of ``data_folder`` lives: in the cache folder, never in the
    data folder a user may sync or share, one per data folder (keyed by its resolved path)."""
    import hashlib  # here: the first paint needs no index folder, and hashlib costs 5 ms

    resolved = str(Path(data_folder).expanduser().resolve())
    key = hashlib.sha256(resolved.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return cache_dir() / "indexes" / key
