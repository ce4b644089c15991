"""The report as PDF: the HTML document printed by WeasyPrint (A4, page numbers,
running notice, table of contents with page numbers; ``reports/board.css``).

WeasyPrint finds the fonts through fontconfig (Debian's ``fonts-noto-cjk`` and
``fonts-liberation``); the document loads nothing from elsewhere, so the base URL
only serves to resolve in-document links.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import weasyprint

from habitat_monitor.reports.html import render_html
from habitat_monitor.reports.model import Report


def write_pdf(report: Report, target: Path | BinaryIO, *, html: str | None = None) -> None:
    """Print ``report`` (numbered) to ``target``; ``html``: its HTML, when already made."""
    document = weasyprint.HTML(string=html or render_html(report), base_url=".")
    document.write_pdf(target, pdf_variant=None, uncompressed_pdf=False)
