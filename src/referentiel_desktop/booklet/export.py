"""Selection → PDF file in one call: what ``booklet --out`` and the window's export do."""

from __future__ import annotations

import os

from referentiel_desktop.booklet.content import gather
from referentiel_desktop.booklet.layout import BuildResult, Progress, build_pdf
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
