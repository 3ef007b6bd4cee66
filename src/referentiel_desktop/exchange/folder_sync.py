"""Sync through a folder the team already shares (Nextcloud, OneDrive, Syncthing…).

One writer per file: this data folder writes only ``<laptop id>.rdbundle`` there,
atomically, and reads every other bundle it finds, merging each as ``import`` does (the
same validation, the same revision ancestry, the same conflicts view). A sync client
that saw two versions of one file keeps both under another name (``*.sync-conflict-*``,
« (conflit) », « (conflicted copy) »): any file whose name holds ``.rdbundle`` is read,
so neither is lost. What was merged is remembered (size, times, inode, SHA-256), so an
unchanged bundle is not read again. Private notes never go into the folder.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from referentiel_desktop.errors import UserError
from referentiel_desktop.exchange.bundle import SUFFIX
from referentiel_desktop.exchange.conflicts import count_conflicts
from referentiel_desktop.exchange.export import export
from referentiel_desktop.exchange.merge import import_bundle
from referentiel_desktop.exchange.report import OUTCOMES
from referentiel_desktop.exchange.sync_state import laptop_id, read_json, write_json
from referentiel_desktop.i18n import _, ngettext
from referentiel_desktop.store.models import ChangeLogEntry
from referentiel_desktop.workspace import Workspace


@dataclass
class FolderSyncReport:
    folder: str
    laptop_id: str
    own_bundle: str = ""
    written: bool = False
    merged: list[dict[str, Any]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[dict[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    conflicts_pending: int = 0
    #: the file under this laptop's name was not the one it wrote last (merged first)
    replaced_own: bool = False
    written_ids: dict[str, set[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "folder": self.folder,
            "laptop_id": self.laptop_id,
            "own_bundle": self.own_bundle,
            "written": self.written,
            "merged": self.merged,
            **self.counts,
            "bundles_unchanged": self.unchanged,
            "bundles_refused": self.refused,
            "conflicts_pending": self.conflicts_pending,
            "replaced_own": self.replaced_own,
        }

    def lines(self) -> list[str]:
        out = [
            _("Synchronised through {folder}:").format(folder=self.folder),
            _(
                "added {added}, updated {updated}, unchanged {unchanged}, deleted {deleted}, "
                "conflicts {conflicts}, refused {refused}"
            ).format(**self.counts),
            _("Bundles merged {merged}, unchanged since the last sync {unchanged}.").format(
                merged=len(self.merged), unchanged=len(self.unchanged)
            ),
        ]
        for item in self.refused:
            out.append("  " + _("not merged: {file}: {reason}").format(**item))
        if self.replaced_own:
            message = _(
                "The bundle under this data folder's name had been replaced (a copy of this "
                "data folder, or a sync client): it was merged before being written again."
            )
            out.append(message)
        if self.written:
            out.append(_("This data folder's bundle written: {path}").format(path=self.own_bundle))
        if self.conflicts_pending:
            message = ngettext(
                "{count} conflict waits for a choice (File → Conflicts…, or `conflicts`).",
                "{count} conflicts wait for a choice (File → Conflicts…, or `conflicts`).",
                self.conflicts_pending,
            )
            out.append(message.format(count=self.conflicts_pending))
        return out


def _memory_key(folder: Path) -> str:
    return "sync.folder:" + str(folder)


def records_seq(workspace: Workspace) -> int:
    """The newest change-log sequence of a record (settings aside: sync writes those)."""
    with workspace.reading() as session:
        found = session.scalar(
            select(func.max(ChangeLogEntry.seq)).where(ChangeLogEntry.kind != "setting")
        )
    return int(found or 0)


def _is_bundle_name(name: str) -> bool:
    """A teammate's bundle or a sync client's copy of one; never a temporary file."""
    return not name.startswith(".") and SUFFIX in name.lower() and not name.endswith(".part")


def _signature(status: os.stat_result) -> list[int]:
    """What tells a file was replaced without reading it: a sync client that copies a
    teammate's time over may repeat a size and a time, never this folder's inode and
    change time (set here, by this kernel, whatever the clocks say)."""
    return [status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _shared_folder(folder: str | os.PathLike[str]) -> Path:
    path = Path(os.path.realpath(Path(folder).expanduser()))
    if not path.is_dir():
        message = _("The shared folder {folder} does not exist or is not a folder.")
        raise UserError(message.format(folder=folder))
    return path


def sync_folder(workspace: Workspace, folder: str | os.PathLike[str]) -> FolderSyncReport:
    """Merge every teammate's bundle in ``folder``, then write this data folder's own."""
    shared = _shared_folder(folder)
    me = laptop_id(workspace)
    own_name = f"{me}{SUFFIX}"
    report = FolderSyncReport(str(shared), me, str(shared / own_name))
    memory: dict[str, Any] = read_json(workspace, _memory_key(shared)) or {}
    seen: dict[str, Any] = dict(memory.get("seen", {}))
    own = memory.get("own", {})
    for path in sorted(shared.iterdir(), key=lambda p: p.name):
        if path.name == own_name and _replaced(path, own):
            # Not the file this folder wrote last: a copy of this data folder (same
            # laptop id) or a sync client put another there. Merged before it is
            # written over, so that nothing it holds is lost.
            report.replaced_own = True
            _merge_one(workspace, path, {}, report)
        elif path.name != own_name and _is_bundle_name(path.name):
            _merge_one(workspace, path, seen, report)
    present = {p.name for p in shared.iterdir()}
    seen = {name: value for name, value in seen.items() if name in present}
    report.written = _write_own(workspace, shared / own_name, own)
    write_json(workspace, _memory_key(shared), {"seen": seen, "own": own})
    report.conflicts_pending = count_conflicts(workspace)
    return report


def _merge_one(
    workspace: Workspace, path: Path, seen: dict[str, Any], report: FolderSyncReport
) -> None:
    try:
        status = path.stat()
    except OSError:
        return  # the sync client took it away meanwhile: nothing to merge
    if not stat.S_ISREG(status.st_mode):
        return
    remembered = seen.get(path.name)
    if not isinstance(remembered, dict):
        remembered = {}
    if remembered.get("stat") == _signature(status):
        report.unchanged.append(path.name)
        return
    try:
        digest = _sha256(path)
        if remembered.get("sha256") == digest:
            seen[path.name] = {"stat": _signature(status), "sha256": digest}
            report.unchanged.append(path.name)
            return
        merged = import_bundle(workspace, path)
    except (UserError, OSError) as error:
        report.refused.append({"file": path.name, "reason": str(error)})
        return  # not remembered: read again next time (it may be complete by then)
    seen[path.name] = {"stat": _signature(status), "sha256": digest}
    for outcome in OUTCOMES:
        report.counts[outcome] += merged.counts[outcome]
    for kind, ids in merged.written.items():
        report.written_ids.setdefault(kind, set()).update(ids)
    report.merged.append({"file": path.name, **merged.counts, "items": merged.items})


def _replaced(path: Path, own: dict[str, Any]) -> bool:
    try:
        return bool(own.get("file")) and own["file"] != _signature(path.stat())
    except OSError:
        return False


def _write_own(workspace: Workspace, target: Path, own: dict[str, Any]) -> bool:
    """Write this data folder's bundle when its records changed since the last time or
    the file is not the one written then (a sync client removed or replaced it)."""
    seq = records_seq(workspace)
    try:
        signature: list[int] | None = _signature(target.stat())
    except OSError:
        signature = None
    if own.get("seq") == seq and signature is not None and own.get("file") == signature:
        return False
    export(workspace, target)  # team records only: private notes stay here
    own["seq"] = seq
    own["file"] = _signature(target.stat())
    return True
