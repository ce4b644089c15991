"""The board report as plain data: what the HTML, PDF and DOCX writers all render (pure).

A ``Report`` is a cover with its summary, chapters and annexes. A chapter (a
``Section``) holds blocks (paragraphs, tables, figures) and may hold subsections.
Every text is final, in the report's language, except two things that
``numbering.numbered`` fills in, so that every format shows the same numbers:

* the labels: chapter ``I.`` / ``一、``, subsection ``A.``, annex ``Annex I`` /
  ``附件一``, paragraph numbers, ``(a)`` items, ``Table 3`` / ``表 3``;
* references written ``{table:KEY}``, ``{figure:KEY}``, ``{chapter:KEY}``,
  ``{annex:KEY}`` inside paragraph text, table notes and figure text, replaced by
  the label of the block or section with that key.

Charts are SVG strings (vl-convert's output), so no writer needs a chart library.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Marks beside an indicator code: invented figures, and values not yet approved.
ILLUSTRATIVE_MARK = "†"
UNAPPROVED_MARK = "*"


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; ``items`` are its sub-paragraphs (a), (b)...
    ``numbered``: False for a paragraph that carries no number (the summary)."""

    text: str
    items: tuple[str, ...] = ()
    numbered: bool = True
    number: int | None = None
    item_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    """A table column: its heading, whether it holds numbers (aligned to the end),
    its share of the table width (relative to the other columns)."""

    title: str
    numeric: bool = False
    width: float = 1.0
    # Short codes ("1.2.a.1") must not break across lines.
    nowrap: bool = False


@dataclass(frozen=True)
class Row:
    """A table row. ``group``: a heading row across every column (``cells[0]``);
    ``key``: what the row is about (an indicator code), for tests and links."""

    cells: tuple[str, ...]
    group: bool = False
    key: str = ""


@dataclass(frozen=True)
class Table:
    key: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()
    label: str = ""
    # Wide tables are set in a smaller type (the indicator table).
    compact: bool = False

    def __post_init__(self) -> None:
        for row in self.rows:
            if not row.group and len(row.cells) != len(self.columns):
                raise ValueError(
                    f"table {self.key}: a row has {len(row.cells)} cells "
                    f"for {len(self.columns)} columns"
                )


@dataclass(frozen=True)
class Figure:
    """A chart: its title, a sentence saying what it shows (the text alternative)
    and the SVG. ``width``: share of the text width it takes (0-1)."""

    key: str
    title: str
    description: str
    svg: str
    label: str = ""
    width: float = 1.0


Block = Paragraph | Table | Figure


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()
    label: str = ""


@dataclass(frozen=True)
class Cover:
    """The first page: who reports to whom, the title, and the facts a reader needs
    before the numbers (year, which figures, data cut-off date)."""

    organisation: str
    addressee: str
    title: str
    subtitle: str
    facts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Words:
    """The fixed words of the layout, in the report's language. The ``*_label`` and
    ``*_ref`` entries are templates with ``%(number)s``."""

    contents: str = "Contents"
    summary: str = "Summary"
    page_of: str = "Page %(page)s of %(pages)s"
    chapter_ref: str = "chapter %(number)s"
    annex_label: str = "Annex %(number)s"
    annex_ref: str = "annex %(number)s"
    table_label: str = "Table %(number)s"
    figure_label: str = "Figure %(number)s"
    # Between a table's or figure's label and its title: "Table 3. Title", "表 3  标题".
    caption_separator: str = ". "
    # Between a fact's name and its value on the cover of the DOCX: "Year: 2021".
    fact_separator: str = ": "
    toc_update: str = "Update this table of contents in the word processor to show page numbers."


@dataclass(frozen=True)
class Report:
    """The whole report. ``language``: ``en`` or ``zh`` (content key);
    ``notice``: the illustrative-data notice on every page ("" when no value is
    illustrative); ``running_title``: the short title in the page footers."""

    language: str
    title: str
    cover: Cover
    summary: tuple[str, ...]
    chapters: tuple[Section, ...]
    annexes: tuple[Section, ...] = ()
    notice: str = ""
    running_title: str = ""
    words: Words = field(default_factory=Words)

    def sections(self) -> list[Section]:
        """Every chapter and annex with their subsections, in reading order."""
        found: list[Section] = []

        def walk(section: Section) -> None:
            found.append(section)
            for sub in section.subsections:
                walk(sub)

        for top in (*self.chapters, *self.annexes):
            walk(top)
        return found

    def tables(self) -> list[Table]:
        return [b for s in self.sections() for b in s.blocks if isinstance(b, Table)]

    def table(self, key: str) -> Table:
        for found in self.tables():
            if found.key == key:
                return found
        raise KeyError(key)

    def figures(self) -> list[Figure]:
        return [b for s in self.sections() for b in s.blocks if isinstance(b, Figure)]

    def paragraphs(self) -> list[Paragraph]:
        return [b for s in self.sections() for b in s.blocks if isinstance(b, Paragraph)]
