"""The report as a DOCX file a secretariat can edit (python-docx; pure).

What the writer does, in words:

* A4 pages; the illustrative-data notice (when there is one) in the header of every
  page, the short title and "Page N of M" in the footer (fields the word processor
  keeps current while the text is edited).
* The cover, the summary, then a table of contents (a TOC field over the chapter
  and subsection headings, showing the headings until it is updated: Word updates
  it on opening, LibreOffice on *Tools > Update*).
* Chapters as "Heading 1", subsections as "Heading 2", so the document map and the
  table of contents work; each annex starts on a new page.
* Paragraph numbers and ``(a)`` items are plain text followed by a tab with a
  hanging indent, as United Nations documents are typed: the numbers are the ones
  the PDF shows, and an editor can change them like any text.
* Tables keep their header row (repeated on every page) and their column shares;
  number columns are aligned to the end; group rows span the table.
* Charts become PNG pictures (vl-convert draws the SVG at twice its size), with the
  chart's description as the picture's text alternative and below it.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, BinaryIO

import vl_convert
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt, RGBColor

from habitat_monitor.reports import docx_parts
from habitat_monitor.reports.model import Figure, Paragraph, Report, Section, Table

TEXT_WIDTH_CM = 16.0
NOTICE_COLOUR = RGBColor(0x8A, 0x3B, 0x00)
HEADER_FILL = "DCE3EA"
GROUP_FILL = "F2F5F8"
PNG_SCALE = 2.0


def _styles(document: Any, language: str) -> None:
    styles = document.styles
    docx_parts.set_fonts(styles["Normal"], language, Pt(10.5))
    styles["Normal"].paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 20), ("Subtitle", 13), ("Heading 1", 14), ("Heading 2", 12)):
        docx_parts.set_fonts(styles[name], language, Pt(size), RGBColor(0x1B, 0x27, 0x33))
        styles[name].font.bold = name != "Subtitle"
    for name in ("Header", "Footer", "Caption"):
        docx_parts.set_fonts(styles[name], language, Pt(9))
    styles["Heading 1"].paragraph_format.space_before = Pt(18)
    styles["Heading 2"].paragraph_format.space_before = Pt(12)


def _page(document: Any, report: Report) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if report.notice:
        run = header.add_run(report.notice)
        run.bold = True
        run.font.color.rgb = NOTICE_COLOUR
    footer = section.footer.paragraphs[0]
    footer.add_run(f"{report.running_title}\t\t")
    docx_parts.page_number_fields(footer, report.words.page_of)


def _cover(document: Any, report: Report) -> None:
    cover = report.cover
    document.add_paragraph(cover.organisation).runs[0].bold = True
    document.add_paragraph(cover.addressee)
    document.add_paragraph(cover.title, style="Title")
    document.add_paragraph(cover.subtitle, style="Subtitle")
    for name, value in cover.facts:
        line = document.add_paragraph()
        line.add_run(f"{name}{report.words.fact_separator}").bold = True
        line.add_run(value)
    document.add_paragraph(report.words.summary, style="Heading 2")
    for text in report.summary:
        document.add_paragraph(text)


def _contents(document: Any, report: Report) -> None:
    document.add_page_break()
    document.add_paragraph(report.words.contents, style="Heading 2")
    lines = [f"{s.label} {s.title}".strip() for s in (*report.chapters, *report.annexes)]
    docx_parts.table_of_contents(document.add_paragraph(), "\n".join(lines))
    note = document.add_paragraph(report.words.toc_update)
    note.style = document.styles["Caption"]
    document.add_page_break()


def _paragraph(document: Any, block: Paragraph) -> None:
    text = f"{block.number}.\t{block.text}" if block.number is not None else block.text
    written = document.add_paragraph(text)
    if block.number is not None:
        # The number sits at the margin and the text at 1 cm: a hanging indent.
        written.paragraph_format.left_indent = Cm(1)
        written.paragraph_format.first_line_indent = Cm(-1)
        written.paragraph_format.tab_stops.add_tab_stop(Cm(1))
    for label, item in zip(block.item_labels, block.items, strict=True):
        sub = document.add_paragraph(f"{label}\t{item}")
        sub.paragraph_format.left_indent = Cm(2)
        sub.paragraph_format.first_line_indent = Cm(-1)
        sub.paragraph_format.tab_stops.add_tab_stop(Cm(2))


def _cell(cell: Any, text: str, *, numeric: bool, bold: bool, size: float) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if numeric:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold


def _table(document: Any, block: Table, separator: str) -> None:
    caption = document.add_paragraph(style="Caption")
    caption.add_run(f"{block.label}{separator}{block.caption}").bold = True
    caption.paragraph_format.keep_with_next = True
    size = 8 if block.compact else 9
    table = document.add_table(rows=1, cols=len(block.columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(column.width for column in block.columns)
    widths = [Cm(TEXT_WIDTH_CM * column.width / total) for column in block.columns]
    header = table.rows[0]
    docx_parts.repeat_header(header)
    for cell, column, width in zip(header.cells, block.columns, widths, strict=True):
        cell.width = width
        _cell(cell, column.title, numeric=column.numeric, bold=True, size=size)
        docx_parts.shade(cell, HEADER_FILL)
    for row in block.rows:
        cells = table.add_row().cells
        docx_parts.keep_row_together(table.rows[-1])
        if row.group:
            merged = cells[0].merge(cells[-1])
            _cell(merged, row.cells[0], numeric=False, bold=True, size=size)
            docx_parts.shade(merged, GROUP_FILL)
            continue
        for cell, text, column, width in zip(cells, row.cells, block.columns, widths, strict=True):
            cell.width = width
            _cell(cell, text, numeric=column.numeric, bold=False, size=size)
    for note in block.notes:
        written = document.add_paragraph(note, style="Caption")
        written.paragraph_format.space_after = Pt(2)
    document.add_paragraph()


def _figure(document: Any, block: Figure, separator: str) -> None:
    caption = document.add_paragraph(style="Caption")
    caption.add_run(f"{block.label}{separator}{block.title}").bold = True
    caption.paragraph_format.keep_with_next = True
    png = vl_convert.svg_to_png(block.svg, scale=PNG_SCALE)
    picture = document.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    shape = picture.add_run().add_picture(io.BytesIO(png), width=Cm(TEXT_WIDTH_CM * block.width))
    docx_parts.describe_picture(shape, block.description)
    document.add_paragraph(block.description, style="Caption")


def _section(
    document: Any, section: Section, level: int, separator: str, *, annex: bool = False
) -> None:
    if annex:
        document.add_page_break()
        heading = document.add_paragraph(style="Heading 1")
        heading.add_run(section.label)
        heading.add_run().add_break(WD_BREAK.LINE)
        heading.add_run(section.title)
    else:
        document.add_paragraph(f"{section.label}\t{section.title}", style=f"Heading {level}")
    for block in section.blocks:
        if isinstance(block, Paragraph):
            _paragraph(document, block)
        elif isinstance(block, Table):
            _table(document, block, separator)
        else:
            _figure(document, block, separator)
    for sub in section.subsections:
        _section(document, sub, min(level + 1, 2), separator)


def write_docx(report: Report, target: Path | BinaryIO) -> None:
    """Write ``report`` (numbered: ``numbering.numbered``) as DOCX to a path or stream."""
    document = Document()
    _styles(document, report.language)
    _page(document, report)
    properties = document.core_properties
    properties.title = report.title
    properties.language = docx_parts.LANGUAGE_TAGS.get(report.language, "en-GB")
    _cover(document, report)
    _contents(document, report)
    for chapter in report.chapters:
        _section(document, chapter, 1, report.words.caption_separator)
    for annex in report.annexes:
        _section(document, annex, 1, report.words.caption_separator, annex=True)
    docx_parts.update_fields_on_open(document)
    document.save(str(target) if isinstance(target, Path) else target)
