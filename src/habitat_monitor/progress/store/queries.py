"""Reads over the store: rollups by the indicator's aggregation, and the small tables.

The rollup SQL applies, in DuckDB, the rules of ``progress/rollup.py`` (the pure
module is the definition; ``tests/progress/test_store_rollups.py`` feeds both the
same data and checks they agree):

1. **A place's value for a year.** A place is one (office, place) pair: an office
   reporting for a country or a city. With several periods in a year (semi-annual,
   quarterly), a place's value for the year follows the indicator's cumulation as
   ``achievement.cumulative_actual`` does within that year: the sum of the periods
   for ``cumulative_sum``, the latest period's value otherwise. For totals the store
   keeps these ready (``place_total``); for breakdowns they are worked out here.
2. **Combining places** at each level (office, country, organisation region, M49
   region, global) by the indicator's ``aggregation``: ``sum``; ``mean``;
   ``weighted_mean``, which has no denominators to weigh by yet, so it is the
   unweighted mean and says so (``weighted`` false, with the reason text);
   ``count_true`` (values of ``rollup.YES`` or more count as yes); ``none``, a value
   only when one place reported. Values that are not finite are counted as missing.
   Places without a country are left out of the country and region levels, not of
   the office and global ones.
3. **Totals and breakdowns** are combined separately: ``breakdowns=False`` reads the
   totals (empty disaggregation key), ``True`` each breakdown key on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import duckdb

from habitat_monitor.progress.rollup import NO_VALUES, NOT_AGGREGATED, YES, Combined

LEVELS: Final = ("office", "country", "org_region", "m49_region", "global")
_PLACE_KEYS: Final = ("office", "country", "org_region", "m49_region")

# Totals: each place's value for the year is kept ready in ``place_total``.
_PLACE_TOTALS = """
SELECT indicator, year, '' AS disaggregation, office, place, aggregation, country,
       org_region, m49_region, value
FROM place_total WHERE plan = $plan AND {where}
"""
# Breakdowns: the same, worked out here from the value rows (the same SQL as
# ``loading.PLACE_TOTALS``, per breakdown key).
_PLACE_BREAKDOWNS = """
SELECT indicator, year, disaggregation, office, place, any_value(aggregation) AS aggregation,
       any_value(country) AS country, any_value(org_region) AS org_region,
       any_value(m49_region) AS m49_region,
       CASE WHEN any_value(cumulation) = 'cumulative_sum' THEN fsum(value)
            ELSE arg_max(value, period_end) END AS value
FROM approved_value
WHERE plan = $plan AND disaggregation <> '' AND {where}
GROUP BY indicator, year, disaggregation, office, place
"""
# The places combined at every level at once (GROUPING SETS). Values that are not
# finite become NULL, which count(), sum(), min() and max() skip: the missing places.
_ROLLUP = """
WITH place_year AS ({places}), finite AS (
    SELECT *, CASE WHEN isfinite(value) THEN value END AS v FROM place_year
)
SELECT indicator, year, disaggregation, any_value(aggregation), {level}, {key},
       count(*), count(v), fsum(v), min(v), max(v), count(CASE WHEN v >= $yes THEN 1 END),
       any_value(v), {terms}
