"""Formats we both write and read: what we export comes back as the same values
through the import (into the 2023 reports, which the demo has not filled), and a bad
file changes nothing."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from habitat_monitor.core.actors import SYSTEM
from habitat_monitor.interop.formats import FORMATS
from habitat_monitor.interop.reading import FileRefused, read_values
from habitat_monitor.interop.source import chosen_publication, dataset
from habitat_monitor.plans.models import Plan
from habitat_monitor.reporting.models import Submission, Value

PLAN = "UNH-SP-2020-2023"


def _plan() -> Plan:
    return Plan.objects.get(code=PLAN)


def _published(**filters: str) -> Any:
    plan = _plan()
    return dataset(plan, chosen_publication(plan), **filters)


def _expected(data: Any, year: int) -> set[tuple[str, str, str, str, float]]:
    """The values of ``year`` as they should come back in 2023: office, period, place."""
    return {
        (
            o.office,
            o.period.replace(str(year), "2023"),
            o.indicator,
            f"{o.country}/{o.city}" if o.city else o.country,
            o.breakdown_key,
            o.value,
        )
        for o in data.observations
        if o.year == year
    }


def _stored_2023() -> set[tuple[str, str, str, str, float]]:
    rows = Value.objects.filter(submission__period__year=2023).values_list(
        "submission__office__code",
        "submission__period__code",
        "indicator__code",
        "place",
        "disaggregation",
        "value",
    )
    return set(rows)


def _as_2023(payload: dict[str, Any]) -> bytes:
    for item in payload["dataValues"]:
        item["period"] = item["period"].replace("2021", "2023")
    payload["dataValues"] = [v for v in payload["dataValues"] if v["period"].startswith("2023")]
    return json.dumps(payload).encode()


def test_dhis2_export_then_import_gives_the_same_values(content: None) -> None:
    data = _published(country="KEN")
    payload = json.loads(FORMATS["dhis2"].write(data))
    summary = read_values(
        "dhis2",
        _as_2023(payload),
        file_name="ken.json",
        mapping_text=None,
        plan=_plan(),
        actor=SYSTEM,
    )
    assert summary["problems"] == [] and summary["written"]
    assert summary["import_summary"]["status"] == "SUCCESS"
    expected = _expected(data, 2021)
    assert summary["import_summary"]["importCount"]["imported"] == len(expected)
    assert _stored_2023() == expected
    statuses = set(Submission.objects.filter(period__year=2023).values_list("status", flat=True))
    assert statuses == {"draft"}


def test_open_sdg_export_then_import_gives_the_same_values(content: None) -> None:
    data = _published(indicator="1.1.1")
    with zipfile.ZipFile(io.BytesIO(FORMATS["open-sdg"].write(data))) as archive:
        text = archive.read("data/indicator_1-1-1.csv").decode("utf-8")
    lines = text.splitlines()
    moved = [lines[0]] + [
        line.replace("2021,", "2023,", 1) for line in lines[1:] if "2021," in line
    ]
    summary = read_values(
        "open-sdg",
        ("\n".join(moved) + "\n").encode(),
        file_name="indicator_1-1-1.csv",
        mapping_text=None,
        plan=_plan(),
        actor=SYSTEM,
    )
    assert summary["problems"] == [], summary["problems"][:3]
    assert _stored_2023() == _expected(data, 2021)


def test_an_open_sdg_zip_is_read_whole(content: None) -> None:
    data = _published(country="KEN")
    body = FORMATS["open-sdg"].write(data)
    summary = read_values(
        "open-sdg", body, file_name="all.zip", mapping_text=None, plan=_plan(), actor=SYSTEM
    )
    # Published years are in approved reports: locked, so every office-period is refused.
    assert summary["problems"] and not summary["written"]
    assert all("locked" in p["reason"] for p in summary["problems"])
    assert not Value.objects.filter(submission__period__year=2023).exists()


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"dataValues": [', "JSON"),
        (b'{"nothing": []}', "dataValues"),
        (
            b'{"dataValues": [{"dataElement": "NOPE", "period": "2023", "orgUnit": "KEN",'
            b' "attributeOptionCombo": "KEN", "value": "4"}]}',
            "not an indicator this office reports",
        ),
        (
            b'{"dataValues": [{"dataElement": "1.1.1", "period": "2023Q5", "orgUnit": "KEN",'
            b' "attributeOptionCombo": "KEN", "value": "4"}]}',
            "2023Q5",
        ),
        (
            b'{"dataValues": [{"dataElement": "1.1.1", "period": "202307", "orgUnit": "KEN",'
            b' "attributeOptionCombo": "KEN", "value": "4"}]}',
            "monthly",
        ),
    ],
)
def test_bad_dhis2_files_change_nothing(content: None, body: bytes, reason: str) -> None:
    summary = read_values(
        "dhis2", body, file_name="bad.json", mapping_text=None, plan=_plan(), actor=SYSTEM
    )
    assert summary["problems"] and not summary["written"]
    assert any(reason in p["reason"] or reason in p["value"] for p in summary["problems"])
    assert summary["import_summary"]["status"] == "ERROR"
    assert not Submission.objects.filter(period__year=2023).exists()


def test_mixed_units_and_unknown_columns_in_open_sdg(content: None) -> None:
    body = (
        b"Year,Office,Country,Units,Colour,Value\n"
        b"2023,KEN,KEN,percent,red,40\n2023,KEN,KEN,people,blue,41\n"
    )
    summary = read_values(
        "open-sdg",
        body,
        file_name="indicator_1-1-1.csv",
        mapping_text=None,
        plan=_plan(),
        actor=SYSTEM,
    )
    assert summary["problems"] and not summary["written"]
    assert not Submission.objects.filter(period__year=2023).exists()


def test_a_broken_mapping_is_refused_with_every_problem(content: None) -> None:
    with pytest.raises(FileRefused) as refused:
        read_values(
            "dhis2",
            b'{"dataValues": []}',
            file_name="x.json",
            mapping_text="data_elements: {a: 1.1.1}\nbogus: 1\norg_units: {X: {country: K}}\n",
            plan=_plan(),
            actor=SYSTEM,
        )
    assert len(refused.value.summary["problems"]) >= 2


def test_the_command(content: None, tmp_path: Path, capsys: Any) -> None:
    data = _published(country="KEN")
    good = tmp_path / "ken.json"
    good.write_bytes(_as_2023(json.loads(FORMATS["dhis2"].write(data))))
    call_command("import", str(good), "--format", "dhis2", "--dry-run")
    assert "a dry run: nothing was written" in capsys.readouterr().out
    assert not Submission.objects.filter(period__year=2023).exists()
    call_command("import", str(good), "--format", "dhis2", "--submit", "--output", "json")
    summary = json.loads(capsys.readouterr().out)
    assert summary["written"] and summary["imported"] == len(_expected(data, 2021))
    assert set(Submission.objects.filter(period__year=2023).values_list("status", flat=True)) == {
        "submitted"
    }
    bad = tmp_path / "bad.json"
    bad.write_text('{"dataValues": [', encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("import", str(bad), "--format", "dhis2")
    assert "nothing was written" in capsys.readouterr().out
