"""Data side of ``stack_bench.py``, run as a command in the install measured (its
HM_DATABASE_URL, HM_VAR_DIR...), printing JSON on stdout:

- ``prepare``: 90 bench offices (``BN01``...), each covering 50 countries with 10
  indicators assigned for 2023, a focal point (``bench.fp01``...) with an API token,
  and the office's draft submission; plus ``BNIMP`` (every country, 12 indicators
  with breakdowns) for the background import;
- ``reset``: the bench submissions emptied and back to draft (before each run);
- ``verify FILE``: the "nothing lost" check of a run (see ``verify``);
- ``queue-import``: a ~24 000-row CSV queued as a background import of ``BNIMP``;
- ``import-state JOB``: the job's status and the submission's value count.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

FOCAL_POINTS = 90
COUNTRIES = 50
INDICATORS = 10
IMPORT_OFFICE = "BNIMP"
PERIOD = "2023"
# Breakdowns of the import file: every sex x age x disability, or every income group.
PEOPLE = [
    f"{sex}|{age}|{disability}"
    for sex in ("female", "male")
    for age in ("0-14", "15-24", "25-64", "65+")
    for disability in ("with_disability", "without_disability")
]
INCOMES = ("low", "lower_middle", "upper_middle", "high")


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "habitat_monitor.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()


def value_of(iteration: int, row: int) -> float:
    """What focal points send: row ``row`` of their ``iteration``-th save."""
    return float(iteration * 1000 + row)


def _indicators(dimensions: set[str] | None = None) -> list[Any]:
    from habitat_monitor.plans.queries import current_plan

    plan = current_plan()
    found = plan.indicators.filter(active=True, measure="count", aggregation="sum").order_by(
        "order"
    )
    if dimensions is None:
        return list(found[:INDICATORS])
    return [i for i in found if set(i.disaggregations) - {"region"} == dimensions]


def _office(code: str, countries: list[Any], indicators: list[Any], period: Any) -> Any:
    from datetime import timedelta

    from habitat_monitor.geo.models import Office
    from habitat_monitor.reporting.models import Assignment

    office, _new = Office.objects.get_or_create(
        code=code, defaults={"kind": Office.Kind.COUNTRY, "name": {"en": f"Bench office {code}"}}
    )
    office.covers.set(countries)
    for indicator in indicators:
        Assignment.objects.get_or_create(
            indicator=indicator,
            office=office,
            period=period,
            defaults={"due_date": period.end + timedelta(days=30)},
        )
    return office


def prepare() -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from habitat_monitor.api.services import create_token
    from habitat_monitor.core.actors import SYSTEM
    from habitat_monitor.core.roles import Role
    from habitat_monitor.geo.models import Country
    from habitat_monitor.reporting.models import ReportingPeriod
    from habitat_monitor.reporting.services.values import open_submission

    period = ReportingPeriod.objects.get(code=PERIOD, frequency="annual")
    countries = list(Country.objects.order_by("alpha3"))
    indicators = _indicators()
    group = Group.objects.get(name=Role.FOCAL_POINT.value)
    users = get_user_model()
    points = []
    for n in range(1, FOCAL_POINTS + 1):
        chosen = countries[(n * 7) % len(countries) :][:COUNTRIES]
        chosen += countries[: COUNTRIES - len(chosen)]
        office = _office(f"BN{n:02d}", chosen, indicators, period)
        user, _new = users.objects.get_or_create(username=f"bench.fp{n:02d}")
        user.groups.add(group)
        office.members.add(user)
        submission = open_submission(office, period, actor=user)
        token = create_token(user, actor=SYSTEM, name="stack bench").secret
        rows = [{"indicator": i.code, "country": c.alpha3} for i in indicators for c in chosen]
        points.append({"user": user.username, "token": token, "submission": submission.pk})
        points[-1]["rows"] = rows
    people, incomes = _indicators({"sex", "age", "disability"}), _indicators({"income"})
    importer = _office(IMPORT_OFFICE, countries, people + incomes, period)
    users.objects.get_or_create(username="bench.importer")
    user = users.objects.get(username="bench.importer")
    user.groups.add(group)
    importer.members.add(user)
    open_submission(importer, period, actor=user)
    return {"focal_points": points, "indicators": [i.code for i in indicators]}


def _bench_submissions() -> Any:
    from habitat_monitor.reporting.models import Submission

    return Submission.objects.filter(office__code__startswith="BN", period__code=PERIOD)


def reset() -> dict[str, Any]:
    from habitat_monitor.reporting.models import ImportJob, Value, ValueBatch

    chosen = _bench_submissions()
    removed = Value.objects.filter(submission__in=chosen).delete()[0]
    ValueBatch.objects.filter(submission__in=chosen).delete()
    ImportJob.objects.filter(submission__in=chosen).delete()
    chosen.update(status="draft", submitted_at=None, submitted_by=None)
    return {"submissions": chosen.count(), "values_removed": removed}


def verify(path: Path) -> dict[str, Any]:
    """Every acknowledged save is in the database exactly once.

    ``path`` holds, per submission, the last save the server acknowledged (its
    iteration), the saves sent after it whose answer never came (they may or may
    not have been applied), and whether the final submit was acknowledged. Each
    submission must then hold exactly its 500 cells, once each, all from one save:
    the acknowledged one, or a later unanswered one (never half of a save)."""
    from habitat_monitor.reporting.models import Submission, Value

    sent = json.loads(path.read_text())
    problems: list[str] = []
    checked = values = 0
    for key, state in sent.items():
        submission = Submission.objects.get(pk=int(key))
        rows = list(
            Value.objects.filter(submission=submission).values_list(
                "indicator__code", "place", "disaggregation", "value"
            )
        )
        cells = Counter((code, place, breakdown) for code, place, breakdown, _v in rows)
        repeated = [cell for cell, count in cells.items() if count > 1]
        if repeated:
            problems.append(f"{key}: {len(repeated)} cells stored more than once")
        acked = state["acked"]
        if acked is None:
            if rows and not state["unanswered"]:
                problems.append(f"{key}: values stored but no save was sent")
            checked += 1
            continue
        if len(rows) != state["rows"]:
            problems.append(f"{key}: {len(rows)} values, expected {state['rows']}")
        iterations = {int(v // 1000) for *_cell, v in rows}
        allowed = {acked, *state["unanswered"]}
        if len(iterations) != 1 or not iterations <= allowed:
            problems.append(f"{key}: values from saves {sorted(iterations)}, allowed {allowed}")
        if state.get("submitted") and submission.status != "submitted":
            problems.append(f"{key}: submit acknowledged but status is {submission.status}")
        checked += 1
        values += len(rows)
    return {"submissions": checked, "values": values, "problems": problems}


def queue_import() -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from habitat_monitor.geo.models import Country
    from habitat_monitor.reporting.services.jobs import queue_import as queue

    submission = _bench_submissions().get(office__code=IMPORT_OFFICE)
    people, incomes = _indicators({"sex", "age", "disability"}), _indicators({"income"})
    lines = [["indicator", "country", "sex", "age", "disability", "income", "value"]]
    for country in Country.objects.order_by("alpha3").values_list("alpha3", flat=True):
        for indicator in people:
            for n, combo in enumerate(PEOPLE):
                lines.append([indicator.code, country, *combo.split("|"), "", str(n + 1)])
        for indicator in incomes:
            lines += [[indicator.code, country, "", "", "", g, "7"] for g in INCOMES]
    folder = Path(os.environ["HM_VAR_DIR"]) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "import.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows(lines)
    upload = SimpleUploadedFile("bench-import.csv", (folder / "import.csv").read_bytes())
    actor = get_user_model().objects.get(username="bench.importer")
    job = queue(submission, upload, actor=actor)
    return {"job": job.pk, "rows": len(lines) - 1, "submission": submission.pk}


def import_state(job_id: int) -> dict[str, Any]:
    from habitat_monitor.reporting.models import ImportJob, Value

    job = ImportJob.objects.get(pk=job_id)
    values = Value.objects.filter(submission=job.submission)
    cells = values.values("indicator", "place", "disaggregation").distinct().count()
    return {
        "status": job.status,
        "message": job.message,
        "values": values.count(),
        "distinct_cells": cells,
        "added": (job.result or {}).get("added"),
    }


def main(argv: list[str]) -> int:
    setup()
    command = argv[1]
    if command == "prepare":
        found: dict[str, Any] = prepare()
    elif command == "reset":
        found = reset()
    elif command == "verify":
        found = verify(Path(argv[2]))
    elif command == "queue-import":
        found = queue_import()
    elif command == "import-state":
        found = import_state(int(argv[2]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(found))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