FROM finite
GROUP BY GROUPING SETS ({sets})
"""


@dataclass(frozen=True)
class Rollup:
    """One indicator's values combined at one level for one year (and breakdown key).

    ``key`` is the office code, country alpha-3, organisation region code or M49
    region code; None for the global level.
    """

    indicator: str
    year: int
    disaggregation: str
    level: str
    key: str | None
    combined: Combined


def _level_case(levels: Sequence[str]) -> str:
    names = [name for name in _PLACE_KEYS if name in levels]
    if not names:
        return "'global'"
    branches = [f"WHEN GROUPING({name}) = 0 THEN '{name}'" for name in names]
    return f"CASE {' '.join(branches)} ELSE 'global' END"


def _key(levels: Sequence[str]) -> str:
    names = [name for name in _PLACE_KEYS if name in levels]
    return f"coalesce({', '.join(names)})" if names else "NULL::VARCHAR"


def _grouping_sets(levels: Sequence[str]) -> str:
    base = "indicator, year, disaggregation"
    sets = [f"({base}, {level})" for level in _PLACE_KEYS if level in levels]
    if "global" in levels:
        sets.append(f"({base})")
    return ", ".join(sets)


def combined_from(rule: str, row: Sequence[Any]) -> Combined:
    """The ``rollup.Combined`` for one group of the SQL, as ``rollup.combine`` makes it.

    ``row``: places, finite values, their sum, min, max, yes count, one value, terms.
    """
    places, count, total, low, high, yes, single, terms = row
    missing = places - count
    if count == 0 or (rule == "none" and count > 1):
        return Combined(
            None, count, missing, False, rule, NOT_AGGREGATED if count > 1 else NO_VALUES, None
        )
    if rule == "none":
        return Combined(single, 1, missing, False, rule, "", 1.0, terms=((single, None),))
    values = terms or ()
    if rule == "count_true":
        values = [1.0 if value >= YES else 0.0 for value in values]
    pairs = tuple((value, None) for value in values)
    if rule in ("sum", "count_true"):
        value = float(total if rule == "sum" else yes)
        return Combined(value, count, missing, False, rule, "", float(count), 0, pairs)
    # As rollup's mean: the exact sum over the count, kept within the values' range.
    mean = min(max(total / count, low), high)
    if rule == "mean":
        return Combined(mean, count, missing, False, rule, "", float(count), 0, pairs)
    # weighted_mean: no denominators are stored yet, so every place counts equally.
    reason = f"unweighted mean: denominators missing for {count} of {count} places"
    return Combined(mean, count, missing, False, rule, reason, float(count), count, pairs)


def rollups(
    con: duckdb.DuckDBPyConnection,
    plan: str,
    *,
    levels: Sequence[str] = LEVELS,
    years: Sequence[int] | None = None,
    indicators: Sequence[str] | None = None,
    breakdowns: bool = False,
    terms: bool = False,
) -> list[Rollup]:
    """Each indicator's value per year at each of ``levels``, by its aggregation rule,
    in no particular order. ``terms`` also returns the values combined (for
    ``rollup.explain``'s formula)."""
    unknown = set(levels) - set(LEVELS)
    if unknown or not levels:
        raise ValueError(f"levels must be among {LEVELS}, not {sorted(unknown) or 'none'}")
    where = ["true"]
    params: dict[str, Any] = {"plan": plan, "yes": YES}
    if years is not None:
        where.append("year IN (SELECT unnest($years))")
        params["years"] = [int(year) for year in years]
    if indicators is not None:
        where.append("indicator IN (SELECT unnest($indicators))")
        params["indicators"] = list(indicators)
    places = _PLACE_BREAKDOWNS if breakdowns else _PLACE_TOTALS
    sql = _ROLLUP.format(
        places=places.format(where=" AND ".join(where)),
        level=_level_case(levels),
        key=_key(levels),
        sets=_grouping_sets(levels),
        terms="list(v ORDER BY office, place) FILTER (WHERE v IS NOT NULL)" if terms else "NULL",
    )
    rows = con.execute(sql, params).fetchall()
    # A NULL key below the global level is the places without a country: left out.
    return [
        Rollup(row[0], row[1], row[2], row[4], row[5], combined_from(row[3], row[6:]))
        for row in rows
        if row[5] is not None or row[4] == "global"
    ]


def rollups_by_indicator(
    con: duckdb.DuckDBPyConnection,
    plan: str,
    indicators: Sequence[str],
    years: Sequence[int],
    levels: Sequence[str],
    breakdowns: bool,
) -> dict[str, dict[str, list[Rollup]]]:
    """What an assessment reads, per indicator: ``global`` (every year, with terms),
    ``places`` (the other ``levels``, every year) and ``breakdowns`` (global, the
    last of ``years``, when asked)."""
    found: dict[str, dict[str, list[Rollup]]] = {
        code: {"global": [], "places": [], "breakdowns": []} for code in indicators
    }
    if not (years and indicators):
        return found
    ranks = {level: rank for rank, level in enumerate(LEVELS)}
    ordered = sorted(
        rollups(con, plan, levels=levels, years=years, indicators=indicators, terms=True),
        key=lambda item: (ranks[item.level], item.key or "", item.year),
    )
    for item in ordered:
        found[item.indicator]["global" if item.level == "global" else "places"].append(item)
    if breakdowns:
        last = [max(years)]
        parts = rollups(
            con, plan, levels=("global",), years=last, indicators=indicators, breakdowns=True
        )
        for item in sorted(parts, key=lambda item: item.disaggregation):
            found[item.indicator]["breakdowns"].append(item)
    return found


def _dicts(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    result = con.execute(sql, params)
    names = [column[0] for column in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def plan_row(con: duckdb.DuckDBPyConnection, plan: str) -> dict[str, Any] | None:
    """The plan's years, end year and status bands, as the store holds them."""
    rows = _dicts(con, "SELECT * FROM plan WHERE code = ?", [plan])
    return rows[0] if rows else None


def indicator_rows(
    con: duckdb.DuckDBPyConnection, plan: str, codes: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """The plan's active indicators (or those of ``codes``) in plan order, with baselines."""
    sql = "SELECT * FROM indicator WHERE plan = ? AND active ORDER BY position, code"
    return [row for row in _dicts(con, sql, [plan]) if codes is None or row["code"] in codes]


def target_rows(con: duckdb.DuckDBPyConnection, plan: str) -> list[dict[str, Any]]:
    """Every target of the plan: plan-wide (office None) and per office."""
    return _dicts(con, "SELECT * FROM target WHERE plan = ? ORDER BY indicator, year", [plan])


def years_with_data(con: duckdb.DuckDBPyConnection, plan: str) -> list[int]:
    """The years in which the plan has approved values, oldest first."""
    sql = "SELECT DISTINCT year FROM approved_value WHERE plan = ? ORDER BY year"
    return [int(row[0]) for row in con.execute(sql, [plan]).fetchall()]
