"""The meeting pack as a PowerPoint deck (16:9), in English or Chinese.

Slides: a title slide (period, comparison, filters, data date), the KPI
summary with changes, one slide per chart with its takeaway, then the table
slides (team targets). Every slide after the first carries the period, filters
and data date in its footer, so a slide shown on its own still says what it
covers. Every run of text names a Latin face and, for East-Asian characters,
Noto Sans CJK SC, so Chinese shows in either language.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.table import Table
from pptx.text.text import _Paragraph
from pptx.util import Emu, Inches, Pt

from display.i18n import metric_label, t
from exports.chart_images import chart_png
from exports.content import ChartExport, KpiFigure, MeetingPack, TableSlide
from exports.context import ExportContext

LATIN_FONT = "Arial"
EAST_ASIAN_FONT = "Noto Sans CJK SC"
BLANK_LAYOUT = 6
SLIDE_WIDTH = Inches(13.333)
SLIDE_HEIGHT = Inches(7.5)
MARGIN = Inches(0.6)
CONTENT_WIDTH = SLIDE_WIDTH - 2 * MARGIN
BODY_TOP = Inches(1.75)
FOOTER_TOP = Inches(6.95)
BODY_HEIGHT = FOOTER_TOP - BODY_TOP - Inches(0.1)
NOTE_HEIGHT = Inches(0.45)
CHART_PIXELS = (860, 330)
"""The chart's drawing size in pixels, shaped like the slide's body, which it then fills."""
CHART_CONFIG = {
    "axis": {"labelFontSize": 13, "titleFontSize": 14},
    "legend": {"labelFontSize": 13, "titleFontSize": 14},
}
THIN_MARK = " ⚠"
TAKEAWAY_FITS = 85
"""Latin characters that fit on one line of the takeaway at 20 pt; longer ones get 16 pt."""

INK = RGBColor(0x1F, 0x29, 0x37)
ACCENT = RGBColor(0x0B, 0x53, 0x94)
MUTED = RGBColor(0x6B, 0x72, 0x80)
GOOD = RGBColor(0x1B, 0x7F, 0x3B)
BAD = RGBColor(0xB4, 0x23, 0x18)
HEADER_FILL = RGBColor(0xE8, 0xEE, 0xF5)

Progress = Callable[[str, float], None]
Box = tuple[int, int, int, int]
"""left, top, width, height in EMU."""


@dataclass(frozen=True)
class Style:
    size: int
    color: RGBColor = INK
    bold: bool = False


def build_deck(pack: MeetingPack, progress: Progress | None = None) -> bytes:
    """The deck as ``.pptx`` bytes; ``progress`` hears of each slide as it is drawn."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    context, lang = pack.context, pack.context.lang
    steps: list[tuple[str, Callable[[], None]]] = [
        (t("export.deck_title", lang), lambda: _title_slide(deck, context)),
        (
            t("export.kpi_title", lang),
            lambda: _kpi_slide(deck, context, pack.kpis, pack.kpi_takeaway),
        ),
        *((chart.title, _later(_chart_slide, deck, context, chart)) for chart in pack.charts),
        *((table.title, _later(_table_slide, deck, context, table)) for table in pack.tables),
    ]
    for done, (name, draw) in enumerate(steps, start=1):
        draw()
        if progress:
            progress(name, done / len(steps))
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _later(draw: Callable[..., None], *args: object) -> Callable[[], None]:
    return lambda: draw(*args)


def _blank(deck: PresentationType) -> Slide:
    return deck.slides.add_slide(deck.slide_layouts[BLANK_LAYOUT])


