"""The open-format API: exports of what the caller may see, and DHIS2 / Open SDG
imports with a token, the caller's permissions and nothing written on a bad file."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from habitat_monitor.interop.formats import FORMATS
from habitat_monitor.interop.source import chosen_publication, dataset
from habitat_monitor.plans.models import Plan
from habitat_monitor.reporting.models import Submission
from tests.api.helpers import secret_for as token_for
from tests.factories import user_for_role

PLAN = "UNH-SP-2020-2023"


def _kenya_2023() -> bytes:
    """Kenya's published 2021 values as a DHIS2 file for 2023 (no report yet)."""
    plan = Plan.objects.get(code=PLAN)
    data = dataset(plan, chosen_publication(plan), country="KEN")
    payload = json.loads(FORMATS["dhis2"].write(data))
    payload["dataValues"] = [
        {**v, "period": v["period"].replace("2021", "2023")}
        for v in payload["dataValues"]
        if v["period"].startswith("2021")
    ]
    return json.dumps(payload).encode()


def test_exports_in_every_format(content: None) -> None:
    client = Client()
    for name, fmt in FORMATS.items():
        response = client.get(f"/api/v1/exports/{name}?indicator=1.1.1&country=KEN")
        assert response.status_code == 200, (name, response.content[:200])
        assert response["Content-Type"] == fmt.media_type
        assert response["X-Illustrative"] == "true"
    missing = client.get("/api/v1/exports/pdf")
    assert missing.status_code == 404 and "sdmx-csv" in missing.json()["detail"]
    assert client.get("/api/v1/exports/csv?indicator=NOPE").status_code == 404
    assert "/exports/{fmt}" in json.dumps(client.get("/api/v1/openapi.json").json()["paths"])


def _post(token: str | None, body: bytes, **fields: str) -> object:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    upload = SimpleUploadedFile("ken.json", body, content_type="application/json")
    return Client().post("/api/v1/imports/dhis2", {"file": upload, **fields}, **headers)


def test_a_focal_point_imports_its_offices_values_with_a_token(content: None) -> None:
    focal = user_for_role("focal_own")
    dry = _post(token_for(focal), _kenya_2023(), dry_run="true")
    assert dry.status_code == 200, dry.content[:300]
    assert dry.json()["imported"] > 0 and not Submission.objects.filter(period__year=2023).exists()
    done = _post(token_for(focal), _kenya_2023())
    assert done.status_code == 200
    summary = done.json()
    assert summary["import_summary"]["status"] == "SUCCESS"
    assert summary["submissions"] and {g["office"] for g in summary["submissions"]} == {"KEN"}
    assert Submission.objects.filter(office__code="KEN", period__year=2023).exists()


def test_another_offices_focal_point_writes_nothing(content: None) -> None:
    other = user_for_role("focal_other")  # India's
    response = _post(token_for(other), _kenya_2023())
    assert response.status_code == 422
    assert response.json()["detail"]
    assert not Submission.objects.filter(period__year=2023).exists()


def test_imports_need_an_account_and_a_known_format(content: None) -> None:
    assert _post(None, _kenya_2023()).status_code == 401
    assert not Submission.objects.filter(period__year=2023).exists()
    officer = user_for_role("officer")
    upload = SimpleUploadedFile("x.csv", b"Year,Value\n")
    response = Client().post(
        "/api/v1/imports/sdmx",
        {"file": upload},
        HTTP_AUTHORIZATION=f"Bearer {token_for(officer)}",
    )
    assert response.status_code == 404


def test_a_malformed_file_is_a_problem_not_a_crash(content: None) -> None:
    officer = user_for_role("officer")
    response = _post(token_for(officer), b'{"dataValues": [')
    assert response.status_code == 422
    assert any("JSON" in p["reason"] for p in response.json()["detail"])
