"""Booklets for council meetings: selection → story → PDF (ReportLab), no Qt.

``gather`` reads what the options ask for from the store; ``build_pdf`` lays it out;
``export_booklet`` does both and writes the file atomically.
"""

from __future__ import annotations

import os

from referentiel_desktop.booklet.content import gather
from referentiel_desktop.booklet.layout import BookletCancelled, BuildResult, Progress, build_pdf
from referentiel_desktop.booklet.model import BookletContent
from referentiel_desktop.booklet.options import BookletOptions
from referentiel_desktop.output_paths import checked_output_path, user_output
from referentiel_desktop.workspace import Workspace


def export_booklet(
    workspace: Workspace,
    options: BookletOptions,
    target: str | os.PathLike[str],
    progress: Progress | None = None,
) -> BuildResult:
    """Write the booklet ``options`` describe to ``target``; on any error (bad input,
    an unwritable folder, a cancel) the file at ``target`` is left as it was."""
    checked_output_path(target, workspace.data_dir)  # refused before the work, not after
    content = gather(workspace, options)
    with user_output(target, workspace.data_dir) as temporary:
        return build_pdf(content, str(temporary), progress)


__all__ = [
    "BookletCancelled",
    "BookletContent",
    "BookletOptions",
    "BuildResult",
    "build_pdf",
    "export_booklet",
    "gather",
]
