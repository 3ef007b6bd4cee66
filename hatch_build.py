"""Hatch build hook: compile the gettext catalogs into the wheel.

The wheel then carries ``messages.mo`` beside each ``messages.po`` under
``referentiel_desktop/_data/i18n``, so an installed application never compiles (and
never writes) anything into its own package at run time.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LANGS = ("fr", "en")


class CatalogsHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        self._scratch = tempfile.TemporaryDirectory()
        for lang in LANGS:
            po = Path(self.root) / "i18n" / lang / "LC_MESSAGES" / "messages.po"
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=lang)
            buffer = io.BytesIO()
            write_mo(buffer, catalog)
            mo = Path(self._scratch.name) / f"{lang}.mo"
            mo.write_bytes(buffer.getvalue())
            target = f"referentiel_desktop/_data/i18n/{lang}/LC_MESSAGES/messages.mo"
            build_data["force_include"][str(mo)] = target

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            scratch.cleanup()
