"""Benchmark: importing a 1,000,000-row CSV into PostgreSQL.

Prints, from one run on one machine, side by side:
- the baseline: the same file read with the csv module and written with plain
  Django ``bulk_create`` (no checks, no audit rows);
- ours: ``habitat-monitor import`` (every row checked, staged with COPY, audit rows
  written), as a separate process, with its peak memory;
- a file with 1 % bad rows: how long until every problem is reported.

Run with ``make bench`` (it starts a throwaway PostgreSQL). Needs HM_DATABASE_URL.
"""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROWS = int(os.environ.get("HM_BENCH_ROWS", "1000000"))
INDICATORS = 1000
BREAKDOWNS = ["", "sex=female", "sex=male", "urban_rural=urban", "urban_rural=rural"]
COMMAND = str(Path(sys.executable).with_name("habitat-monitor"))


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "habitat_monitor.settings")
    import django

    django.setup()


def plan_yaml() -> str:
    lines = [
        "plan: {code: BENCH, title: {en: Benchmark plan}, years: [2021], goal: {en: Speed}}",
        "domains:",
        "  - {code: D, title: {en: Domain}, outcomes: [{code: O, title: {en: Outcome}}]}",
        "indicators:",
    ]
    for n in range(INDICATORS):
        lines.append(
            f"  - {{code: I{n}, level: outcome, outcome: O, statement: {{en: Percentage {n}}}, "
            "unit: {en: percent}, measure: percent, aggregation: weighted_mean, "
            "disaggregations: [sex, urban_rural], method: {en: survey}, source: {en: survey}, "
            "frequency: annual, baseline: {year: 2020, value: 10, illustrative: true}, "
            "targets: {illustrative: true, values: {2021: 20}}}"
        )
    return "\n".join(lines) + "\n"


def prepare() -> tuple[list[str], int, int]:
    """Reference data, the benchmark plan, an office covering every country, two drafts."""
    from django.core.management import call_command

    from habitat_monitor.core.actors import SYSTEM
    from habitat_monitor.geo.models import Country, Office
    from habitat_monitor.geo.services import load_reference_data
    from habitat_monitor.plans.services import load_plan
    from habitat_monitor.reporting.models import ReportingPeriod, Submission
    from habitat_monitor.reporting.services.assignments import assign_indicators

    call_command("migrate", verbosity=0)
    load_reference_data()
    plan = load_plan(plan_yaml(), filename="bench.yaml").plan
    offices = []
    for code in ("BENCH", "BASE"):
        office, _ = Office.objects.get_or_create(
            code=code, defaults={"kind": "hub", "name": {"en": code}}
        )
        office.covers.set(Country.objects.all())
        offices.append(office)
    assign_indicators(plan.indicators.all(), offices, actor=SYSTEM)
    period = ReportingPeriod.objects.get(plan=plan, code="2021")
    ours, _ = Submission.objects.get_or_create(office=offices[0], period=period)
    base, _ = Submission.objects.get_or_create(office=offices[1], period=period)
    countries = sorted(Country.objects.values_list("alpha3", flat=True))
    return countries, ours.pk, base.pk


def write_file(path: Path, countries: list[str], bad_every: int = 0) -> int:
    rng = random.Random(1)
    bad = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["indicator", "country", "sex", "urban_rural", "value"])
        written = 0
        for n in range(INDICATORS):
            for country in countries:
                for breakdown in BREAKDOWNS:
                    if written == ROWS:
                        return bad
                    sex = breakdown[4:] if breakdown.startswith("sex=") else ""
                    area = breakdown[12:] if breakdown.startswith("urban_rural=") else ""
                    value = f"{rng.uniform(0, 100):.1f}"
                    if bad_every and written % bad_every == 7:
                        value, bad = "150", bad + 1
                    out.writerow([f"I{n}", country, sex, area, value])
                    written += 1
    return bad


