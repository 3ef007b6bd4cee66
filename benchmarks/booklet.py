"""Speed of booklets: ours (two passes) beside ReportLab's own ``multiBuild`` with a
table of contents, on the same flowables, at about 40 and 200 pages.

    python benchmarks/booklet.py [--repeat 3]

For each size: the balises of the four themes with synthetic team notes (drawn from the
referential's own vocabulary) until the booklet reaches the size; then the median of
``--repeat`` builds of each, in CPU seconds of this process (the machine is
shared: wall time measures the neighbours). The bare build is the same story with ReportLab's
``TableOfContents`` in place of ours, headings notifying it, and ``multiBuild`` running
until the contents settle. Figures only: nothing here asserts.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from reportlab.platypus.tableofcontents import TableOfContents  # noqa: E402

from referentiel_desktop.annotations import notes, people  # noqa: E402
from referentiel_desktop.booklet import BookletOptions, build_pdf, gather  # noqa: E402
from referentiel_desktop.booklet import layout as booklet_layout  # noqa: E402
from referentiel_desktop.booklet.flowables import ContentsLine, Heading  # noqa: E402
from referentiel_desktop.booklet.story import StoryBuilder  # noqa: E402
from referentiel_desktop.booklet.styles import MARGINS, PAPER_SIZES, styles_for  # noqa: E402
from referentiel_desktop.referential.snapshot import read_nodes  # noqa: E402
from referentiel_desktop.workspace import Workspace  # noqa: E402
from synthetic import sentence  # noqa: E402

THEMES = ("engagement", "integration", "cooperation", "value")


class _BareDoc(booklet_layout._BookletDoc):
    """The same page templates; headings tell ReportLab's contents where they landed."""

    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802
        if isinstance(flowable, Heading):
            level = 0 if flowable.style.fontSize > 14 else 1
            self.notify("TOCEntry", (level, flowable.getPlainText(), self.page))


def bare_multibuild(content: Any) -> tuple[float, int, int]:
    options = content.options
    styles = styles_for(options.page_paper)
    pagesize, margin = PAPER_SIZES[options.page_paper], MARGINS[options.page_paper]
    start = time.process_time()
    builder = StoryBuilder(content, styles, pagesize[0] - 2 * margin)
    story = builder.build()
    toc = TableOfContents()
    toc.levelStyles = [styles.contents_entry, styles.contents_sub]
    first = next(i for i, f in enumerate(story) if isinstance(f, ContentsLine))
    story = [f for f in story if not isinstance(f, ContentsLine)]
    story.insert(first, toc)
    doc = _BareDoc(io.BytesIO(), builder, pagesize=pagesize, leftMargin=margin,
                   rightMargin=margin, topMargin=margin, bottomMargin=margin,
                   initialFontName="DejaVuSans")  # fmt: skip
    doc.addPageTemplates(booklet_layout._page_templates(doc, builder))
    passes = doc.multiBuild(story)
    return time.process_time() - start, doc.page, passes


def ours(content: Any) -> tuple[float, int]:
    start = time.process_time()
    result = build_pdf(content, io.BytesIO())
    return time.process_time() - start, result.pages


def workspace_for(pages: int, rng: random.Random) -> tuple[Workspace, Any]:
    workspace = Workspace.open(Path(tempfile.mkdtemp(prefix="booklet-bench-")))
    people.set_default_author(workspace, "Élise Durand")
    balises = [n.id for n in read_nodes(workspace.db_path) or [] if n.kind == "balise"]
    options = BookletOptions(selection=THEMES, lang="fr", title="Conseil municipal",
                             territory="Le Mené", writing_space="lines")  # fmt: skip
    while True:
        content = gather(workspace, options)
        _, made = ours(content)
        if made >= pages:
            return workspace, content
        missing = pages - made
        for _ in range(max(1, missing * 4)):
            notes.add_note(workspace, rng.choice(balises), sentence(rng, rng.randint(25, 90)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(10)
    print("pages | ours (2 passes) | bare multiBuild (passes) | ratio | ours per page")
    for wanted in (40, 200):
        workspace, content = workspace_for(wanted, rng)
        ours_runs, bare_runs = [], []
        for _ in range(args.repeat):
            seconds, pages = ours(content)
            ours_runs.append(seconds)
            seconds, bare_pages, passes = bare_multibuild(content)
            bare_runs.append(seconds)
        mine, bare = statistics.median(ours_runs), statistics.median(bare_runs)
        print(f"{pages} | {mine:.2f} s | {bare:.2f} s ({passes} passes, {bare_pages} pages) | "
              f"{mine / bare:.2f}× | {mine / pages * 1000:.1f} ms")  # fmt: skip
        workspace.close()


if __name__ == "__main__":
    main()
