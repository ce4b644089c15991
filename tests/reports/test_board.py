"""The board report of the demo plan for 2021 (published figures), in English and
Chinese: the PDF read back with pdftotext holds the progress pages' figures, the
illustrative notice and a page number on every page, a table of contents whose page
numbers are right; the DOCX holds the same indicator table as the HTML; page 1 of
each PDF is kept as a PNG test artefact. Each document is built once per language."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation

from habitat_monitor.core.translated import pick
from habitat_monitor.plans.models import Domain, Indicator, Plan
from habitat_monitor.progress import visibility
from habitat_monitor.progress.actions import record_action
from habitat_monitor.progress.views import data
from habitat_monitor.reports import formatting
from habitat_monitor.reports.build import LANGUAGES, build_report
from habitat_monitor.reports.docx_writer import write_docx
from habitat_monitor.reports.figures import PUBLISHED, ReportOptions
from habitat_monitor.reports.html import render_html
from habitat_monitor.reports.pdf import write_pdf
from tests.conftest import ensure_content

# The module's documents are built once, in a module fixture; the mark makes pytest-django
# create the test database for it.
pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
YEAR = 2021
PLAN = "UNH-SP-2020-2023"
ACTION = "Run the survey again with the national statistics office"


def _text(pdf: Path, page: int | None = None, *, layout: bool = False) -> str:
    command = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        command.append("-layout")
    if page is not None:
        command += ["-f", str(page), "-l", str(page)]
    done = subprocess.run([*command, str(pdf), "-"], capture_output=True, check=True, timeout=60)
    return done.stdout.decode("utf-8")


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def board(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """Both languages' PDF, HTML and DOCX, and what the progress pages show for 2021;
    built in a transaction rolled back afterwards (with one corrective action)."""
    out = tmp_path_factory.mktemp("board")
    built: dict[str, Any] = {}
    with django_db_blocker.unblock():
        ensure_content()
        with transaction.atomic():
            plan = Plan.objects.get(code=PLAN)
            with visibility.seeing(PUBLISHED):
                expected = data.framework_data(plan, YEAR)
            off = next(r["code"] for r in expected["indicators"] if r["status"] == "off_track")
            record_action(
                Indicator.objects.get(plan=plan, code=off),
                actor=get_user_model().objects.get(username="demo.reviewer"),
                cause="Late survey",
                action=ACTION,
                owner="Kenya country office",
                due_date=dt.date(2022, 3, 31),
                year=YEAR,
            )
            for language in LANGUAGES:
                report, _figures = build_report(ReportOptions(year=YEAR, language=language))
                html = render_html(report)
                paths = {fmt: out / f"board-{language}.{fmt}" for fmt in ("pdf", "html", "docx")}
                write_pdf(report, paths["pdf"], html=html)
                paths["html"].write_text(html, encoding="utf-8")
                write_docx(report, paths["docx"])
                with translation.override(LANGUAGES[language]), visibility.seeing(PUBLISHED):
                    page = data.framework_data(plan, YEAR)
                built[language] = {"report": report, "paths": paths, "page": page}
            built["off_track"] = off
            built["domains"] = [d.title for d in Domain.objects.filter(plan=plan, active=True)]
            transaction.set_rollback(True)
    for language in LANGUAGES:
        ARTIFACTS.mkdir(exist_ok=True)
        target = ARTIFACTS / f"board-report-p1-{language}"
        pdf = built[language]["paths"]["pdf"]
        command = ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"]
        subprocess.run([*command, str(pdf), str(target)], check=True, timeout=60)
    return built


def _indicator_table_text(pdf: Path, report: Any) -> str:
    """The layout text of the indicator table: from its caption to the next chapter."""
    text = _text(pdf, layout=True)
    start = text.index(report.table("indicators").caption)
    keys = [chapter.key for chapter in report.chapters]
    after = report.chapters[keys.index("indicators") + 1].title
    return text[start : text.index(after, start)]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_pdf_holds_every_indicator_figure_of_the_progress_pages(
    board: dict[str, Any], language: str
) -> None:
    """Each indicator's line in the table shows the baseline, the year's target and
    actual, the achievement and the status that the progress pages show."""
    page, paths = board[language]["page"], board[language]["paths"]
    table = _indicator_table_text(paths["pdf"], board[language]["report"])
    for row in page["indicators"]:
        line = re.search(rf"^\s*{re.escape(row['code'])}[†*]*\s.*$", table, re.MULTILINE)
        assert line is not None, f"{row['code']} is not in the indicator table"
        found = line.group(0)
        for value in (row["baseline"], row["target"], row["actual"]):
            assert formatting.number(value, language) in found, (row["code"], found)
        assert formatting.percent(row["achievement"], language) in found, (row["code"], found)
        assert row["status_label"] in found, (row["code"], found)


def test_the_pdf_gives_the_status_counts(board: dict[str, Any]) -> None:
    page, pdf = board["en"]["page"], board["en"]["paths"]["pdf"]
    counts = page["counts"]
    text = " ".join(_text(pdf).split())
    assert (
        f"Of the {counts['total']} indicators in {YEAR}: {counts['on_track']} on track, "
        f"{counts['at_risk']} at risk, {counts['off_track']} off track" in text
    )
    layout = _text(pdf, layout=True)
    for group in page["domains"]:
        cells = [group["counts"][k] for k in ("on_track", "at_risk", "off_track", "no_data")]
        pattern = r"\s+".join(str(n) for n in cells)
        assert re.search(rf"{re.escape(group['code'])}\. .*?{pattern}", layout), group["code"]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_page_has_the_notice_and_its_number(board: dict[str, Any], language: str) -> None:
    """The report's illustrative-data notice and "Page N of M" (in its language)."""
    pdf, report = board[language]["paths"]["pdf"], board[language]["report"]
    assert report.notice
    pages = _pages(pdf)
    assert pages > 5
    for number in range(1, pages + 1):
        text = "".join(_text(pdf, number).split())
        assert "".join(report.notice.split()) in text, f"page {number} has no notice"
        numbered = report.words.page_of % {"page": number, "pages": pages}
        assert "".join(numbered.split()) in text, f"page {number} has no page number"


