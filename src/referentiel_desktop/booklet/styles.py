"""The booklet's look: the embedded font, paper sizes, margins, theme colours, styles.

DejaVu Sans (shipped in ``resources/fonts/`` with its licence) covers all of French
(œ, « », ’, —, the narrow no-break space Babel puts in numbers) and is embedded as a
subset; ReportLab's built-in Helvetica is not embedded and its bundled Vera lacks U+202F.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, A5, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from referentiel_desktop.paths import resources_dir
from referentiel_desktop.referential.palette import FALLBACK, LIGHT, THEMES

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf",
               FONT_ITALIC: "DejaVuSans-Oblique.ttf"}  # fmt: skip
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register DejaVu Sans with ReportLab once per process (thread-safe)."""
    global _registered
    with _lock:
        if _registered:
            return
        folder = resources_dir() / "fonts"
        for name, file in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD
        )
        _registered = True


PAPER_SIZES = {"a4": A4, "letter": LETTER, "a5": A5}
MARGINS = {"a4": 2.2 * cm, "letter": 2.2 * cm, "a5": 1.5 * cm}

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#5f6b76")
RULE = colors.HexColor("#c7ced6")
THEME_COLOURS = {theme: colors.HexColor(LIGHT.themes[theme].accent) for theme in THEMES}
"""The window's and the map's colours (``referential/palette.py``): paper is light."""
NEUTRAL = colors.HexColor(FALLBACK.accent)
"""Chapters, support scenarios and the inventory, outside the four themes."""

ATTRIBUTION = (
    "Référentiel Villes pairs et territoires pilotes de la transition, IE-EFC 2019, CC BY-NC-ND"
)


def theme_colour(theme_id: str | None) -> colors.Color:
    return THEME_COLOURS.get(theme_id or "", NEUTRAL)


@dataclass(frozen=True)
class Styles:
    base: ParagraphStyle
    small: ParagraphStyle
    translation: ParagraphStyle
    keywords: ParagraphStyle
    label: ParagraphStyle
    note: ParagraphStyle
    note_meta: ParagraphStyle
    case_title: ParagraphStyle
    question: ParagraphStyle
    contents_title: ParagraphStyle
    contents_entry: ParagraphStyle
    contents_sub: ParagraphStyle
    cover_title: ParagraphStyle
    cover_subtitle: ParagraphStyle
    cover_line: ParagraphStyle

    def heading(self, depth: int, colour: colors.Color) -> ParagraphStyle:
        return _heading(self.base.fontSize, depth, colour.hexval())


@cache
def _heading(size: float, depth: int, colour: str) -> ParagraphStyle:
    scale = {0: 1.75, 1: 1.3, 2: 1.15}.get(depth, 1.1)
    return ParagraphStyle(
        f"h{depth}-{colour}",
        fontName=FONT_BOLD,
        fontSize=size * scale,
        leading=size * scale * 1.25,
        textColor=colors.HexColor(colour),
        spaceBefore=size * (1.6 if depth == 0 else 1.1),
        spaceAfter=size * 0.4,
        keepWithNext=True,
    )


@cache
def styles_for(paper: str) -> Styles:
    register_fonts()
    size = 9.0 if paper == "a5" else 10.0
    base = ParagraphStyle("base", fontName=FONT, fontSize=size, leading=size * 1.4,
                          textColor=INK, spaceAfter=size * 0.45, bulletFontName=FONT)  # fmt: skip

    def derive(name: str, **values: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **values)  # type: ignore[arg-type]

    return Styles(
        base=base,
        small=derive("small", fontSize=size * 0.75, leading=size * 0.95, textColor=MUTED),
        translation=derive("translation", fontName=FONT_ITALIC, textColor=MUTED),
        keywords=derive("keywords", fontSize=size * 0.85, textColor=MUTED, keepWithNext=True),
        label=derive("label", fontName=FONT_BOLD, fontSize=size * 0.8, textColor=MUTED,
                     spaceBefore=size * 0.5, spaceAfter=size * 0.2, keepWithNext=True),
        note=derive("note", leftIndent=size, spaceAfter=size * 0.15),
        note_meta=derive("note_meta", leftIndent=size, fontSize=size * 0.75,
                         textColor=MUTED, spaceAfter=size * 0.6),
        case_title=derive("case_title", fontName=FONT_BOLD, leftIndent=size,
                          keepWithNext=True, spaceAfter=size * 0.15),
        question=derive("question", leftIndent=size * 1.4, bulletIndent=size * 0.2,
                        bulletFontName=FONT),
        contents_title=derive("contents_title", fontName=FONT_BOLD, fontSize=size * 1.75,
                              leading=size * 2.2, spaceAfter=size),
        contents_entry=derive("contents_entry", fontName=FONT_BOLD, spaceAfter=0),
        contents_sub=derive("contents_sub", leftIndent=size * 1.2, spaceAfter=0),
        cover_title=derive("cover_title", fontName=FONT_BOLD, fontSize=size * 2.6,
                           leading=size * 3.1, alignment=TA_CENTER, spaceAfter=size),
        cover_subtitle=derive("cover_subtitle", fontSize=size * 1.5, leading=size * 1.9,
                              alignment=TA_CENTER, textColor=MUTED, spaceAfter=size * 2),
        cover_line=derive("cover_line", fontSize=size * 1.2, leading=size * 1.6,
                          alignment=TA_CENTER),
    )  # fmt: skip
