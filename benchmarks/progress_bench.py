"""Benchmark: the analytics store with 10,000,000 approved values.

Prints, from one run on one machine:
(a) all outcome, domain and region rollups with status (every indicator's value
    globally, per organisation region and per M49 region, every year; its status
    against each year's target; the status counts per outcome, domain and plan),
    from a DuckDB store file by ``store.queries`` and the pure status code, beside the
    same computation in pandas on the same data (best of 3 each);
(b) with the values in PostgreSQL, the time from approving a 10,000-value submission
    (``workflow.approve_submission``) until ``plan_progress`` includes it;
(c) a full rebuild of the store from PostgreSQL.

Run with ``make bench`` (a throwaway PostgreSQL). Without a PostgreSQL
(HM_DATABASE_URL) only (a) runs. HM_BENCH_VALUES sets the size (default 10 M).
"""

from __future__ import annotations

import math
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import numpy as np
import pandas as pd
from progress_data import (
    COUNTRIES,
    INDICATORS,
    PLAN,
    VALUES,
    YEARS,
    build_synthetic_store,
    indicator_specs,
    new_submission,
    prepare_postgres,
)

T = TypeVar("T")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "habitat_monitor.settings")
    import django

    django.setup()


def statuses(values: dict[Any, float | None], specs: list[dict[str, Any]]) -> list[Any]:
    """Each year: every indicator's status against its target, counted up the framework."""
    from habitat_monitor.progress.achievement import assess_against_target, cumulative_actual
    from habitat_monitor.progress.rollup import IndicatorStatus, framework_rollup

    rollups = []
    for year in YEARS:
        items = []
        for s in specs:
            found = {y: values.get((s["code"], y, "global", None)) for y in YEARS if y <= year}
            points = [(y, v) for y, v in found.items() if v is not None]
            if s["cumulation"] == "non_cumulative":
                points = [(y, v) for y, v in points if y == year]
            actual = cumulative_actual(points, s["cumulation"], up_to=year)
            assessed = assess_against_target(
                baseline=s["baseline"],
                target=s["targets"][year],
                actual=actual,
                direction="increase",
            )
            items.append(IndicatorStatus(s["code"], assessed.status, s["domain"], s["outcome"]))
        rollups.append(framework_rollup(items))
    return rollups


LEVELS = ("global", "org_region", "m49_region")


def raw_path(con: duckdb.DuckDBPyConnection, specs: list[dict[str, Any]]) -> tuple[Any, Any]:
    """As ``duck_path``, but each place's yearly value worked out from the value rows
    at query time, as pandas does, instead of read from ``place_total``."""
    from habitat_monitor.progress.store import queries

    places = queries._PLACE_BREAKDOWNS.replace("disaggregation <> ''", "disaggregation = ''")
    sql = queries._ROLLUP.format(
        places=places.format(where="true"),
        level=queries._level_case(LEVELS),
        key=queries._key(LEVELS),
        sets=queries._grouping_sets(LEVELS),
        terms="NULL",
    )
    values = {}
    for row in con.execute(sql, {"plan": PLAN, "yes": 0.5}).fetchall():
        if row[5] is not None or row[4] == "global":
            values[(row[0], row[1], row[4], row[5])] = queries.combined_from(row[3], row[6:]).value
    return values, statuses(values, specs)


def duck_path(con: duckdb.DuckDBPyConnection, specs: list[dict[str, Any]]) -> tuple[Any, Any]:
    from habitat_monitor.progress.store.queries import rollups

    found = rollups(con, PLAN, levels=LEVELS)
    values = {(r.indicator, r.year, r.level, r.key): r.combined.value for r in found}
    return values, statuses(values, specs)


def pandas_path(frame: pd.DataFrame, specs: list[dict[str, Any]]) -> tuple[Any, Any]:
    """The same rules in pandas: a place's value for the year by its cumulation, then
    places combined by the indicator's rule at each level."""
    totals = frame[frame["disaggregation"] == ""].sort_values("period_end")
    keys = ["indicator", "year", "office", "place"]
    grouped = totals.groupby(keys, sort=False)
    places = grouped.agg(
        value=("value", "last"),
        summed=("value", "sum"),
        aggregation=("aggregation", "first"),
        cumulation=("cumulation", "first"),
        org_region=("org_region", "first"),
        m49_region=("m49_region", "first"),
    ).reset_index()
    places["value"] = places["value"].where(
        places["cumulation"] != "cumulative_sum", places["summed"]
    )
    places["finite"] = np.isfinite(places["value"])
    places["yes"] = places["finite"] & (places["value"] >= 0.5)
    values: dict[Any, float | None] = {}
    for level in LEVELS:
        by = ["indicator", "year"] + ([] if level == "global" else [level])
        part = places if level == "global" else places[places[level].notna()]
        g = (
            part.groupby(by, sort=False)
            .agg(
                n=("finite", "sum"),
                total=("value", "sum"),
                mean=("value", "mean"),
                low=("value", "min"),
                high=("value", "max"),
                yes=("yes", "sum"),
                rule=("aggregation", "first"),
                single=("value", "first"),
            )
            .reset_index()
        )
        mean = g["mean"].clip(g["low"], g["high"])
        rule = g["rule"]
        result = np.select(
            [
                rule == "sum",
                rule == "count_true",
                rule.isin(["mean", "weighted_mean"]),
                (rule == "none") & (g["n"] == 1),
            ],
            [g["total"], g["yes"].astype(float), mean, g["single"]],
            default=np.nan,
        )
        result = np.where(g["n"] > 0, result, np.nan)
        keys_ = g[level] if level != "global" else [None] * len(g)
        for code, year, key, value in zip(g["indicator"], g["year"], keys_, result, strict=True):
            values[(code, int(year), level, key)] = None if math.isnan(value) else float(value)
    return values, statuses(values, specs)


