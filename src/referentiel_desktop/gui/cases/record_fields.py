"""A case's fields as the case editor holds them: compared with what is stored (to tell
this editor's own saves from changes made elsewhere) and shown side by side when both
changed."""

from __future__ import annotations

from typing import Any

from referentiel_desktop.annotations.views import CaseView
from referentiel_desktop.i18n import _

TEXTS = ("period", "actors", "text", "lessons")


def case_labels() -> dict[str, str]:
    """The fields' names, in the current language."""
    return {
        "title": _("Title"),
        "territory": _("Territory"),
        "period": _("Period"),
        "actors": _("Actors involved"),
        "text": _("What was done"),
        "lessons": _("What it produced or taught"),
        "tags": _("Tags"),
    }


def stored_fields(view: CaseView) -> dict[str, Any]:
    fields = {name: getattr(view, name) for name in ("title", "territory", *TEXTS)}
    return fields | {"balises": sorted(view.balises), "tags": list(view.tags)}


def readable(fields: dict[str, Any]) -> str:
    """A case's fields as the conflict dialog shows them."""
    lines = []
    for key, label in case_labels().items():
        value = ", ".join(fields[key]) if key == "tags" else fields[key]
        lines.append(_("{field}: {value}").format(field=label, value=value))
    return "\n".join(lines)
