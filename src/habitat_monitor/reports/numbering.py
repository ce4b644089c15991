"""Labels and paragraph numbers in the style of United Nations documents (pure).

The rules, in words (the seed document, an Executive Director's report to the
Executive Board, follows them in Chinese; its English twin the same in English):

* **Chapters** are numbered with capital Roman numerals in English (``I.``, ``II.``)
  and with Chinese numerals followed by the enumeration comma in Chinese
  (``一、``, ``二、``).
* **Subsections** inside a chapter or an annex carry capital Latin letters in both
  languages (``A.``, ``B.``), starting again at ``A`` in each chapter.
* **Paragraphs** of the body are numbered 1, 2, 3... straight through every chapter
  and subsection (the number does not restart with a chapter). Each **annex**
  numbers its paragraphs again from 1.
* **Sub-paragraphs** are ``(a)``, ``(b)``... in both languages (after ``(z)``:
  ``(aa)``, ``(ab)``...).
* **Annexes** are ``Annex I``, ``Annex II`` in English and ``附件一``, ``附件二`` in
  Chinese (the words come from ``Words.annex_label``).
* **Tables and figures** are numbered 1, 2, 3... through the whole report, annexes
  included, so that every reference is unambiguous.
* **References** ``{table:KEY}``, ``{figure:KEY}``, ``{chapter:KEY}`` and
  ``{annex:KEY}`` in texts become the label of what they name (``Table 3``,
  ``chapter II`` / ``第二章``); one that starts a text takes a capital letter
  (``Chapter II``); an unknown key is an error, never left in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from habitat_monitor.reports.model import Block, Figure, Paragraph, Report, Section, Table

_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
_DIGITS = "零一二三四五六七八九"
_REFERENCE = re.compile(r"\{(table|figure|chapter|annex):([A-Za-z0-9_.-]+)\}")


def roman(number: int) -> str:
    """``4`` -> ``IV`` (1 to 3999)."""
    if not 0 < number < 4000:
        raise ValueError(f"no Roman numeral for {number}")
    parts = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        parts.append(letters * count)
    return "".join(parts)


def chinese_numeral(number: int) -> str:
    """``1`` -> ``一``, ``10`` -> ``十``, ``12`` -> ``十二``, ``20`` -> ``二十``,
    ``105`` -> ``一百零五`` (1 to 999)."""
    if not 0 < number < 1000:
        raise ValueError(f"no Chinese numeral written here for {number}")
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    text = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        # 10-19 are written 十, 十一... on their own, 一十 after a hundred.
        text += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and units:
        text += "零"
    if units:
        text += _DIGITS[units]
    return text


def letters(number: int) -> str:
    """``1`` -> ``A``, ``26`` -> ``Z``, ``27`` -> ``AA`` (bijective base 26)."""
    if number < 1:
        raise ValueError(f"no letter for {number}")
    text = ""
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def numeral(number: int, language: str) -> str:
    """A chapter's or annex's number: Chinese numerals in Chinese, Roman otherwise."""
    return chinese_numeral(number) if language == "zh" else roman(number)


def chapter_label(number: int, language: str) -> str:
    return f"{chinese_numeral(number)}、" if language == "zh" else f"{roman(number)}."


def subsection_label(number: int) -> str:
    return f"{letters(number)}."


def item_label(number: int) -> str:
    return f"({letters(number).lower()})"


class _Counter:
    def __init__(self) -> None:
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


def _label_blocks(
    blocks: tuple[Block, ...],
    paragraphs: _Counter,
    tables: _Counter,
    figures: _Counter,
    report: Report,
) -> tuple[Block, ...]:
    labelled: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            items = tuple(item_label(n) for n in range(1, len(block.items) + 1))
            number = paragraphs.next() if block.numbered else None
            labelled.append(replace(block, number=number, item_labels=items))
        elif isinstance(block, Table):
            label = report.words.table_label % {"number": tables.next()}
            labelled.append(replace(block, label=label))
        else:
            label = report.words.figure_label % {"number": figures.next()}
            labelled.append(replace(block, label=label))
    return tuple(labelled)


def _label_section(
    section: Section, label: str, counters: tuple[_Counter, _Counter, _Counter], report: Report
) -> Section:
    # A section's own blocks come before its subsections in reading order.
    blocks = _label_blocks(section.blocks, *counters, report)
    subsections = tuple(
        _label_section(sub, subsection_label(n), counters, report)
        for n, sub in enumerate(section.subsections, start=1)
    )
    return replace(section, label=label, blocks=blocks, subsections=subsections)


def _references(report: Report) -> dict[str, str]:
    found: dict[str, str] = {}
    language = report.language
    for n, chapter in enumerate(report.chapters, start=1):
        found[f"chapter:{chapter.key}"] = report.words.chapter_ref % {
            "number": numeral(n, language)
        }
    for n, annex in enumerate(report.annexes, start=1):
        found[f"annex:{annex.key}"] = report.words.annex_ref % {"number": numeral(n, language)}
    for table in report.tables():
        found[f"table:{table.key}"] = table.label
    for figure in report.figures():
        found[f"figure:{figure.key}"] = figure.label
    return found


def resolve(text: str, references: dict[str, str]) -> str:
    """``text`` with each ``{kind:key}`` replaced by its label (KeyError if unknown)."""

    def label(match: re.Match[str]) -> str:
        key = f"{match.group(1)}:{match.group(2)}"
        if key not in references:
            raise KeyError(f"reference to an unknown {match.group(1)}: {match.group(2)}")
        found = references[key]
        return found[:1].upper() + found[1:] if match.start() == 0 else found

    return _REFERENCE.sub(label, text)


def _resolve_section(section: Section, fix: Callable[[str], str]) -> Section:
    blocks: list[Block] = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            blocks.append(
                replace(block, text=fix(block.text), items=tuple(fix(i) for i in block.items))
            )
        elif isinstance(block, Table):
            notes = tuple(fix(note) for note in block.notes)
            blocks.append(replace(block, caption=fix(block.caption), notes=notes))
        elif isinstance(block, Figure):
            blocks.append(replace(block, description=fix(block.description)))
    subsections = tuple(_resolve_section(sub, fix) for sub in section.subsections)
    return replace(section, blocks=tuple(blocks), subsections=subsections)


def numbered(report: Report) -> Report:
    """The report with every label and number filled in and every reference resolved."""
    tables, figures = _Counter(), _Counter()
    body = _Counter()
    chapters = tuple(
        _label_section(chapter, chapter_label(n, report.language), (body, tables, figures), report)
        for n, chapter in enumerate(report.chapters, start=1)
    )
    annexes = tuple(
        _label_section(
            annex,
            report.words.annex_label % {"number": numeral(n, report.language)},
            (_Counter(), tables, figures),
            report,
        )
        for n, annex in enumerate(report.annexes, start=1)
    )
    labelled = replace(report, chapters=chapters, annexes=annexes)
    references = _references(labelled)

    def fix(text: str) -> str:
        return resolve(text, references)

    return replace(
        labelled,
        summary=tuple(fix(text) for text in labelled.summary),
        chapters=tuple(_resolve_section(s, fix) for s in labelled.chapters),
        annexes=tuple(_resolve_section(s, fix) for s in labelled.annexes),
    )
