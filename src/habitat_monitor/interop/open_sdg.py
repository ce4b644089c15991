"""Open SDG data and metadata files written from a publication (pure; reading them back is
``open_sdg_read``, whose names are also importable from here).

The rules, in words:

- Each indicator gets ``data/indicator_<id>.csv`` and ``meta/<id>.md``; the id is the
  indicator code with dots as hyphens (``1.1.1`` -> ``1-1-1``, ``C1`` -> ``C1``), read
  back by turning hyphens into dots. A code that has hyphens of its own needs a mapping
  entry to be read back (``indicators: {"A-1": "A-1"}``).
- Data columns, in order: ``Year``; ``Period`` (our code, ``2021-Q3``) for an indicator
  reported more than once a year; ``Office``; ``Country`` (ISO alpha-3, empty for a
  plan-wide value); ``City``; one column per breakdown dimension of the indicator,
  titled with the dimension's English name (``Sex``, ``Age band``) and holding the
  category's English name (``female``, ``15-24 years``), empty for the total; ``Units``;
  ``GeoCode`` (the country, on country rows only, for Open SDG's maps);
  ``Illustrative`` (``yes`` on invented figures, so the flag survives); ``Value`` in its
  shortest exact form. Rows are in period, office, place, breakdown order. UTF-8
  without a byte-order mark, commas, ``\\n`` line ends.
- The metadata is Markdown with YAML front matter: Open SDG's fields (indicator number
  and name, graph title and type, reporting status, units, geographical coverage, the
  source), Chinese names (``indicator_name_zh``, ``computation_units_zh``) and
  ``illustrative``; an indicator with invented figures says so in the data footnote and
  in a visible sentence of the page, with its baseline and targets.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

import yaml

from habitat_monitor.interop.mapping import MappingError as MappingError
from habitat_monitor.interop.open_sdg_read import IGNORE as IGNORE
from habitat_monitor.interop.open_sdg_read import OpenSdgMapping as OpenSdgMapping
from habitat_monitor.interop.open_sdg_read import indicator_code as indicator_code
from habitat_monitor.interop.open_sdg_read import read_open_sdg as read_open_sdg
from habitat_monitor.interop.open_sdg_read import read_open_sdg_mapping as read_open_sdg_mapping
from habitat_monitor.interop.records import Dataset, IndicatorInfo, Observation
from habitat_monitor.reporting.disaggregation import CATEGORIES, CATEGORY_LABELS, LABELS
from habitat_monitor.reporting.numbers import format_number

ILLUSTRATIVE_NOTE = (
    "Illustrative data: some figures for this indicator were invented for the "
    "demonstration; they are not real results."
)


def indicator_id(code: str) -> str:
    """The Open SDG id of an indicator: ``1.1.1`` -> ``1-1-1``."""
    return code.replace(".", "-")


# --- Writing ----------------------------------------------------------------------------


def _csv(rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _category_name(code: str) -> str:
    """A category's English name (``15-24`` -> ``15-24 years``); empty for the total."""
    return CATEGORY_LABELS[code]["en"] if code else ""


def _data_file(info: IndicatorInfo, observations: Sequence[Observation]) -> bytes:
    dimensions = [
        dimension
        for dimension in CATEGORIES
        if dimension in info.disaggregations or any(dimension in o.breakdown for o in observations)
    ]
    by_period = info.frequency != "annual" or any(o.period != str(o.year) for o in observations)
    header = ["Year", *(["Period"] if by_period else []), "Office", "Country", "City"]
    header += [LABELS[dimension]["en"] for dimension in dimensions]
    rows = [[*header, "Units", "GeoCode", "Illustrative", "Value"]]
    for obs in observations:
        period = [obs.period] if by_period else []
        names = [_category_name(obs.breakdown.get(dimension, "")) for dimension in dimensions]
        geocode = "" if obs.city else obs.country  # Open SDG's maps show countries only
        flag = "yes" if obs.illustrative else ""
        place = [obs.office, obs.country, obs.city]
        rows.append([str(obs.year), *period, *place, *names, info.unit_en, geocode, flag])
        rows[-1].append(format_number(obs.value))
    return _csv(rows)


def _meta_file(info: IndicatorInfo, observations: Sequence[Observation], dataset: Dataset) -> str:
    illustrative = info.illustrative or any(o.illustrative for o in observations)
    countries = sorted({o.country for o in observations if o.country})
    edition = f", publication {dataset.publication}" if dataset.publication is not None else ""
    released = dataset.published_at.date().isoformat() if dataset.published_at else ""
    front: dict[str, Any] = {
        "indicator_number": info.code,
        "indicator_name": info.statement_en,
        "indicator_name_zh": info.statement_zh,
        "graph_title": info.statement_en,
        "graph_type": "line",
        "reporting_status": "complete" if observations else "notstarted",
        "data_non_statistical": False,
        "published": True,
        "computation_units": info.unit_en,
        "computation_units_zh": info.unit_zh,
        "national_geographical_coverage": ", ".join(countries) or "plan-wide",
        "source_active_1": True,
        "source_organisation_1": dataset.organisation_en,
        "source_title_1": f"{dataset.plan_title_en}{edition}",
        "source_periodicity_1": info.frequency.replace("_", "-"),
        "source_url_1": dataset.url,
        "source_release_date_1": released,
        "illustrative": illustrative,
    }
    if illustrative:
        front["data_footnote"] = ILLUSTRATIVE_NOTE
    body = [f"# {info.code} {info.statement_en}", "", info.statement_zh, ""]
    body.append(f"Unit: {info.unit_en}.")
    if info.baseline_value is not None:
        body.append(f"Baseline: {format_number(info.baseline_value)} ({info.baseline_year}).")
    if info.targets:
        targets = ", ".join(f"{t.year}: {format_number(t.value)}" for t in info.targets)
        body.append(f"Targets: {targets}.")
    if illustrative:
        body += ["", f"**{ILLUSTRATIVE_NOTE}**"]
    dump = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{dump}---\n\n" + "\n".join(body) + "\n"


def write_open_sdg(dataset: Dataset) -> dict[str, bytes]:
    """The data and metadata files of every indicator of ``dataset``, by path."""
    files: dict[str, bytes] = {}
    for info in dataset.indicators:
        observations = sorted(
            (o for o in dataset.observations if o.indicator == info.code),
            key=lambda o: (o.period, o.office, o.country, o.city, o.breakdown_key),
        )
        ident = indicator_id(info.code)
        files[f"data/indicator_{ident}.csv"] = _data_file(info, observations)
        files[f"meta/{ident}.md"] = _meta_file(info, observations, dataset).encode("utf-8")
    return files