def best_of(runs: int, work: Callable[[], T]) -> tuple[float, T]:
    best, result = math.inf, None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    assert result is not None
    return best, result


def part_a(folder: Path, specs: list[dict[str, Any]], k: int) -> list[tuple[str, float, str]]:
    from habitat_monitor.progress.services import Scope, progress_from

    path = folder / "synthetic.duckdb"
    started = time.perf_counter()
    rows = build_synthetic_store(path, specs, k)
    made = time.perf_counter() - started
    print(
        f"(a) {rows:,} synthetic values generated into {path.name} in {made:.1f} s", file=sys.stderr
    )
    con = duckdb.connect(str(path), read_only=True)
    columns = "indicator, aggregation, cumulation, year, disaggregation, office, place, "
    columns += "org_region, m49_region, period_end, value"
    frame = con.execute(f"SELECT {columns} FROM approved_value").df()
    duck_s, (duck_values, duck_status) = best_of(3, lambda: duck_path(con, specs))
    panda_s, (panda_values, panda_status) = best_of(3, lambda: pandas_path(frame, specs))
    assert duck_values.keys() == panda_values.keys()
    for key, value in duck_values.items():
        other = panda_values[key]
        assert (value is None) == (other is None) and (
            value is None or math.isclose(value, other, rel_tol=1e-9)
        ), key
    assert duck_status == panda_status
    raw_s, (raw_values, raw_status) = best_of(3, lambda: raw_path(con, specs))
    assert raw_values.keys() == duck_values.keys() and raw_status == duck_status
    scope = Scope(levels=("org_region", "m49_region"), today=date(2030, 1, 1))
    full_s, progress = best_of(3, lambda: progress_from(con, PLAN, scope))
    con.close()
    counts = progress.rollup.plan
    print(f"    statuses {YEARS[-1]}: {counts}", file=sys.stderr)
    return [
        (f"(a) rollups + status, DuckDB store ({rows / 1e6:.1f} M values)", duck_s, "< 0.5 s"),
        ("(a) the same in pandas (same data, same run)", panda_s, ""),
        (f"(a) speed-up over pandas: {panda_s / duck_s:.1f}x", math.nan, ">= 3x"),
        (f"(a) DuckDB without place_total (raw rows): {panda_s / raw_s:.1f}x pandas", raw_s, ""),
        ("(a) plan_progress: regions, projections, formulas", full_s, ""),
    ]


def part_bc(folder: Path, specs: list[dict[str, Any]], k: int) -> list[tuple[str, float, str]]:
    from habitat_monitor.progress.services import Scope, plan_progress
    from habitat_monitor.progress.store import build_store, store_status
    from habitat_monitor.reporting.models import Value
    from habitat_monitor.reporting.services.workflow import approve_submission

    started = time.perf_counter()
    context = prepare_postgres(folder, specs, k)
    rows = Value.objects.count()
    loaded = time.perf_counter() - started
    print(f"(b) {rows:,} values loaded into PostgreSQL in {loaded:.0f} s", file=sys.stderr)
    result = build_store()
    print(f"(c) {result.rows:,} values rebuilt into {result.path}", file=sys.stderr)
    submission = new_submission(context, folder, 10_000)
    scope = Scope(year=2023, today=date(2030, 1, 1))
    before = plan_progress(PLAN, scope).indicator("B00").value
    assert before is not None and store_status().fresh
    started = time.perf_counter()
    approve_submission(submission, actor=context["officer"])
    approved = time.perf_counter() - started
    while time.perf_counter() - started < 60:
        after = plan_progress(PLAN, scope).indicator("B00").value
        if after is not None and after.parts == before.parts + 1:
            break
    else:
        raise AssertionError("the approval did not reach plan_progress within 60 s")
    included = time.perf_counter() - started
    added = submission.values.count()
    return [
        (f"(b) approve a {added:,}-value submission (refresh included)", approved, ""),
        ("(b) ... until plan_progress includes it", included, "< 5 s"),
        (
            f"(c) full rebuild from PostgreSQL ({result.rows / 1e6:.1f} M values)",
            result.seconds,
            "",
        ),
    ]


def main() -> int:
    setup_django()
    specs = indicator_specs()
    k = max(1, round(VALUES / (INDICATORS * COUNTRIES * len(YEARS))))
    folder = Path(tempfile.mkdtemp(prefix="hm-progress-bench-"))
    try:
        rows = part_a(folder, specs, k)
        if os.environ.get("HM_DATABASE_URL", "").startswith("postgres"):
            rows += part_bc(folder, specs, k)
        else:
            print(
                "No PostgreSQL (HM_DATABASE_URL): (b) and (c) skipped; run `make bench`.",
                file=sys.stderr,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"\nAnalytics store, {INDICATORS} indicators x {COUNTRIES} countries x {len(YEARS)} years"
        f" x {k} breakdowns"
    )
    print(f"{'measure':<58} {'seconds':>8}  goal")
    for name, seconds, goal in rows:
        shown = "" if math.isnan(seconds) else f"{seconds:.3f}"
        print(f"{name:<58} {shown:>8}  {goal}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
