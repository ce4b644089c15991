"""What the bulk open-data package says about itself: its tables as Frictionless Table
Schemas, its ``datapackage.json`` and its README.

One description serves both sides: ``opendata`` writes the CSV columns in this order,
and ``datapackage.json`` tells the public what each column holds. Types are the Table
Schema's (string, integer, number, boolean, date); an empty cell is a missing value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from django.utils.text import slugify

from habitat_monitor.core.translated import pick
from habitat_monitor.progress.store.schema import BREAKDOWNS

if TYPE_CHECKING:
    from habitat_monitor.plans.models import Plan


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    title: str
    description: str

    def as_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "type": self.type,
            "title": self.title,
            "description": self.description,
        }


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    references_indicators: bool = True  # its ``indicator`` column names an indicator code

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    @property
    def field_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def table_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"fields": [column.as_dict() for column in self.columns]}
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        if self.references_indicators:
            schema["foreignKeys"] = [
                {"fields": "indicator", "reference": {"resource": "indicators", "fields": "code"}}
            ]
        schema["missingValues"] = [""]
        return schema


INDICATOR = Column("indicator", "string", "Indicator", "The indicator's code (indicators.csv).")
YEAR = Column("year", "integer", "Year", "The plan year.")
OFFICE = Column("office", "string", "Office", "The reporting office's code.")
ILLUSTRATIVE = Column(
    "illustrative",
    "boolean",
    "Illustrative",
    "true: an invented figure for demonstration, not a real measurement.",
)


def _breakdown(name: str) -> Column:
    title = name.replace("_", " ").capitalize()
    return Column(name, "string", title, f"The {title.lower()} category of a breakdown value.")


VALUES: Final = Resource(
    "values",
    "Approved values",
    "Every approved value of the plan's indicators: totals (empty disaggregation) and "
    "breakdown values, per office, place and reporting period.",
    (
        Column("value_id", "integer", "Value id", "The value's identifier in Habitat Monitor."),
        INDICATOR,
        YEAR,
        Column("period", "string", "Period", "The reporting period's code."),
        Column("period_start", "date", "Period start", "First day of the reporting period."),
        Column("period_end", "date", "Period end", "Last day of the reporting period."),
        OFFICE,
        Column("country", "string", "Country", "ISO 3166-1 alpha-3 code of the country."),
        Column(
            "org_region",
            "string",
            "Organisation region",
            "The organisation's region of the country.",
        ),
        Column("m49_region", "string", "M49 region", "UN M49 area of the country."),
        Column("city", "string", "City", "The city's English name, for a city value."),
        Column("place", "string", "Place", "The place key: alpha-3, or alpha-3/city."),
        Column(
            "disaggregation",
            "string",
            "Breakdown",
            "The breakdown key, as dimension=category pairs joined by ';'; empty for a total.",
        ),
        *(_breakdown(name) for name in BREAKDOWNS),
        Column("value", "number", "Value", "The approved value, in the indicator's unit."),
        ILLUSTRATIVE,
    ),
    primary_key=("value_id",),
)

INDICATORS: Final = Resource(
    "indicators",
    "Indicators",
    "The plan's indicators in its current version, with their rules and baselines.",
    (
        Column("code", "string", "Code", "The indicator's code."),
        Column("level", "string", "Level", "catalytic, goal, domain, outcome or cross_cutting."),
        Column("domain", "string", "Domain of change", "The code of its domain of change."),
        Column("outcome", "string", "Outcome", "The code of its outcome."),
        Column("dimension", "string", "Dimension", "The code of its outcome dimension."),
        Column("statement_en", "string", "Statement (English)", "The indicator in English."),
        Column("statement_zh", "string", "Statement (Chinese)", "The indicator in Chinese."),
        Column("unit_en", "string", "Unit (English)", "The unit of measure in English."),
        Column("unit_zh", "string", "Unit (Chinese)", "The unit of measure in Chinese."),
        Column("measure", "string", "Measure", "count, percent, ratio, index or boolean."),
        Column("direction", "string", "Direction", "increase, decrease or maintain."),
        Column(
            "aggregation",
            "string",
            "Aggregation",
            "How places combine: sum, mean, weighted_mean, count_true or none.",
        ),
        Column(
            "cumulation",
            "string",
            "Cumulation",
            "How periods combine: non_cumulative, cumulative_sum or cumulative_latest.",
        ),
        Column("frequency", "string", "Frequency", "annual, semi_annual or quarterly."),
        Column("baseline_year", "integer", "Baseline year", "The year of the baseline."),
        Column("baseline_value", "number", "Baseline", "The baseline value."),
        Column(
            "baseline_illustrative",
            "boolean",
            "Baseline illustrative",
            "true: the baseline is invented for demonstration.",
        ),
    ),
    primary_key=("code",),
    references_indicators=False,
)

TARGETS: Final = Resource(
    "targets",
    "Targets",
    "The yearly targets: plan-wide (empty office) and per office.",
    (
        INDICATOR,
        YEAR,
        Column("office", "string", "Office", "The office's code; empty for the plan-wide target."),
        Column("value", "number", "Target", "The target value, in the indicator's unit."),
        ILLUSTRATIVE,
    ),
)

PROGRESS: Final = Resource(
    "progress",
    "Progress",
    "Each indicator assessed for each year with approved values: the global value, the "
    "actual compared with the plan-wide target, achievement and status.",
    (
        INDICATOR,
        YEAR,
        Column("value", "number", "Value", "The year's global value (all places combined)."),
        Column(
            "actual",
            "number",
            "Actual",
            "The value compared with the target, combined over the years by the cumulation.",
        ),
        Column("baseline", "number", "Baseline", "The indicator's baseline."),
        Column("target", "number", "Target", "The year's plan-wide target."),
        Column(
            "achievement_percent",
            "number",
            "Achievement (%)",
            "How far the actual has come from the baseline towards the target, in percent.",
        ),
        Column(
            "status",
            "string",
            "Status",
            "on_track, at_risk, off_track, no_data or not_yet_due.",
        ),
        Column("method", "string", "Method", "The name of the assessment method."),
        Column("method_version", "string", "Method version", "The assessment method's version."),
        Column(
            "illustrative",
            "boolean",
            "Illustrative",
            "true: the indicator's figures (values, baseline or targets) include invented ones.",
        ),
    ),
    primary_key=("indicator", "year"),
)

RESOURCES: Final = (VALUES, INDICATORS, TARGETS, PROGRESS)


LICENSE: Final = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
URL_PLACEHOLDER: Final = "<URL of this publication>"


# --- what the package says about itself -----------------------------------------------


def _organisation(plan: Plan) -> str:
    """The organisation's short name: "UN-Habitat" from "... Programme (UN-Habitat)"."""
    name = pick(plan.organisation, "en")
    short = re.search(r"\(([^()]+)\)\s*$", name)
    return short.group(1) if short else name or "UN-Habitat"


