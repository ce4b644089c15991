"""The chapter on the human settlements needs typology: the latest round with final
assessments (the round the map page shows), its counts by category and by region,
the map by category, and what changed since the round before it.

Only final assessments count (drafts are work in progress), with the category that
counts (the override when there is one): the typology pages' own reads
(``typology.uses_queries``). No round with final assessments: no chapter.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from habitat_monitor.portal.map_data import latest_round
from habitat_monitor.progress import visibility
from habitat_monitor.reports import charts, formatting
from habitat_monitor.reports.figures import Figures
from habitat_monitor.reports.model import Block, Column, Paragraph, Row, Section, Table
from habitat_monitor.reports.sections.common import sentences
from habitat_monitor.typology import queries, uses, uses_queries
from habitat_monitor.typology.uses import Place

MAX_LISTED_CHANGES = 40


def _category_table(
    titles: dict[int, str], summary: dict[str, Any], places: list[Place], language: str
) -> Table:
    counts = {row["category"]: row["count"] for row in summary["by_category"]}
    names: dict[int | None, list[str]] = {}
    for place in sorted(places, key=lambda p: p.name or p.place):
        names.setdefault(place.category, []).append(place.name or place.place)
    separator = "、" if language == "zh" else ", "
    rows = [
        Row(
            (
                str(n),
                title,
                formatting.number(counts.get(n, 0), language),
                separator.join(names.get(n, [])) or formatting.MISSING,
            )
        )
        for n, title in sorted(titles.items())
    ]
    rows.append(Row(("", _("Total"), formatting.number(summary["total"], language), "")))
    return Table(
        key="typology-categories",
        caption=_("Countries and cities by needs-typology category"),
        columns=(
            Column(_("Category"), width=0.9),
            Column(_("Description"), width=4.2),
            Column(_("Countries and cities"), numeric=True, width=1.2),
            Column(_("Where"), width=3.2),
        ),
        rows=tuple(rows),
    )


def _region_table(numbers: list[int], summary: dict[str, Any], language: str) -> Table:
    columns = (
        Column(_("Region"), width=2.5),
        *(Column(_("Category %(number)s") % {"number": n}, numeric=True) for n in numbers),
        Column(_("Total"), numeric=True),
    )
    rows = []
    for region in summary["by_region"]:
        counts = [cell["count"] for cell in region["by_category"]]
        cells = [formatting.number(count, language) for count in (*counts, sum(counts))]
        rows.append(Row((region["region"], *cells)))
    return Table(
        key="typology-regions",
        caption=_("Needs-typology categories by region"),
        columns=columns,
        rows=tuple(rows),
    )


def _changes(changes: dict[str, Any], previous: str, language: str) -> list[Block]:
    counts = changes["counts"]
    text = _(
        "Compared with the round %(previous)s: category changed, %(changed)s; assessed for "
        "the first time, %(new)s; not assessed again, %(gone)s; priority domains changed, "
        "%(domains)s."
    ) % {
        "previous": previous,
        "changed": counts["changed"],
        "new": counts["new"],
        "gone": counts["gone"],
        "domains": counts["domains_changed"],
    }
    listed = changes["listed"]
    if not listed or len(listed) > MAX_LISTED_CHANGES:
        return [Paragraph(text)]
    text = sentences(
        (text, _("%(table)s lists them.") % {"table": "{table:typology-changes}"}), language
    )
    missing = formatting.MISSING
    rows = tuple(
        Row(
            (
                row["name"],
                row["region"] or missing,
                str(row["before"] or missing),
                str(row["after"] or missing),
                row["change_label"],
            )
        )
        for row in listed
    )
    table = Table(
        key="typology-changes",
        caption=_("Places whose category or priority domains changed since %(round)s")
        % {"round": previous},
        columns=(
            Column(_("Country or city"), width=2.6),
            Column(_("Region"), width=1.8),
            Column(_("Before"), numeric=True, width=0.8),
            Column(_("After"), numeric=True, width=0.8),
            Column(_("Change"), width=1.8),
        ),
        rows=rows,
    )
    return [Paragraph(text), table]


def typology_chapter(figures: Figures, language: str) -> tuple[Section | None, bool]:
    """The chapter, or None without a round; and whether its figures are illustrative."""
    found_round = latest_round(figures.plan)
    if found_round is None:
        return None, False
    found = queries.plan_typology(figures.plan)
    titles = queries.category_titles(found[1] if found else None)
    numbers = sorted(titles)
    places = uses_queries.round_places(found_round)
    summary = uses.round_summary(places, numbers)
    intro = ngettext(
        "The needs typology classifies each country or city into one of %(count)s category "
        "from how far it has the drivers of change and the performance enablers, and "
        "whether it faces shocks or crisis.",
        "The needs typology classifies each country or city into one of %(count)s "
        "categories from how far it has the drivers of change and the performance "
        "enablers, and whether it faces shocks or crisis.",
        len(numbers),
    ) % {"count": len(numbers)}
    latest = ngettext(
        "The latest round with final assessments, %(round)s, classified %(total)s country "
        "or city (%(table)s); %(regions)s gives the categories by region.",
        "The latest round with final assessments, %(round)s, classified %(total)s countries "
        "and cities (%(table)s); %(regions)s gives the categories by region.",
        summary["total"],
    ) % {
        "round": found_round.label,
        "total": summary["total"],
        "table": "{table:typology-categories}",
        "regions": "{table:typology-regions}",
    }
    parts = [intro, latest]
    if found_round.illustrative:
        parts.append(
            _("The assessments of this round are illustrative, invented for the demonstration.")
        )
    blocks: list[Block] = [
        Paragraph(sentences(parts, language)),
        _category_table(titles, summary, places, language),
    ]
    title = _("Needs-typology category by country, round %(round)s") % {"round": found_round.label}
    description = _(
        "World map of the countries assessed in the round %(round)s, each coloured by its "
        "category; %(table)s gives the counts."
    ) % {"round": found_round.label, "table": "{table:typology-categories}"}
    with visibility.seeing(figures.view):
        figure = charts.typology_map(figures.plan, figures.year, title, description)
    if figure is not None:
        blocks.append(figure)
    blocks.append(_region_table(numbers, summary, language))
    previous = uses_queries.previous_round(found_round)
    if previous is not None:
        changes = uses_queries.compare_data(found_round, previous, None)
        blocks.extend(_changes(changes, previous.label, language))
    section = Section(
        key="typology", title=_("Human settlements needs typology"), blocks=tuple(blocks)
    )
    return section, found_round.illustrative
