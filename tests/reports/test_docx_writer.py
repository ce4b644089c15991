"""The DOCX writer, from a small report built by hand (pure: no database)."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from habitat_monitor.portal.charts import render, specs
from habitat_monitor.reports.docx_writer import write_docx
from habitat_monitor.reports.model import (
    Column,
    Cover,
    Figure,
    Paragraph,
    Report,
    Row,
    Section,
    Table,
)
from habitat_monitor.reports.numbering import numbered

NOTICE = "Illustrative data: invented for the demonstration."


def _chart_svg() -> str:
    words = {
        "description": "Indicators by status",
        "count": "Indicators",
        "status_labels": {
            "on_track": "On track",
            "at_risk": "At risk",
            "off_track": "Off track",
            "no_data": "No data",
            "not_yet_due": "Not yet due",
        },
    }
    rows = [{"key": "1", "label": "Domain 1", "counts": {"on_track": 2, "off_track": 1}}]
    return render.to_svg(specs.status_bars(rows, words, width=300))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> docx.document.Document:
    table = Table(
        key="indicators",
        caption="Indicator results, 2021",
        columns=(Column("Code"), Column("Indicator"), Column("Actual", numeric=True)),
        rows=(
            Row(("Domain of change 1",), group=True),
            Row(("1.1.1", "Share of people\nwith access", "1,234.5"), key="1.1.1"),
            Row(("1.1.2", "Cities", "\u2013"), key="1.1.2"),
        ),
        notes=("† Illustrative figures.",),
    )
    chapter = Section(
        key="progress",
        title="Progress",
        blocks=(
            Paragraph("See {table:indicators}.", items=("first", "second")),
            table,
            Figure("chart", "Indicators by status", "Two on track, one off track.", _chart_svg()),
        ),
        subsections=(Section(key="d1", title="Domain one", blocks=(Paragraph("Sub."),)),),
    )
    annex = Section(key="methods", title="Methods", blocks=(Paragraph("How."),))
    report = numbered(
        Report(
            language="en",
            title="Progress in implementing the plan",
            cover=Cover("Organisation", "Executive Board", "Progress", "Report for 2021"),
            summary=("A summary.",),
            chapters=(
                Section(key="intro", title="Introduction", blocks=(Paragraph("One."),)),
                chapter,
            ),
            annexes=(annex,),
            notice=NOTICE,
            running_title="Plan: progress in 2021",
        )
    )
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    write_docx(report, path)
    return docx.Document(str(path))


def test_the_notice_is_in_the_header_of_every_page(written: docx.document.Document) -> None:
    """One section, so one header: it repeats on every page."""
    assert len(written.sections) == 1
    assert NOTICE in written.sections[0].header.paragraphs[0].text


def test_the_footer_numbers_the_pages(written: docx.document.Document) -> None:
    footer = written.sections[0].footer.paragraphs[0]
    codes = [node.text for node in footer._p.iter(qn("w:instrText"))]
    assert [code.strip() for code in codes] == ["PAGE", "NUMPAGES"]
    assert "Plan: progress in 2021" in footer.text


def test_headings_and_numbered_paragraphs(written: docx.document.Document) -> None:
    paragraphs = [(p.style.name, p.text) for p in written.paragraphs]
    assert ("Heading 1", "I.\tIntroduction") in paragraphs
    assert ("Heading 1", "II.\tProgress") in paragraphs
    assert ("Heading 2", "A.\tDomain one") in paragraphs
    texts = [text for _style, text in paragraphs]
    assert "1.\tOne." in texts
    assert "2.\tSee Table 1." in texts
    assert "(a)\tfirst" in texts and "(b)\tsecond" in texts
    assert "3.\tSub." in texts
    # The annex restarts the numbering and starts with its label on its own line.
    assert "Annex I\nMethods" in texts and "1.\tHow." in texts


def test_the_table_has_a_repeated_header_and_a_group_row(written: docx.document.Document) -> None:
    [table] = written.tables
    header = table.rows[0]
    assert [cell.text for cell in header.cells] == ["Code", "Indicator", "Actual"]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    group = table.rows[1]
    assert {cell.text for cell in group.cells} == {"Domain of change 1"}
    assert [cell.text for cell in table.rows[2].cells] == [
        "1.1.1",
        "Share of people\nwith access",
        "1,234.5",
    ]
    assert table.rows[2].cells[2].paragraphs[0].alignment == 2  # right-aligned number


def test_the_chart_is_a_picture_with_its_description(written: docx.document.Document) -> None:
    [shape] = written.inline_shapes
    assert shape._inline.docPr.get("descr") == "Two on track, one off track."
    texts = [p.text for p in written.paragraphs]
    assert "Figure 1. Indicators by status" in texts


def test_the_table_of_contents_is_a_field(written: docx.document.Document) -> None:
    codes = [node.text for node in written.element.body.iter(qn("w:instrText"))]
    assert any(code.strip().startswith("TOC") for code in codes)
    settings = written.settings.element
    assert settings.find(qn("w:updateFields")) is not None