def package_descriptor(
    plan: Plan, number: int, published_at: datetime, files: dict[str, tuple[int, str]]
) -> dict[str, Any]:
    """The Frictionless Data Package (v1): ``files`` maps each CSV to its size and sha256."""
    title = pick(plan.title, "en")
    organisation = _organisation(plan)
    resources = []
    for resource in RESOURCES:
        size, digest = files[resource.path]
        resources.append(
            {
                "name": resource.name,
                "path": resource.path,
                "title": resource.title,
                "description": resource.description,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": size,
                "hash": f"sha256:{digest}",
                "schema": resource.table_schema(),
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": f"{slugify(plan.code)}-open-data",
        "title": title,
        "description": (
            f"Approved values, indicators, targets and progress of {title}, as published by "
            f"{organisation} (publication {number}). Values, baselines and targets marked "
            "illustrative (illustrative = true) are invented demo figures, not measurements."
        ),
        "version": f"{number}.0.0",
        "created": published_at.isoformat(),
        "licenses": [LICENSE],
        "sources": [{"title": f"{organisation}: approved progress reports (Habitat Monitor)"}],
        "contributors": [{"title": organisation, "role": "publisher"}],
        "resources": resources,
    }


def readme_text(
    plan: Plan,
    number: int,
    published_at: datetime,
    rows: dict[str, int],
    invented: bool,
    url: str | None,
) -> str:
    title, organisation = pick(plan.title, "en"), _organisation(plan)
    day = published_at.date().isoformat()
    lines = [
        f"# {title}: open data, publication {number}",
        "",
        f"Published by {organisation} on {day}. This package holds the figures of "
        f"publication {number} of the plan {plan.code}: what the public progress pages "
        "showed at that publication, frozen.",
        "",
    ]
    if invented:
        lines += [
            "**Illustrative: some values, baselines or targets in this package were "
            "invented for demonstration** and are not real measurements. They are marked "
            "`true` in the `illustrative` (or `baseline_illustrative`) column.",
            "",
        ]
    lines += ["## Files", "", "| file | rows | holds |", "| --- | --- | --- |"]
    lines += [f"| `{r.path}` | {rows[r.name]} | {r.description} |" for r in RESOURCES]
    lines += [
        "| `datapackage.json` | | the Frictionless Data Package: every column's type and "
        "meaning, keys, sizes and SHA-256 hashes |",
        "",
        "## Reading the files",
        "",
        "- CSV in UTF-8, comma-separated, with a header line; numbers use a decimal point "
        "and no thousands separator; `true`/`false` for yes and no.",
        "- An empty cell is a missing value, never zero.",
        "- Every `indicator` cell is a `code` in `indicators.csv`; values of indicators "
        "that the current version of the plan dropped are left out.",
        "- Text that a spreadsheet could run as a formula (starting with `=`, `+`, `-`, "
        "`@`, a tab or a carriage return) starts with an apostrophe `'`.",
        "- `progress.csv` assesses each year as of the publication date: a year whose "
        "reports were not yet due then says `not_yet_due`.",
        "",
        "## How to cite",
        "",
        f"{organisation} ({published_at.year}). {title}: open data, publication {number}. "
        f"{url or URL_PLACEHOLDER}",
        "",
        "## Licence",
        "",
        f"{LICENSE['title']} ({LICENSE['name']}): {LICENSE['path']}. You may share and "
        "adapt the data for any purpose, crediting the source as above.",
        "",
    ]
    return "\n".join(lines)
