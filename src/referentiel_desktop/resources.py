"""The files shipped with the application: the referential, fonts, icons, catalogs.

They are looked up in three places so that the same code runs from a source checkout,
from an installed wheel (``referentiel_desktop/_data``) and from a frozen PyInstaller
build (``sys._MEIPASS``). This module imports nothing of the application: the catalogs
are found through it before any text can be translated.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


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
