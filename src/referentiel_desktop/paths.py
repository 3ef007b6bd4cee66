"""Where things live: the user's data directory and the bundled resources.

Resources are looked up in three places so that the same code runs from a source
checkout, from an installed wheel (``referentiel_desktop/_data``) and from a frozen
PyInstaller build (``sys._MEIPASS``).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "referentiel-desktop"
DATA_DIR_ENV = "REFERENTIEL_DESKTOP_DATA_DIR"
CACHE_DIR_ENV = "REFERENTIEL_DESKTOP_CACHE_DIR"
DATABASE_NAME = "referentiel.sqlite3"

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the data directory, creating it.

    Precedence: an explicit ``override`` (the ``--data-dir`` option), then the
    ``REFERENTIEL_DESKTOP_DATA_DIR`` environment variable, then the platform's
    user data directory. A relative folder is made absolute here, once, against the
    current directory: what follows (file URIs, the index's cache key, a later
    ``chdir``) needs a path that means one place.
    """
    chosen = override or os.environ.get(DATA_DIR_ENV)
    path = Path(chosen).expanduser() if chosen else Path(platformdirs.user_data_dir(APP_NAME))
    path = Path(os.path.abspath(path))  # not resolve(): a symlinked folder keeps its name
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        # Imported here: the i18n module itself finds its catalogs through this one.
        from referentiel_desktop.errors import UserError
        from referentiel_desktop.i18n import _

        message = _("The data folder {path} cannot be used: {reason}.")
        raise UserError(message.format(path=path, reason=error.strerror or error)) from error
    return path


def cache_dir() -> Path:
    """The user's cache folder for this application (``REFERENTIEL_DESKTOP_CACHE_DIR``
    overrides it: tests point it into their own temporary folder)."""
    chosen = os.environ.get(CACHE_DIR_ENV)
    return (
        Path(chosen).expanduser().absolute()
        if chosen
        else Path(platformdirs.user_cache_dir(APP_NAME))
    )


def index_dir(data_folder: str | os.PathLike[str]) -> Path:
    """Where the search index of ``data_folder`` lives: in the cache folder, never in the
    data folder a user may sync or share, one per data folder (keyed by its resolved path)."""
    resolved = str(Path(data_folder).expanduser().resolve())
    key = hashlib.sha256(resolved.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return cache_dir() / "indexes" / key


def _roots() -> list[Path]:
    roots: list[Path] = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        roots.append(Path(frozen))
    roots.append(_PACKAGE_DIR / "_data")
    roots.append(_PACKAGE_DIR.parents[1])  # source checkout: src/referentiel_desktop -> repo
    return roots


def _find(top: str) -> Path:
    for root in _roots():
        candidate = root / top
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {top!r} not found in {[str(r) for r in _roots()]}")


def resources_dir() -> Path:
    """The bundled ``resources/`` folder (referential, fonts, icons)."""
    return _find("resources")


def i18n_dir() -> Path:
    """The gettext catalogs folder ``i18n/``."""
    return _find("i18n")


def bundled_referential() -> Path:
    """The bilingual referential file shipped with the application."""
    return resources_dir() / "referential" / "villes-pairs-2019.toml"
