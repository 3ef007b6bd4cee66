"""What an import did, or would do: counts by outcome and the records worth naming."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from referentiel_desktop.i18n import _, ngettext
from referentiel_desktop.record_words import kind_name

OUTCOMES = ("added", "updated", "unchanged", "deleted", "conflicts", "refused")
LISTED_CHANGES = 200
"""The records added, updated or deleted that a report names (the counts hold them all)."""


@dataclass
class ImportReport:
    bundle: str
    dry_run: bool
    edition_id: str = ""
    bundle_edition_id: str = ""
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)
    #: conflicts and refused records: {"kind", "id", "label", "outcome", "reason"}
    items: list[dict[str, str]] = field(default_factory=list)
    unknown_references: list[str] = field(default_factory=list)
    backup: Path | None = None
    #: unchanged records whose revision still moves on (theirs descends from mine)
    revisions_only: int = 0
    #: ids written, by kind: what the search index and the views must look at again
    written: dict[str, set[str]] = field(default_factory=dict)
    #: the first records added, updated or deleted: {"kind", "id", "label", "outcome"}
    changed: list[dict[str, str]] = field(default_factory=list)

    def changing(self, kind: str, record_id: str, label: Callable[[], str], outcome: str) -> None:
        """Count a record that is added, updated or deleted, and name the first ones
        (``label`` is asked only then: most records of a large import are never named)."""
        self.count(kind, outcome)
        if len(self.changed) < LISTED_CHANGES:
            self.changed.append(
                {"kind": kind, "id": record_id, "label": label(), "outcome": outcome}
            )

    def wrote(self, kind: str, record_id: str) -> None:
        self.written.setdefault(kind, set()).add(record_id)

    @property
    def room(self) -> int:
        """How many more changes a report names."""
        return max(0, LISTED_CHANGES - len(self.changed))

    def count(self, kind: str, outcome: str, times: int = 1) -> None:
        self.counts[outcome] += times
        per_kind = self.by_kind.setdefault(kind, dict.fromkeys(OUTCOMES, 0))
        per_kind[outcome] += times

    @property
    def changes(self) -> int:
        c = self.counts
        return c["added"] + c["updated"] + c["deleted"] + c["conflicts"] + self.revisions_only

    def to_json(self) -> dict[str, Any]:
        return {
            **self.counts,
            "dry_run": self.dry_run,
            "bundle": self.bundle,
            "edition_id": self.edition_id,
            "bundle_edition_id": self.bundle_edition_id,
            "by_kind": self.by_kind,
            "items": self.items,
            "changed": self.changed,
            "unknown_references": self.unknown_references,
            "backup": str(self.backup) if self.backup else None,
        }

    def lines(self, *, with_ids: bool = True) -> list[str]:
        """The report in words, for the command line (``with_ids``: the ids a command
        such as ``conflicts resolve`` takes) and the window (records by title)."""
        c = self.counts
        head = _("Preview (nothing changed yet):") if self.dry_run else _("Import done:")
        out = [
            head,
            _(
                "added {added}, updated {updated}, unchanged {unchanged}, deleted {deleted}, "
                "conflicts {conflicts}, refused {refused}"
            ).format(**c),
        ]
        for change in self.changed:
            line = {
                "added": _("added: {kind} «\u00a0{label}\u00a0»"),
                "updated": _("updated: {kind} «\u00a0{label}\u00a0»"),
                "deleted": _("deleted: {kind} «\u00a0{label}\u00a0»"),
            }[change["outcome"]]
            out.append("  " + line.format(kind=kind_name(change["kind"]), label=change["label"]))
        listed = c["added"] + c["updated"] + c["deleted"]
        if listed > len(self.changed):
            more = listed - len(self.changed)
            out.append(
                "  " + ngettext("… and {count} more", "… and {count} more", more).format(count=more)
            )
        for item in self.items:
            if item["outcome"] == "conflicts":
                line = (
                    _("conflict: {kind} {id} «\u00a0{label}\u00a0» (changed on both sides)")
                    if with_ids
                    else _("conflict: {kind} «\u00a0{label}\u00a0» (changed on both sides)")
                )
            else:
                line = (
                    _("refused: {kind} {id} «\u00a0{label}\u00a0»: {reason}")
                    if with_ids
                    else _("refused: {kind} «\u00a0{label}\u00a0»: {reason}")
                )
            out.append("  " + line.format(**{**item, "kind": kind_name(str(item["kind"]))}))
        if self.unknown_references:
            count = len(self.unknown_references)
            message = ngettext(
                "{count} referential id unknown to this edition, kept: {ids}",
                "{count} referential ids unknown to this edition, kept: {ids}",
                count,
            )
            shown = ", ".join(self.unknown_references[:10])
            out.append(message.format(count=count, ids=shown + (" …" if count > 10 else "")))
        if self.bundle_edition_id and self.bundle_edition_id != self.edition_id:
            message = _("The bundle points to edition {theirs}; this data has {mine}.")
            out.append(message.format(theirs=self.bundle_edition_id, mine=self.edition_id))
        if self.backup is not None:
            out.append(_("A copy of the data before the import: {path}").format(path=self.backup))
        return out
