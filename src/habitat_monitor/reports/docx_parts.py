"""WordprocessingML pieces python-docx has no API for (pure): fields (page numbers,
the table of contents), repeated table header rows, cell shading, fonts for East
Asian text, the document language and the picture's text alternative.

Fields are written with their current text (the "cached result"), so a reader
sees sensible text before the word processor updates them; ``update_fields_on_open``
asks Word to update them (page numbers in the table of contents) when it opens.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

# Fonts a secretariat's word processor has: Times New Roman for Latin text, SimSun
# (宋体) for Chinese, as United Nations documents use; LibreOffice substitutes
# Liberation Serif and Noto Serif CJK SC for them.
LATIN_FONT = "Times New Roman"
EAST_ASIAN_FONT = "SimSun"
LANGUAGE_TAGS = {"en": "en-GB", "zh": "zh-CN"}


def _run_field(paragraph: Any, instruction: str, shown: str) -> None:
    """A complex field (``PAGE``, ``NUMPAGES``, ``TOC ...``) with ``shown`` as its
    current result."""
    parts: list[Any] = []
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    parts.append(begin)
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    parts.append(code)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    parts.append(separate)
    for part in parts:
        run = paragraph.add_run()
        run._r.append(part)
    paragraph.add_run(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def page_number_fields(paragraph: Any, template: str) -> None:
    """``template`` ("Page %(page)s of %(pages)s") with PAGE and NUMPAGES fields."""
    before, _sep, rest = template.partition("%(page)s")
    middle, _sep, after = rest.partition("%(pages)s")
    if before:
        paragraph.add_run(before)
    _run_field(paragraph, "PAGE", "1")
    if middle:
        paragraph.add_run(middle)
    if "%(pages)s" in template:
        _run_field(paragraph, "NUMPAGES", "1")
    if after:
        paragraph.add_run(after)


def table_of_contents(paragraph: Any, shown: str) -> None:
    """A TOC field over heading levels 1-2, showing ``shown`` until it is updated."""
    _run_field(paragraph, 'TOC \\o "1-2" \\h \\z \\u', shown)


def update_fields_on_open(document: Any) -> None:
    settings = document.settings.element
    found = settings.find(qn("w:updateFields"))
    if found is None:
        found = OxmlElement("w:updateFields")
        settings.append(found)
    found.set(qn("w:val"), "true")


def repeat_header(row: Any) -> None:
    """Repeat this row at the top of each page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def keep_row_together(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    properties.append(cant_split)


def shade(cell: Any, fill: str) -> None:
    """Fill a table cell with the colour ``fill`` (hex, no #)."""
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def set_fonts(style: Any, language: str, size: Any = None, colour: RGBColor | None = None) -> None:
    """Latin and East Asian fonts of a style, and its language, so Chinese text gets
    a Chinese font and proofing language."""
    style.font.name = LATIN_FONT
    if size is not None:
        style.font.size = size
    if colour is not None:
        style.font.color.rgb = colour
    properties = style.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), LANGUAGE_TAGS.get(language, "en-GB"))
    lang.set(qn("w:eastAsia"), "zh-CN")


def describe_picture(inline_shape: Any, description: str) -> None:
    """The picture's text alternative (what a screen reader says for the chart)."""
    properties = inline_shape._inline.docPr
    properties.set("descr", description)
    properties.set("title", description[:250])
