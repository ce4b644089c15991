"""Synthetic data for ``progress_bench.py``: 40 indicators x 200 countries x 4 years x
breakdowns, generated inside DuckDB (for a store file) or copied into PostgreSQL
(reporting_value, with COPY) for the approval and rebuild measures."""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

VALUES = int(os.environ.get("HM_BENCH_VALUES", "10000000"))
INDICATORS, COUNTRIES, YEARS = 40, 200, (2020, 2021, 2022, 2023)
PLAN = "BENCH"
# The aggregation rules in turn; the last two indicators are not aggregated (none).
RULES = ("sum", "weighted_mean", "mean", "count_true", "sum", "weighted_mean", "sum", "mean")
MEASURES = {"sum": "count", "mean": "index", "weighted_mean": "percent"}
MEASURES |= {"count_true": "boolean", "none": "count"}
# Global level, per indicator: (baseline in 2019, yearly target steps by indicator).
SHAPES = {"count": (95_000.0, (5_000, 7_000, 10_000)), "index": (48.0, (2, 3, 4))}
SHAPES |= {"percent": (43.0, (2, 3, 4)), "boolean": (80.0, (10, 14, 20))}
DIMENSIONS = {
    "sex": ("female", "male"),
    "age": ("0-14", "15-24", "25-64", "65+"),
    "urban_rural": ("urban", "rural"),
    "disability": ("with_disability", "without_disability"),
    "income": ("low", "lower_middle", "upper_middle", "high"),
}
COUNTRY_COLUMNS = ("n", "alpha3", "org_region", "m49_region", "office")
INDICATOR_COLUMNS = ("n", "code", "rule", "measure", "cumulation", "domain", "outcome")


def indicator_specs() -> list[dict[str, Any]]:
    """40 indicators over 4 domains and 12 outcomes, with baselines and yearly targets."""
    specs = []
    for n in range(INDICATORS):
        rule = RULES[n % len(RULES)] if n < INDICATORS - 2 else "none"
        measure = MEASURES[rule]
        baseline, steps = SHAPES.get(measure, SHAPES["count"])
        step = steps[n % 3]
        domain = 1 + (n % 12) // 3
        specs.append(
            {
                "n": n,
                "code": f"B{n:02d}",
                "rule": rule,
                "measure": measure,
                "cumulation": "cumulative_latest" if rule == "sum" and n % 2 else "non_cumulative",
                "domain": str(domain),
                "outcome": f"{domain}.{1 + (n % 12) % 3}",
                "baseline": baseline,
                "targets": {year: baseline + (year - 2019) * step for year in YEARS},
            }
        )
    return specs


def breakdown_keys(count: int) -> list[dict[str, str]]:
    """The first ``count`` breakdowns: the total, then by one dimension, two, ..."""
    keys: list[dict[str, str]] = []
    names = list(DIMENSIONS)
    for size in range(len(names) + 1):
        for dims in itertools.combinations(names, size):
            for cats in itertools.product(*(DIMENSIONS[d] for d in dims)):
                keys.append(dict(zip(dims, cats, strict=True)))
                if len(keys) == count:
                    return keys
    return keys


