"""How node kinds and numbers read in the interface, in the current language."""

from __future__ import annotations

from referentiel_desktop.i18n import N_, _, translate
from referentiel_desktop.referential.snapshot import NodeView

KIND_LABELS = {
    "preface": N_("Preface"),
    "chapter": N_("Chapter"),
    "section": N_("Section"),
    "theme": N_("Theme"),
    "balise": N_("Beacon"),
    "method": N_("Method of action"),
    "device": N_("Device"),
    "part": N_("Part"),
    "scenario": N_("Support scenario"),
    "question": N_("Inventory question"),
    "note": N_("Note"),
    "case": N_("Case"),
}


def kind_label(kind: str, lang: str | None = None) -> str:
    label = KIND_LABELS.get(kind, kind)
    return translate(label, lang) if lang else _(label)


def display_title(node: NodeView, lang: str) -> str:
    """The title as the tree and headings show it: « Balise 3 — Créer … »."""
    title = node.title(lang)
    if node.kind == "balise":
        template = translate(N_("Beacon {number} — {title}"), lang)
        return template.format(number=node.number, title=title)
    if node.kind == "question":
        return f"Q{node.number}. {title}"
    if node.kind in ("chapter", "theme", "scenario") and node.number:
        return f"{node.number}. {title}"
    return title
