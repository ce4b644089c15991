"""Exports of published figures: what goes in (the publication, not the draft), the
filters, the illustrative flags, and the same files from the page, the command and
the download links of the progress pages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook

from habitat_monitor.interop.formats import FORMATS
from habitat_monitor.interop.source import NothingToExport, chosen_publication, dataset
from habitat_monitor.plans.models import Plan
from habitat_monitor.progress import publishing
from habitat_monitor.reporting.models import Submission, Value
from habitat_monitor.reporting.services.workflow import approve_submission
from tests.factories import client_for, make_user, user_for_role

PLAN = "UNH-SP-2020-2023"


def _plan() -> Plan:
    return Plan.objects.get(code=PLAN)


def _published_count(**filters: str) -> int:
    """Approved values of publication 1 (the demo's: 2020 and 2021)."""
    values = Value.objects.filter(
        submission__status=Submission.Status.APPROVED,
        submission__period__year__lte=2021,
        indicator__active=True,
    )
    if "indicator" in filters:
        values = values.filter(indicator__code=filters["indicator"])
    if "country" in filters:
        values = values.filter(place__startswith=filters["country"])
    return values.count()


def test_the_dataset_is_the_publication(content: None) -> None:
    plan = _plan()
    data = dataset(plan, chosen_publication(plan))
    assert data.publication == 1 and data.published_at is not None
    assert len(data.observations) == _published_count()
    assert {o.year for o in data.observations} == {2020, 2021}
    assert data.illustrative and all(o.illustrative for o in data.observations)
    first = next(i for i in data.indicators if i.code == "1.1.1")
    assert first.statement_zh and first.targets and first.baseline_value is not None
    assert {r.year for r in data.results if r.indicator == "1.1.1"} == {2020, 2021}


def test_filters_by_indicator_and_country(content: None) -> None:
    plan = _plan()
    data = dataset(plan, chosen_publication(plan), indicator="1.1.1", country="ken")
    assert data.observations and {o.indicator for o in data.observations} == {"1.1.1"}
    assert {o.country for o in data.observations} == {"KEN"}
    assert [i.code for i in data.indicators] == ["1.1.1"]
    with pytest.raises(NothingToExport):
        dataset(plan, chosen_publication(plan), indicator="NO-SUCH")
    with pytest.raises(NothingToExport):
        chosen_publication(plan, 99)


def test_values_approved_after_publication_stay_out_until_published(content: None) -> None:
    plan = _plan()
    submission = Submission.objects.filter(
        period__code="2022", status=Submission.Status.SUBMITTED
    ).first()
    assert submission is not None
    approve_submission(submission, actor=user_for_role("officer"))
    published = dataset(plan, chosen_publication(plan))
    draft = dataset(plan, None)
    assert 2022 not in {o.year for o in published.observations}
    assert 2022 in {o.year for o in draft.observations}
    public = Client().get("/data/export/json").json()
    assert 2022 not in {v["year"] for v in public["values"]}
    member = client_for(user_for_role("viewer")).get("/data/export/json").json()
    assert 2022 in {v["year"] for v in member["values"]} and member["publication"] is None
    pinned = client_for(user_for_role("viewer")).get("/data/export/json?view=published").json()
    assert pinned["publication"] == 1


def test_csv_xlsx_and_json_hold_the_same_values(content: None) -> None:
    plan = _plan()
    data = dataset(plan, chosen_publication(plan), indicator="1.1.1")
    rows = list(csv.DictReader(io.StringIO(FORMATS["csv"].write(data).decode("utf-8-sig"))))
    assert len(rows) == len(data.observations) > 0
    assert {row["illustrative"] for row in rows} == {"true"}
    workbook = load_workbook(io.BytesIO(FORMATS["xlsx"].write(data)), read_only=True)
    sheet = list(workbook["values"].iter_rows(values_only=True))
    assert len(sheet) - 1 == len(rows)
    readme = [row[0] for row in workbook["read me"].iter_rows(values_only=True)]
    assert any("illustrative" in line for line in readme)
    document = json.loads(FORMATS["json"].write(data))
    assert document["illustrative"] is True
    assert sorted(v["value"] for v in document["values"]) == sorted(
        float(row["value"]) for row in rows
    )


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_downloads_from_the_page(content: None, name: str) -> None:
    response = Client().get(f"/data/export/{name}?indicator=1.1.1")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == FORMATS[name].media_type
    assert f".{FORMATS[name].extension}" in response["Content-Disposition"]
    assert response["X-Illustrative"] == "true"
    assert len(response.content) > 100


def test_the_page_and_its_links(content: None) -> None:
    client = Client()
    page = client.get("/data/").content.decode()
    for name in ("sdmx-csv", "iati", "dhis2", "open-sdg"):
        assert f"/data/export/{name}" in page
    assert "illustrative" in page
    assert client.get("/data/export/?format=csv&country=KEN").status_code == 200
    assert client.get("/data/export/pdf").status_code == 404
    assert client.get("/data/export/csv?indicator=NOPE").status_code == 404
    indicator = client.get("/progress/indicators/1.1.1/").content.decode()
    assert "/data/export/iati?indicator=1.1.1" in indicator
    country = client.get("/progress/countries/KEN/").content.decode()
    assert "/data/export/sdmx-csv?country=KEN" in country
    pinned = client.get("/progress/indicators/1.1.1/?publication=1").content.decode()
    assert "/data/export/dhis2?indicator=1.1.1&amp;publication=1" in pinned


def test_the_page_in_chinese(content: None) -> None:
    page = Client().get("/data/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "数据格式" in page


def test_nothing_published_yet(content: None) -> None:
    plan = _plan()
    publishing.latest(plan)
    plan.publications.all().delete()
    with pytest.raises(NothingToExport):
        chosen_publication(plan)
    assert Client().get("/data/export/csv").status_code == 404
    assert Client().get("/data/").status_code == 200


def test_the_command_writes_each_format(content: None, tmp_path: Path) -> None:
    for name in ("csv", "json"):
        target = tmp_path / f"out.{name}"
        call_command("export", "--format", name, "--indicator", "1.1.1", "-o", str(target))
        assert target.stat().st_size > 100
    call_command("export", "--format", "json", "--country", "KEN", "-o", str(tmp_path / "k.json"))
    document = json.loads((tmp_path / "k.json").read_text(encoding="utf-8"))
    assert {v["country"] for v in document["values"]} == {"KEN"}
    with pytest.raises(CommandError, match="no indicator"):
        call_command("export", "--format", "csv", "--indicator", "NOPE", "-o", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="no publication 7"):
        call_command("export", "--format", "csv", "--publication", "7", "-o", str(tmp_path / "x"))
    call_command("export", "--format", "csv", "--indicator", "1.1.1", "-o", str(tmp_path))
    assert (tmp_path / "unh-sp-2020-2023-p1-1.1.1.csv").exists()
    call_command("export", "--format", "csv", "--draft", "-o", str(tmp_path))
    assert (tmp_path / "unh-sp-2020-2023-draft.csv").exists()
    outsider = make_user()
    with pytest.raises(CommandError, match="may not see the draft"):
        call_command(
            "export", "--format", "csv", "--draft", "--user", outsider.username, "-o", str(tmp_path)
        )


def test_the_demo_in_iati_is_valid_and_in_sdmx_reads_back(content: None) -> None:
    """The whole published demo, not just the codecs' sample: valid against the IATI
    XSD, and every SDMX-CSV row read back by sdmx1 with the same value."""
    from habitat_monitor.interop import iati, sdmx_csv

    plan = _plan()
    data = dataset(plan, chosen_publication(plan))
    document = iati.write_iati(data, generated=data.published_at)
    assert iati.validate_iati(document) == []
    results = iati.read_iati_results(document)
    assert {(r.indicator, r.year) for r in results} >= {
        (r.indicator, r.year) for r in data.results if r.actual is not None
    }
    handle = io.StringIO()
    sdmx_csv.write_sdmx_csv(data, handle)
    back = sdmx_csv.read_sdmx_csv(handle.getvalue(), sdmx_csv.structure(data))
    key = lambda o: (o.indicator, o.period, o.office, o.country, o.city, o.breakdown_key)  # noqa: E731
    assert sorted((key(o), o.value) for o in back) == sorted(
        (key(o), o.value) for o in data.observations
    )