def _title_slide(deck: PresentationType, context: ExportContext) -> None:
    lang = context.lang
    slide = _blank(deck)
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(0), Emu(0), SLIDE_WIDTH, Inches(0.25))
    band.fill.solid()
    band.fill.fore_color.rgb = ACCENT
    band.line.fill.background()
    _TextBox(slide, (MARGIN, Inches(1.8), CONTENT_WIDTH, Inches(1.1)), lang).add(
        t("export.deck_title", lang), Style(40, bold=True)
    )
    _TextBox(slide, (MARGIN, Inches(2.9), CONTENT_WIDTH, Inches(0.7)), lang).add(
        t("export.deck_subtitle", lang), Style(24, ACCENT)
    )
    details = _TextBox(slide, (MARGIN, Inches(4.1), CONTENT_WIDTH, Inches(2.4)), lang)
    for label, value in (
        (t("export.period", lang), context.period_text),
        (t("export.compared_with", lang), context.comparison_text),
        (t("export.filters", lang), context.filters_text),
    ):
        details.add(t("export.field_label", lang, label=label), Style(18, MUTED))
        details.add(value, Style(18), same_line=True)
    details.add(context.data_date_text, Style(18))


def _heading(
    deck: PresentationType, slide: Slide, context: ExportContext, title: str, takeaway: str
) -> None:
    lang = context.lang
    _TextBox(slide, (MARGIN, Inches(0.35), CONTENT_WIDTH, Inches(0.75)), lang).add(
        title, Style(28, bold=True)
    )
    if takeaway:
        size = 20 if _width(takeaway) <= TAKEAWAY_FITS else 16
        _TextBox(slide, (MARGIN, Inches(1.05), CONTENT_WIDTH, Inches(0.6)), lang).add(
            takeaway, Style(size, ACCENT)
        )
    footer = f"{context.period_text} · {context.filters_text} · {context.data_date_text}"
    _TextBox(slide, (MARGIN, FOOTER_TOP, Inches(11.2), Inches(0.4)), lang).add(
        footer, Style(11, MUTED)
    )
    number = deck.slides.index(slide) + 1
    _TextBox(slide, (Inches(11.9), FOOTER_TOP, Inches(0.85), Inches(0.4)), lang).add(
        str(number), Style(11, MUTED), align=PP_ALIGN.RIGHT
    )


def _width(line: str) -> int:
    """The line's width in Latin characters (an East-Asian character counts two)."""
    return sum(2 if ord(char) >= 0x2E80 else 1 for char in line)


def _kpi_slide(
    deck: PresentationType, context: ExportContext, kpis: Sequence[KpiFigure], takeaway: str
) -> None:
    lang = context.lang
    slide = _blank(deck)
    _heading(deck, slide, context, t("export.kpi_title", lang), takeaway)
    columns = tuple(
        t(f"export.{key}", lang) for key in ("kpi_column", "this_period", "comparison", "change")
    )
    rows = [
        (
            metric_label(kpi.metric.key, lang),
            kpi.shown(lang) + (THIN_MARK if kpi.is_thin else ""),
            kpi.shown_previous(lang),
            kpi.shown_change(lang),
        )
        for kpi in kpis
    ]
    thin = [kpi for kpi in kpis if kpi.is_thin]
    height = BODY_HEIGHT - (NOTE_HEIGHT if thin else 0)
    table = _table(slide, context, columns, rows, (5.3, 2.3, 2.3, 2.2), height)
    for row_index, kpi in enumerate(kpis, start=1):
        color = _change_color(kpi)
        for run in table.cell(row_index, 3).text_frame.paragraphs[0].runs:
            run.font.color.rgb = color
            run.font.bold = color != MUTED
    if thin:
        items = ", ".join(
            f"{metric_label(kpi.metric.key, lang)} n={kpi.observations}" for kpi in thin
        )
        _note(slide, t("export.thin_note", lang, items=items), lang)


def _note(slide: Slide, note: str, lang: str) -> None:
    """Small print at the foot of the body, above the footer."""
    box = (MARGIN, FOOTER_TOP - NOTE_HEIGHT, CONTENT_WIDTH, NOTE_HEIGHT)
    _TextBox(slide, box, lang).add(note, Style(13, MUTED))


def _change_color(kpi: KpiFigure) -> RGBColor:
    moved = kpi.change
    if moved is None or moved.direction == "flat":
        return MUTED
    better = (moved.direction == "up") == kpi.metric.higher_is_better
    return GOOD if better else BAD


