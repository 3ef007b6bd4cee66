"""Record kinds and values as people read them, in either language: « 2 notes, 1 cas,
2 bilans d’inventaire », « Visibilité : équipe », never the storage's own names."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from referentiel_desktop.i18n import _, ngettext

_KINDS: dict[str, Callable[[int], str]] = {
    # Literal calls, so that the catalogs' extraction finds both forms of each.
    "author": lambda n: ngettext("{count} author", "{count} authors", n),
    "territory": lambda n: ngettext("{count} territory", "{count} territories", n),
    "note": lambda n: ngettext("{count} note", "{count} notes", n),
    "case": lambda n: ngettext("{count} case", "{count} cases", n),
    "inventory_assessment": lambda n: ngettext(
        "{count} inventory assessment", "{count} inventory assessments", n
    ),
    "inventory_answer": lambda n: ngettext(
        "{count} inventory answer", "{count} inventory answers", n
    ),
    "inventory_link": lambda n: ngettext(
        "{count} question–balise link", "{count} question–balise links", n
    ),
    "inventory_stage": lambda n: ngettext(
        "{count} support-path step", "{count} support-path steps", n
    ),
    "booklet_preset": lambda n: ngettext("{count} booklet preset", "{count} booklet presets", n),
}


def kind_count(kind: str, count: int) -> str:
    forms = _KINDS.get(kind)
    return forms(count).format(count=count) if forms else f"{kind} {count}"


def kind_counts(counts: Mapping[str, int]) -> str:
    """« 1 author, 2 notes, 1 case » in the interface language ("0 records" when empty)."""
    shown = [kind_count(kind, count) for kind, count in counts.items() if count]
    return ", ".join(shown) or _("no record")


def kind_name(kind: str) -> str:
    return {
        "author": _("author"),
        "territory": _("territory"),
        "note": _("note"),
        "case": _("case"),
        "inventory_assessment": _("inventory assessment"),
        "inventory_answer": _("inventory answer"),
        "inventory_link": _("question–balise link"),
        "inventory_stage": _("support-path step"),
        "booklet_preset": _("booklet preset"),
    }.get(kind, kind)


def visibility_word(value: str) -> str:
    return {"team": _("team"), "private": _("private")}.get(value, value)