def baseline(path: Path, submission_id: int) -> None:
    """Plain Django: csv.DictReader + Value objects + bulk_create, in one transaction."""
    from django.db import transaction

    from habitat_monitor.geo.models import Country
    from habitat_monitor.plans.models import Indicator
    from habitat_monitor.reporting.models import Value

    indicators = dict(Indicator.objects.filter(plan__code="BENCH").values_list("code", "id"))
    countries = dict(Country.objects.values_list("alpha3", "id"))
    with path.open(encoding="utf-8", newline="") as handle, transaction.atomic():
        batch = []
        for row in csv.DictReader(handle):
            key = (
                f"sex={row['sex']}"
                if row["sex"]
                else (f"urban_rural={row['urban_rural']}" if row["urban_rural"] else "")
            )
            batch.append(
                Value(
                    submission_id=submission_id,
                    indicator_id=indicators[row["indicator"]],
                    country_id=countries[row["country"]],
                    place=row["country"],
                    disaggregation=key,
                    value=float(row["value"]),
                )
            )
            if len(batch) == 5000:
                Value.objects.bulk_create(batch)
                batch = []
        Value.objects.bulk_create(batch)


# Runs one command and prints its peak resident memory (KB) as the last stderr line.
MEASURE = (
    "import resource, subprocess, sys; "
    "done = subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(done.returncode)"
)


def settle() -> None:
    """Let the database catch up after a run (vacuum, statistics, checkpoint), so the
    next run does not pay for the one before."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE reporting_value")
        cursor.execute("CHECKPOINT")


def timed(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall seconds and peak resident memory (MB) of one child process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, cwd=ROOT
    )
    seconds = time.perf_counter() - start
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return seconds, peak_kb / 1024, done


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--baseline":
        setup_django()
        baseline(Path(sys.argv[2]), int(sys.argv[3]))
        return 0
    if not os.environ.get("HM_DATABASE_URL", "").startswith("postgres"):
        print("Run through `make bench`: it needs a PostgreSQL (HM_DATABASE_URL).", file=sys.stderr)
        return 2
    setup_django()
    print(f"Preparing: reference data, a plan with {INDICATORS} indicators ...", file=sys.stderr)
    countries, _ours_id, base_id = prepare()
    folder = Path(tempfile.mkdtemp(prefix="hm-bench-"))
    good, faulty = folder / "values.csv", folder / "faulty.csv"
    write_file(good, countries)
    bad_rows = write_file(faulty, countries, bad_every=100)
    size = good.stat().st_size / 2**20
    print(f"File: {ROWS:,} rows, {size:.0f} MB", file=sys.stderr)

    base_s, base_mb, done = timed([sys.executable, __file__, "--baseline", str(good), str(base_id)])
    assert done.returncode == 0, done.stderr
    settle()
    ours_s, ours_mb, done = timed(
        [
            COMMAND,
            "import",
            str(good),
            "--office",
            "BENCH",
            "--period",
            "2021",
            "--plan",
            "BENCH",
            "--format",
            "json",
        ]
    )
    assert done.returncode == 0, done.stderr
    counts = json.loads(done.stdout)
    assert counts["added"] == ROWS, counts
    err_s, err_mb, done = timed(
        [
            COMMAND,
            "import",
            str(faulty),
            "--office",
            "BENCH",
            "--period",
            "2021",
            "--plan",
            "BENCH",
            "--format",
            "json",
            "--dry-run",
        ]
    )
    reported = len(json.loads(done.stdout))
    rows = [
        ("baseline: csv + bulk_create (no checks, no audit)", base_s, base_mb),
        ("habitat-monitor import (checked, staged, audited)", ours_s, ours_mb),
    ]
    print(f"\nImport of {ROWS:,} values into PostgreSQL")
    print(f"{'method':<52} {'seconds':>8} {'values/s':>10} {'peak MB':>8}")
    for name, seconds, peak in rows:
        print(f"{name:<52} {seconds:>8.1f} {ROWS / seconds:>10,.0f} {peak:>8.0f}")
    speed_up = base_s / ours_s
    print(f"speed-up over the baseline: {speed_up:.2f}x")
    print("goals: >= 2x the baseline, >= 100,000 values/s, < 500 MB")
    print(
        f"\nFile with 1 % bad rows: {reported:,} of {bad_rows:,} problems reported "
        f"in {err_s:.1f} s (goal: all, < 30 s), peak {err_mb:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