def _chart_slide(deck: PresentationType, context: ExportContext, chart: ChartExport) -> None:
    slide = _blank(deck)
    _heading(deck, slide, context, chart.title, chart.takeaway)
    image = chart_png(chart.chart, None, scale=2, size=CHART_PIXELS, config=CHART_CONFIG)
    picture = slide.shapes.add_picture(io.BytesIO(image), MARGIN, BODY_TOP)
    height = BODY_HEIGHT - (NOTE_HEIGHT if chart.note else 0)
    fit = min(CONTENT_WIDTH / picture.width, height / picture.height)
    picture.width, picture.height = Emu(int(picture.width * fit)), Emu(int(picture.height * fit))
    picture.left = Emu(int((SLIDE_WIDTH - picture.width) / 2))
    if chart.note:
        _note(slide, chart.note, context.lang)


def _table_slide(deck: PresentationType, context: ExportContext, table: TableSlide) -> None:
    slide = _blank(deck)
    _heading(deck, slide, context, table.title, table.takeaway)
    first = 2.8
    rest = (CONTENT_WIDTH / Inches(1) - first) / max(len(table.columns) - 1, 1)
    widths = (first,) + (rest,) * (len(table.columns) - 1)
    height = BODY_HEIGHT - (NOTE_HEIGHT if table.note else 0)
    _table(slide, context, table.columns, table.rows, widths, height)
    if table.note:
        _note(slide, table.note, context.lang)


def _table(
    slide: Slide,
    context: ExportContext,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    height: int,
) -> Table:
    """A table with a shaded header, text right-aligned after the first column; rows share
    ``height`` up to half an inch each, and the type shrinks when they are many."""
    row_height = min(Inches(0.5), int(height / (len(rows) + 1)))
    size = 16 if row_height >= Inches(0.4) else 13
    if len(columns) > 5:
        size -= 2
    shape = slide.shapes.add_table(
        len(rows) + 1,
        len(columns),
        MARGIN,
        BODY_TOP,
        Inches(sum(widths)),
        Emu(row_height * (len(rows) + 1)),
    )
    table = shape.table
    for position, width in enumerate(widths):
        table.columns[position].width = Inches(width)
    for line, values in enumerate([columns, *rows]):
        table.rows[line].height = row_height
        for position, value in enumerate(values):
            cell = table.cell(line, position)
            if line == 0:
                cell.fill.solid()
                cell.fill.fore_color.rgb = HEADER_FILL
            else:
                cell.fill.background()
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            align = PP_ALIGN.RIGHT if position else PP_ALIGN.LEFT
            _write(cell.text_frame.paragraphs[0], value, Style(size, bold=line == 0), context.lang)
            cell.text_frame.paragraphs[0].alignment = align
    return table


class _TextBox:
    """A text box filled paragraph by paragraph."""

    def __init__(self, slide: Slide, box: Box, lang: str) -> None:
        left, top, width, height = box
        shape = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))
        self.frame = shape.text_frame
        self.frame.word_wrap = True
        self.lang = lang
        self.empty = True

    def add(
        self,
        value: str,
        style: Style,
        *,
        same_line: bool = False,
        align: PP_ALIGN | None = None,
    ) -> _TextBox:
        if self.empty or same_line:
            paragraph = self.frame.paragraphs[-1]
        else:
            paragraph = self.frame.add_paragraph()
        self.empty = False
        paragraph.space_after = Pt(6)
        if align is not None:
            paragraph.alignment = align
        _write(paragraph, value, style, self.lang)
        return self


def _write(paragraph: _Paragraph, value: str, style: Style, lang: str) -> None:
    """A run of ``value`` whose Latin and East-Asian fonts are both named."""
    run = paragraph.add_run()
    run.text = value
    font = run.font
    font.size = Pt(style.size)
    font.bold = style.bold
    font.color.rgb = style.color
    font.name = LATIN_FONT
    properties = run._r.get_or_add_rPr()
    properties.set("lang", t("export.lang_tag", lang))
    properties.set("altLang", t("export.alt_lang_tag", lang))
    east_asian = properties.find(qn("a:ea"))
    if east_asian is None:
        east_asian = properties.makeelement(qn("a:ea"), {})
        properties.find(qn("a:latin")).addnext(east_asian)
    east_asian.set("typeface", EAST_ASIAN_FONT)