def test_the_table_of_contents_gives_the_right_pages(board: dict[str, Any]) -> None:
    """Page 2 lists each chapter with the page where its heading is."""
    pdf = board["en"]["paths"]["pdf"]
    contents = _text(pdf, 2, layout=True)
    assert "Contents" in contents
    for title in ("Introduction", "Results by indicator", "Data sources and methods"):
        match = re.search(rf"{title}[ .]*(\d+)\s*$", contents, re.MULTILINE)
        assert match is not None, f"{title} is not in the table of contents"
        assert title in _text(pdf, int(match.group(1))), f"{title} is not on its page"


def test_the_attention_chapter_shows_the_corrective_action(board: dict[str, Any]) -> None:
    text = " ".join(_text(board["en"]["paths"]["pdf"]).split())
    assert ACTION in text
    assert "owner: Kenya country office; due 31 March 2022; planned" in text


def test_the_chinese_pdf_is_in_chinese(board: dict[str, Any]) -> None:
    """The plan's Chinese domain names, Chinese numbering and dates."""
    text = _text(board["zh"]["paths"]["pdf"])
    flat = "".join(text.split())
    for title in board["domains"]:
        assert "".join(pick(title, "zh").split()) in flat
    assert "一、" in text and "二、" in text
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", text)


class _Rows(HTMLParser):
    """The ``data-key`` of each row of one table of the HTML."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id, self.inside, self.keys = table_id, False, []  # type: ignore[var-annotated]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            self.inside = found.get("id") == self.table_id
        elif tag == "tr" and self.inside and found.get("data-key"):
            self.keys.append(found["data-key"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_docx_holds_the_same_tables_as_the_html(board: dict[str, Any], language: str) -> None:
    paths, report = board[language]["paths"], board[language]["report"]
    document = docx.Document(str(paths["docx"]))
    assert len(document.tables) == len(report.tables())
    html = paths["html"].read_text(encoding="utf-8")
    parser = _Rows("table-indicators")
    parser.feed(html)
    codes = [row["code"] for row in board[language]["page"]["indicators"]]
    assert sorted(parser.keys) == sorted(codes)
    table = document.tables[[t.key for t in report.tables()].index("indicators")]
    docx_rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    shown = [cells for cells in docx_rows if len(set(cells)) > 1]  # not the group rows
    assert [cells[0].rstrip("†*") for cells in shown] == parser.keys
    model = [row.cells for row in report.table("indicators").rows if not row.group]
    assert [tuple(cells) for cells in shown] == model
    assert report.notice in document.sections[0].header.paragraphs[0].text


def test_page_one_is_kept_as_an_image(board: dict[str, Any]) -> None:
    for language in LANGUAGES:
        image = ARTIFACTS / f"board-report-p1-{language}.png"
        assert image.exists() and image.stat().st_size > 10_000
        assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
