"""User and referential text as ReportLab paragraph markup, and blocks kept on one page:
the small pieces every part of the booklet's story uses (:mod:`.story` and
:mod:`.inventory_section`), in a room of their own so neither imports the other.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as _xml_escape

from reportlab.platypus import Flowable


def escape(text: str) -> str:
    """User text as literal paragraph markup; line breaks kept.

    ReportLab breaks lines at U+202F (and then joins the words with a plain space), so
    « 1 000 » or « guillemets » could be cut at a line's end: the narrow no-break space
    becomes U+00A0, the one no-break space ReportLab keeps unbroken."""
    return _xml_escape(text).replace("\n", "<br/>").replace("\u202f", "\u00a0")


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs of user or referential text, escaped."""
    return [escape(p.strip()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def kept(flow: list[Flowable]) -> list[Flowable]:
    """A block that stays on one page, joined to the label before it. ReportLab will not
    keep a heading with a following KeepTogether (it groups keep-with-next runs only
    with plain flowables), so blocks are chained with keep-with-next instead."""
    for flowable in flow[:-1]:
        flowable.keepWithNext = True
    return flow