def synthetic_countries() -> list[tuple[int, str, str, str, str]]:
    regions, m49 = ("AF", "AP", "AS", "EU", "LAC"), ("002", "009", "019", "142", "150")
    return [
        (n, f"C{n:03d}", regions[n % 5], m49[(n // 7) % 5], f"O{n:03d}") for n in range(COUNTRIES)
    ]


def register_generators(
    con: duckdb.DuckDBPyConnection, specs: list[dict[str, Any]], countries: list[Any], k: int
) -> None:
    """Small tables the big cross join draws from: indicators, countries, years, keys."""
    from habitat_monitor.reporting.disaggregation import key_of

    keys = breakdown_keys(k)
    tables = {
        "b_indicator": pa.Table.from_pylist(
            [{name: s[name] for name in INDICATOR_COLUMNS} for s in specs]
        ),
        "b_country": pa.Table.from_pylist(
            [dict(zip(COUNTRY_COLUMNS, row, strict=True)) for row in countries]
        ),
        "b_year": pa.table({"year": list(YEARS)}),
        "b_key": pa.Table.from_pylist(
            [
                {"n": n, "key": key_of(parts)} | {d: parts.get(d) for d in DIMENSIONS}
                for n, parts in enumerate(keys)
            ]
        ),
    }
    for name, table in tables.items():
        con.register(f"{name}_src", table)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_src")
    con.execute("CREATE OR REPLACE MACRO u(a, b, c, d) AS (hash(a, b, c, d) % 1000003) / 1000003.0")


# A value with a trend over the years, by measure (u: uniform 0-1 per cell).
VALUE = """CASE i.measure
    WHEN 'boolean' THEN CASE WHEN u(i.n, c.n, y.year, k.n) < 0.45 + 0.05 * (y.year - 2020)
                        THEN 1.0 ELSE 0.0 END
    WHEN 'index' THEN round(20 + 60 * u(i.n, c.n, y.year, k.n) + 2 * (y.year - 2020), 2)
    WHEN 'percent' THEN round(15 + 60 * u(i.n, c.n, y.year, k.n) + 2 * (y.year - 2020), 1)
    ELSE round(1000 * u(i.n, c.n, y.year, k.n) * (1 + 0.06 * (y.year - 2020))) END"""
CROSS = "FROM b_indicator i, b_country c, b_year y, b_key k"


def build_synthetic_store(path: Path, specs: list[dict[str, Any]], k: int) -> int:
    """A store file with the store's schema, filled by one INSERT ... SELECT in DuckDB."""
    from habitat_monitor.progress.store.loading import write_place_totals
    from habitat_monitor.progress.store.schema import create_statements

    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    for statement in create_statements():
        con.execute(statement)
    register_generators(con, specs, synthetic_countries(), k)
    columns = "value_id, submission_id, plan, indicator, level, domain, outcome, measure, "
    columns += "aggregation, direction, cumulation, office, country, org_region, m49_region, "
    columns += "place, period, year, period_start, period_end, disaggregation, value, "
    columns += ", ".join(DIMENSIONS) + ", illustrative"
    cell = f"((i.n * {COUNTRIES} + c.n) * 4 + y.year - 2020) * {k} + k.n"
    con.execute(
        f"""INSERT INTO approved_value ({columns})
        SELECT {cell}, c.n * 4 + y.year - 2019, '{PLAN}', i.code, 'outcome', i.domain,
               i.outcome, i.measure, i.rule, 'increase', i.cumulation, c.office, c.alpha3,
               c.org_region, c.m49_region, c.alpha3, y.year::VARCHAR, y.year,
               make_date(y.year, 1, 1), make_date(y.year, 12, 31), k.key, {VALUE},
               {", ".join(f"k.{d}" for d in DIMENSIONS)}, true
        {CROSS}"""
    )
    write_place_totals(con)
    rows = con.execute("SELECT count(*) FROM approved_value").fetchall()[0][0]
    for s in specs:
        con.execute(
            "INSERT INTO indicator VALUES (?, ?, ?, 'outcome', ?, ?, NULL, ?, ?, 'increase', ?, "
            "NULL, 'annual', 2019, ?, ?, true)",
            [
                s["n"] + 1,
                PLAN,
                s["code"],
                s["domain"],
                s["outcome"],
                s["measure"],
                s["rule"],
                s["cumulation"],
                s["baseline"],
                s["n"],
            ],
        )
        for year, value in s["targets"].items():
            con.execute(
                "INSERT INTO target VALUES (?, ?, ?, NULL, ?)", [PLAN, s["code"], year, value]
            )
    con.execute("INSERT INTO plan VALUES (?, ?, 2023, 90, 60)", [PLAN, list(YEARS)])
    con.close()
    return int(rows)


# PostgreSQL ------------------------------------------------------------------------


def plan_yaml(specs: list[dict[str, Any]]) -> str:
    lines = [
        "plan: {code: BENCH, title: {en: Benchmark plan}, years: [2020, 2021, 2022, 2023], "
        "goal: {en: Speed}}",
        "domains:",
    ]
    for domain in "1234":
        outcomes = ", ".join(
            f"{{code: '{domain}.{o}', title: {{en: Outcome {domain}.{o}}}}}" for o in "123"
        )
        lines.append(
            f"  - {{code: '{domain}', title: {{en: Domain {domain}}}, outcomes: [{outcomes}]}}"
        )
    lines.append("indicators:")
    for s in specs:
        targets = ", ".join(f"{year}: {value:g}" for year, value in s["targets"].items())
        lines.append(
            f"  - {{code: {s['code']}, level: outcome, outcome: '{s['outcome']}', "
            f"statement: {{en: Indicator {s['code']}}}, unit: {{en: {s['measure']}}}, "
            f"measure: {s['measure']}, aggregation: {s['rule']}, cumulation: {s['cumulation']}, "
            "direction: increase, disaggregations: [sex, age, urban_rural, disability, income], "
            "method: {en: survey}, source: {en: survey}, frequency: annual, "
            f"baseline: {{year: 2019, value: {s['baseline']:g}}}, "
            f"targets: {{values: {{{targets}}}}}}}"
        )
    return "\n".join(lines) + "\n"


def copy_into_values(con: duckdb.DuckDBPyConnection, query: str, folder: Path) -> None:
    """Rows of ``query`` (submission_id, indicator_id, country_id, disaggregation, place,
    value) into reporting_value with COPY, through a CSV file DuckDB writes."""
    from django.db import connection

    csv = folder / "values.csv"
    rows = f"SELECT *, '' AS note, false AS illustrative, now() AS updated_at FROM ({query})"
    con.execute(f"COPY ({rows}) TO '{csv}' (FORMAT csv, HEADER false)")
    columns = "submission_id, indicator_id, country_id, disaggregation, place, value, note, "
    columns += "illustrative, updated_at"
    command = f"COPY reporting_value ({columns}) FROM STDIN (FORMAT csv)"
    with (
        connection.cursor() as cursor,
        csv.open("rb") as source,
        cursor.cursor.copy(command) as copy,
    ):
        while block := source.read(8 << 20):
            copy.write(block)
    csv.unlink()


def prepare_postgres(folder: Path, specs: list[dict[str, Any]], k: int) -> dict[str, Any]:
    """The benchmark plan, an office per country, 800 approved submissions and their values."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection

    from habitat_monitor.core.roles import Role, ensure_groups
    from habitat_monitor.geo.models import Country, Office
    from habitat_monitor.geo.services import load_reference_data
    from habitat_monitor.plans.services import load_plan
    from habitat_monitor.reporting.models import Submission
    from habitat_monitor.reporting.services.assignments import ensure_periods

    call_command("migrate", verbosity=0)
    ensure_groups()
    load_reference_data()
    plan = load_plan(plan_yaml(specs), filename="bench.yaml").plan
    periods = ensure_periods(plan)
    chosen = list(
        Country.objects.filter(org_region__isnull=False, m49_region__isnull=False).order_by(
            "alpha3"
        )
    )
    countries, spare = chosen[:COUNTRIES], chosen[COUNTRIES]
    offices = Office.objects.bulk_create(
        Office(code=f"B{c.alpha3}", kind="country", name={"en": c.alpha3}, country=c)
        for c in countries
    )
    submissions = Submission.objects.bulk_create(
        Submission(office=office, period=periods[str(year)], status="approved")
        for office in offices
        for year in YEARS
    )
    users = get_user_model().objects
    focal, officer = users.create(username="bench.focal"), users.create(username="bench.officer")
    focal.groups.add(Group.objects.get(name=Role.FOCAL_POINT.value))
    officer.groups.add(Group.objects.get(name=Role.ME_OFFICER.value))
    ids = {i.code: i.pk for i in plan.indicators.all()}
    rows = [(n, c.alpha3, "", "", f"B{c.alpha3}", c.pk) for n, c in enumerate(countries)]
    register_generators(con := duckdb.connect(), specs, [r[:5] for r in rows], k)
    con.register("pg_country", pa.table({"n": [r[0] for r in rows], "id": [r[5] for r in rows]}))
    con.register("pg_indicator", pa.table({"code": list(ids), "id": list(ids.values())}))
    subs = {(s.office_id, s.period_id): s.pk for s in submissions}
    con.register(
        "pg_submission",
        pa.table(
            {
                "n": [n for n in range(COUNTRIES) for _ in YEARS],
                "year": [year for _ in range(COUNTRIES) for year in YEARS],
                "id": [
                    subs[(offices[n].pk, periods[str(y)].pk)]
                    for n in range(COUNTRIES)
                    for y in YEARS
                ],
            }
        ),
    )
    query = (
        f"SELECT s.id, pi.id, pc.id, k.key, c.alpha3, {VALUE} {CROSS} "
        "JOIN pg_country pc ON pc.n = c.n JOIN pg_indicator pi ON pi.code = i.code "
        "JOIN pg_submission s ON s.n = c.n AND s.year = y.year"
    )
    copy_into_values(con, query, folder)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "plan": plan,
        "spare": spare,
        "periods": periods,
        "focal": focal,
        "officer": officer,
        "ids": ids,
        "con": con,
    }


def new_submission(context: dict[str, Any], folder: Path, size: int) -> Any:
    """A submitted 2023 report of a new office: 40 indicators x breakdowns = ``size`` values."""
    from habitat_monitor.geo.models import Office
    from habitat_monitor.reporting.models import Submission

    spare = context["spare"]
    office = Office.objects.create(code="BNEW", kind="country", name={"en": "new"}, country=spare)
    submission = Submission.objects.create(
        office=office,
        period=context["periods"]["2023"],
        status="submitted",
        submitted_by=context["focal"],
    )
    con = context["con"]
    per_indicator = size // INDICATORS
    query = (
        f"SELECT {submission.pk}, pi.id, {spare.pk}, k.key, '{spare.alpha3}', {VALUE} "
        "FROM b_indicator i JOIN pg_indicator pi ON pi.code = i.code, (SELECT 0 AS n) c, "
        f"(SELECT 2023 AS year) y, (SELECT * FROM b_key WHERE n < {per_indicator}) k"
    )
    copy_into_values(con, query, folder)
    return submission
