"""Booklets for council meetings: selection → story → PDF (ReportLab), no Qt.

``gather`` reads what the options ask for from the store; ``build_pdf`` lays it out;
``export_booklet`` does both and writes the file atomically.

The names below load their module when first used, not with the package: importing
``booklet.options`` or ``booklet.presets`` (``booklet preset list``, the window's
presets) runs this file, and must not bring ReportLab with it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from referentiel_desktop.booklet.content import gather
    from referentiel_desktop.booklet.export import export_booklet
    from referentiel_desktop.booklet.layout import BookletCancelled, BuildResult, build_pdf
    from referentiel_desktop.booklet.model import BookletContent
    from referentiel_desktop.booklet.options import BookletOptions

_HOMES = {
    "BookletCancelled": "layout",
    "BookletContent": "model",
    "BookletOptions": "options",
    "BuildResult": "layout",
    "build_pdf": "layout",
    "export_booklet": "export",
    "gather": "content",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)


__all__ = [
    "BookletCancelled",
    "BookletContent",
    "BookletOptions",
    "BuildResult",
    "build_pdf",
    "export_booklet",
    "gather",
]
