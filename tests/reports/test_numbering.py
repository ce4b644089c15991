"""UN-style labels and paragraph numbers (pure: no database)."""

from __future__ import annotations

import pytest

from habitat_monitor.reports import numbering
from habitat_monitor.reports.model import (
    Column,
    Cover,
    Figure,
    Paragraph,
    Report,
    Row,
    Section,
    Table,
    Words,
)


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL"), (1994, "MCMXCIV")],
)
def test_roman_numerals(number: int, expected: str) -> None:
    assert numbering.roman(number) == expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "一"), (2, "二"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三"),
     (100, "一百"), (105, "一百零五"), (110, "一百一十"), (999, "九百九十九")],
)  # fmt: skip
def test_chinese_numerals(number: int, expected: str) -> None:
    assert numbering.chinese_numeral(number) == expected


@pytest.mark.parametrize(("number", "expected"), [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ")])
def test_letters_go_on_after_z(number: int, expected: str) -> None:
    assert numbering.letters(number) == expected


@pytest.mark.parametrize("bad", [0, -1])
def test_numbers_below_one_have_no_label(bad: int) -> None:
    with pytest.raises(ValueError):
        numbering.roman(bad)
    with pytest.raises(ValueError):
        numbering.letters(bad)


def test_chapter_labels_follow_the_language() -> None:
    """English chapters are I., II.; Chinese ones 一、二、; items are (a) in both."""
    assert numbering.chapter_label(2, "en") == "II."
    assert numbering.chapter_label(2, "zh") == "二、"
    assert numbering.subsection_label(3) == "C."
    assert numbering.item_label(2) == "(b)"


def _table(key: str) -> Table:
    return Table(key=key, caption="Caption", columns=(Column("A"),), rows=(Row(("1",)),))


def _report(language: str = "en") -> Report:
    words = Words(chapter_ref="chapter %(number)s", annex_label="Annex %(number)s")
    if language == "zh":
        words = Words(
            chapter_ref="第%(number)s章", annex_label="附件%(number)s", table_label="表%(number)s"
        )
    intro = Section(
        key="intro",
        title="Introduction",
        blocks=(
            Paragraph("First."),
            Paragraph(
                "{chapter:results} gives the results, {table:counts} the counts.", items=("x", "y")
            ),
        ),
    )
    results = Section(
        key="results",
        title="Results",
        blocks=(Paragraph("Results first."), _table("counts")),
        subsections=(
            Section(key="a", title="Sub A", blocks=(Paragraph("In A."),)),
            Section(
                key="b",
                title="Sub B",
                blocks=(
                    Paragraph("In B, see {figure:chart}."),
                    Figure("chart", "T", "D", "<svg/>"),
                ),
            ),
        ),
    )
    annex = Section(
        key="methods", title="Methods", blocks=(Paragraph("Annex text."), _table("pending"))
    )
    return Report(
        language=language,
        title="T",
        cover=Cover("O", "Board", "T", "S"),
        summary=("See {annex:methods}.",),
        chapters=(intro, results),
        annexes=(annex,),
        words=words,
    )


def test_paragraphs_run_through_the_body_and_restart_in_each_annex() -> None:
    """1, 2 in the introduction; 3 for the chapter's own paragraph, then 4, 5 in its
    subsections (a chapter's paragraphs come before its subsections'); 1 in the annex."""
    report = numbering.numbered(_report())
    intro, results = report.chapters
    assert [p.number for p in intro.blocks if isinstance(p, Paragraph)] == [1, 2]
    assert results.blocks[0].number == 3  # type: ignore[union-attr]
    assert [s.blocks[0].number for s in results.subsections] == [4, 5]  # type: ignore[union-attr]
    assert report.annexes[0].blocks[0].number == 1  # type: ignore[union-attr]
    assert [s.label for s in report.chapters] == ["I.", "II."]
    assert [s.label for s in results.subsections] == ["A.", "B."]
    assert report.annexes[0].label == "Annex I"
    assert intro.blocks[1].item_labels == ("(a)", "(b)")  # type: ignore[union-attr]


def test_references_become_labels_capitalised_at_the_start() -> None:
    report = numbering.numbered(_report())
    text = report.chapters[0].blocks[1].text  # type: ignore[union-attr]
    assert text == "Chapter II gives the results, Table 1 the counts."
    assert report.summary == ("See annex I.",)
    assert report.table("pending").label == "Table 2"
    assert "Figure 1" in report.chapters[1].subsections[1].blocks[0].text  # type: ignore[union-attr]


def test_chinese_report_numbers_chapters_and_annexes_in_chinese() -> None:
    report = numbering.numbered(_report("zh"))
    assert [s.label for s in report.chapters] == ["一、", "二、"]
    assert report.annexes[0].label == "附件一"
    assert report.chapters[0].blocks[1].text.startswith("第二章 gives")  # type: ignore[union-attr]
    assert report.table("counts").label == "表1"


def test_an_unknown_reference_is_an_error_not_left_in_the_text() -> None:
    broken = _report()
    broken = Report(**{**broken.__dict__, "summary": ("See {table:nowhere}.",)})
    with pytest.raises(KeyError, match="nowhere"):
        numbering.numbered(broken)
