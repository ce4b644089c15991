"""The report as one self-contained HTML document (``reports/board.html``), which is
also what WeasyPrint prints to PDF: the print rules of its stylesheet set the A4
pages, the running notice, page numbers and the table of contents' page numbers.

Nothing is loaded from elsewhere: the charts are inline SVG, the styles inline, the
fonts are named for fontconfig (Debian's Liberation and Noto CJK), no web fonts.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from habitat_monitor.reports.model import Figure, Paragraph, Report, Section, Table

# Body text in a serif face, as United Nations documents are set; tables, charts and
# the running heads in a sans face. DejaVu carries the status symbols (✓ ▲ ✕ ○).
FONTS = {
    "en": {
        "serif": '"Liberation Serif", "Noto Serif CJK SC", "DejaVu Serif", serif',
        "sans": '"Liberation Sans", "Noto Sans CJK SC", "DejaVu Sans", sans-serif',
    },
    "zh": {
        "serif": '"Noto Serif CJK SC", "Liberation Serif", "DejaVu Serif", serif',
        "sans": '"Noto Sans CJK SC", "Liberation Sans", "DejaVu Sans", sans-serif',
    },
}
LANGUAGE_TAGS = {"en": "en", "zh": "zh-Hans"}


def css_string(text: str) -> str:
    """``text`` as a CSS string literal (quotes and backslashes escaped, no newline)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def page_content(template: str) -> str:
    """``Page %(page)s of %(pages)s`` as a CSS ``content`` value with page counters."""
    before, _sep, rest = template.partition("%(page)s")
    middle, _sep, after = rest.partition("%(pages)s")
    parts = [css_string(before), "counter(page)"]
    if "%(pages)s" in template:
        parts += [css_string(middle), "counter(pages)"]
    parts.append(css_string(after))
    return " ".join(part for part in parts if part != '""')


def _block(block: Paragraph | Table | Figure) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        items = list(zip(block.item_labels, block.items, strict=True))
        return {"kind": "paragraph", "block": block, "items": items}
    if isinstance(block, Table):
        total = sum(column.width for column in block.columns) or 1
        columns = [
            {"column": column, "percent": round(100 * column.width / total, 2)}
            for column in block.columns
        ]
        rows = [
            {
                "group": row.group,
                "key": row.key,
                "cells": [
                    {"text": text, "numeric": column.numeric, "nowrap": column.nowrap}
                    for text, column in zip(row.cells, block.columns, strict=not row.group)
                ],
            }
            for row in block.rows
        ]
        return {
            "kind": "table",
            "block": block,
            "columns": columns,
            "rows": rows,
            "span": len(columns),
        }
    # The SVG is vl-convert's markup with an escaped aria-label (portal.charts.render).
    return {"kind": "figure", "block": block, "svg": mark_safe(block.svg)}


def _section(section: Section, level: int, annex: bool = False) -> dict[str, Any]:
    return {
        "section": section,
        "id": f"sec-{section.key}",
        "level": level,
        "annex": annex,
        "blocks": [_block(block) for block in section.blocks],
        "subsections": [_section(sub, level + 1) for sub in section.subsections],
    }


def render_html(report: Report) -> str:
    """The report (numbered) as an HTML document."""
    fonts = FONTS.get(report.language, FONTS["en"])
    context = {
        "report": report,
        "lang": LANGUAGE_TAGS.get(report.language, "en"),
        "chapters": [_section(chapter, 2) for chapter in report.chapters],
        "annexes": [_section(annex, 2, annex=True) for annex in report.annexes],
        "css": {
            "serif": mark_safe(fonts["serif"]),
            "sans": mark_safe(fonts["sans"]),
            "page": mark_safe(page_content(report.words.page_of)),
            "running_title": mark_safe(css_string(report.running_title)),
        },
    }
    return render_to_string("reports/board.html", context)
