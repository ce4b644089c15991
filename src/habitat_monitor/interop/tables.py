"""Plain tables and JSON of a dataset: the CSV, XLSX and JSON exports.

One row per value: indicator, period, year, office, country, city, one column per
breakdown dimension (empty for a total), value, unit and ``illustrative``. The JSON
holds the same rows as objects, with the plan, the publication, the indicators
(baseline and yearly targets) and the yearly results beside them. Pure Python.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from habitat_monitor.interop.records import Dataset
from habitat_monitor.reporting.disaggregation import CATEGORIES

BREAKDOWN_COLUMNS = tuple(CATEGORIES)
VALUE_COLUMNS = [
    "indicator", "period", "year", "office", "country", "city",
    *BREAKDOWN_COLUMNS, "value", "unit", "illustrative",
]  # fmt: skip
ILLUSTRATIVE_NOTE = (
    "Rows marked illustrative=true hold figures invented for demonstration, not real measurements."
)


def value_rows(data: Dataset) -> tuple[list[str], list[list[Any]]]:
    """The header and one row per value."""
    units = {info.code: info.unit_en for info in data.indicators}
    rows = [
        [
            o.indicator,
            o.period,
            o.year,
            o.office,
            o.country,
            o.city,
            *(o.breakdown.get(dimension, "") for dimension in BREAKDOWN_COLUMNS),
            o.value,
            units.get(o.indicator, ""),
            o.illustrative,
        ]
        for o in data.observations
    ]
    return list(VALUE_COLUMNS), rows


def notes(data: Dataset) -> list[str]:
    """The "read me" lines: what the file holds, where from, and the honesty notice."""
    source = (
        f"Publication {data.publication}"
        + (f" of {data.published_at:%Y-%m-%d}" if data.published_at else "")
        if data.publication is not None
        else "The live board draft (not published)"
    )
    lines = [
        f"{data.plan_title_en} ({data.plan_code})",
        f"{source}; {len(data.observations)} values.",
    ]
    if data.url:
        lines.append(f"Source: {data.url}")
    if data.illustrative:
        lines.append(ILLUSTRATIVE_NOTE)
    return lines


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def as_json(data: Dataset) -> dict[str, Any]:
    """The dataset as a JSON document (non-finite numbers become null)."""
    return {
        "plan": {
            "code": data.plan_code,
            "title": {"en": data.plan_title_en, "zh": data.plan_title_zh},
            "years": [data.start_year, data.end_year],
        },
        "publication": data.publication,
        "published_at": data.published_at.isoformat() if data.published_at else None,
        "url": data.url or None,
        "illustrative": data.illustrative,
        "notes": notes(data),
        "indicators": [
            {
                **{k: v for k, v in dataclasses.asdict(info).items() if k != "targets"},
                "disaggregations": list(info.disaggregations),
                "targets": [dataclasses.asdict(t) for t in info.targets],
                "illustrative": info.illustrative,
            }
            for info in data.indicators
        ],
        "results": [
            {
                **dataclasses.asdict(r),
                "actual": _finite(r.actual),
                "target": _finite(r.target),
                "achievement": _finite(r.achievement),
            }
            for r in data.results
        ],
        "values": [
            {
                "indicator": o.indicator,
                "period": o.period,
                "year": o.year,
                "office": o.office,
                "country": o.country or None,
                "city": o.city or None,
                "breakdown": dict(o.breakdown),
                "value": _finite(o.value),
                "illustrative": o.illustrative,
            }
            for o in data.observations
        ],
    }
