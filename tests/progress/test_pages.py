"""Progress pages over real HTTP: the numbers are the services', the HTML, JSON and CSV
twins agree, the year lives in the URL, invented figures are labelled, unknown codes
are 404, and corrective actions follow the roles (only officers write)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.template.defaultfilters import floatformat
from django.test import Client

from habitat_monitor.geo.models import Office
from habitat_monitor.plans.models import Indicator, Target
from habitat_monitor.progress import services
from habitat_monitor.progress.models import CorrectiveAction
from habitat_monitor.progress.services import Scope
from tests.factories import MATRIX_ROLES, client_for, user_for_role

PLAN = "UNH-SP-2020-2023"
PAGES = [
    "/progress/",
    "/progress/domains/1/",
    "/progress/outcomes/1.1/",
    "/progress/indicators/G1/",
    "/progress/indicators/1.2.a.1/",
    "/progress/offices/KEN/",
    "/progress/countries/KEN/",
]
FIELDS = {
    "cause": "Survey delayed by the rainy season",
    "action": "Run the survey in the dry season",
    "owner": "Kenya country office",
    "due_date": "2023-03-31",
    "status": "planned",
}


def _csv(response: Any) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _number(cell: str) -> float | None:
    return None if cell == "" else float(cell)


def _twin(url: str, suffix: str) -> str:
    path, _sep, query = url.partition("?")
    return f"{path.rstrip('/')}{suffix}" + (f"?{query}" if query else "")


def test_plan_page_shows_the_services_numbers(content: None, client: Client) -> None:
    """Every indicator's actual, target, achievement, status and projection are the
    services'; the counts per domain and outcome are the rollup's; the rule is shown."""
    progress = services.plan_progress(PLAN, Scope())
    expected = progress.as_dict()
    page = client.get("/progress/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    data = client.get("/progress.json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["year"] == progress.year
    assert data["counts"] == expected["rollup"]["plan"]
    assert {d["code"]: d["counts"] for d in data["domains"]} == expected["rollup"]["domains"]
    outcomes = {o["code"]: o["counts"] for o in data["outcomes"] if o["counts"]["total"]}
    assert outcomes == expected["rollup"]["outcomes"]
    assert [row["code"] for row in data["indicators"]] == [i.code for i in progress.indicators]
    for row, item in zip(data["indicators"], expected["indicators"], strict=True):
        assert row["actual"] == item["actual"] and row["target"] == item["target"]
        assert row["achievement"] == item["assessment"]["achievement"]
        assert row["status"] == item["status"] and row["likely"] == item["likely"]
        if item["projections"]:
            assert row["projection"]["method"] == item["projections"][0]["method"]
            assert row["projection"]["projected"] == item["projections"][0]["projected"]
        assert f'href="/progress/indicators/{row["code"]}/?year={data["year"]}"' in html
        if row["achievement"] is not None:
            assert f"{floatformat(row['achievement'], '-2g')} %" in html
    assert "On track: achievement of 90 % or more." in html
    assert "Achievement = 100 × (actual − baseline) / (target − baseline)" in html  # noqa: RUF001
    assert "<caption>Indicators by status and domain of change" in html
    assert "<caption>Indicators by status and outcome" in html
    summary = data["counts"]
    assert f"of {summary['total']} indicators: {summary['on_track']} on track" in html


def test_status_is_a_symbol_and_a_word(content: None, client: Client) -> None:
    """Never colour alone: each status shown carries its symbol and its label."""
    html = client.get("/progress/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for symbol, label in [("✓", "On track"), ("▲", "At risk"), ("✕", "Off track")]:
        assert f'<span class="progress-symbol" aria-hidden="true">{symbol}</span> {label}' in html
    assert '<span class="visually-hidden">no data</span>' in html


@pytest.mark.parametrize("url", PAGES)
def test_json_and_csv_twins_hold_the_page_numbers(content: None, client: Client, url: str) -> None:
    """``.json`` equals ``?format=json``; the CSV holds the same numbers as the JSON."""
    data = client.get(_twin(url, ".json")).json()
    assert client.get(f"{url}?format=json").json() == data
    rows = _csv(client.get(_twin(url, ".csv")))
    assert client.get(f"{url}?format=csv").content == client.get(_twin(url, ".csv")).content
    if "indicators/" in url:
        assessed = next(r for r in rows if r["section"] == "assessment")
        assert _number(assessed["achievement_percent"]) == data["assessment"]["achievement"]
        assert assessed["status"] == data["assessment"]["status"]
        series = {
            (r["year"], r["kind"]): _number(r["value"]) for r in rows if r["section"] == "series"
        }
        for line in data["series"]:
            for kind in ("target", "value", "actual"):
                assert series.get((str(line["year"]), kind)) == line[kind]
        places = [r for r in rows if r["section"] == "place"]
        assert len(places) == sum(len(group["rows"]) for group in data["places"])
        return
    assert [r["indicator"] for r in rows] == [r["code"] for r in data["indicators"]]
    for cells, row in zip(rows, data["indicators"], strict=True):
        assert _number(cells["value"]) == row["value"]
        assert _number(cells["achievement_percent"]) == row["achievement"]
        assert cells["status"] == (row["status"] or "")
        if "target" in cells:
            assert _number(cells["target"]) == row["target"]


def test_year_lives_in_the_url(content: None, client: Client) -> None:
    """``?year=2020`` chooses the year; links, twins and the year picker keep it."""
    html = client.get("/progress/?year=2020", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    data = client.get("/progress.json?year=2020").json()
    assert data["year"] == 2020
    assert data["indicators"][0]["url"].endswith("?year=2020")
    assert data["links"] == {
        "html": "/progress/?year=2020",
        "json": "/progress.json?year=2020",
        "csv": "/progress.csv?year=2020",
    }
    assert '<option value="2020" selected>' in html
    assert 'href="/progress.csv?year=2020"' in html
    expected = services.plan_progress(PLAN, Scope(year=2020))
    assert [r["status"] for r in data["indicators"]] == [i.status for i in expected.indicators]
    rows = _csv(client.get("/progress.csv?year=2020"))
    assert {r["year"] for r in rows} == {"2020"}


def test_invented_figures_are_labelled_everywhere(content: None, client: Client) -> None:
    """The demo's figures are illustrative: a notice and badges in HTML, a flag in JSON,
    a column in CSV."""
    html = client.get("/progress/indicators/G1/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "notice-illustrative" in html and "badge-illustrative" in html
    assert client.get("/progress/indicators/G1.json").json()["illustrative"] is True
    assert {r["illustrative"] for r in _csv(client.get("/progress/indicators/G1.csv"))} == {"true"}
    plan = client.get("/progress.json").json()
    assert plan["illustrative"] and all(r["illustrative"] for r in plan["indicators"])
    assert {r["illustrative"] for r in _csv(client.get("/progress.csv"))} == {"true"}


def test_indicator_page_shows_series_formulas_places_and_breakdowns(
    content: None, client: Client
) -> None:
    """Values per year against each yearly target, the assessment formula with the
    numbers, each projection with its formula, values by region, country and office,
    and the breakdowns."""
    item = services.indicator_progress("D4", PLAN)
    html = client.get("/progress/indicators/D4/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    data = client.get("/progress/indicators/D4.json").json()
    targets = Target.objects.filter(indicator__code="D4", office=None)
    by_year = {line["year"]: line for line in data["series"]}
    for target in targets:
        assert by_year[target.year]["target"] == target.value
    for year, value in item.series:
        assert by_year[year]["value"] == value
    assert data["assessment"]["formula"] == item.assessment.formula
    assert item.assessment.formula in html
    for projection in item.projections:
        assert projection.formula in html
    levels = {group["level"]: group for group in data["places"]}
    assert {"org_region", "country", "office"} <= set(levels)
    kenya = next(r for r in levels["country"]["rows"] if r["key"] == "KEN")
    place = next(p for p in item.places if p.level == "country" and p.key == "KEN")
    assert kenya["value"] == place.value and kenya["formula"] == place.formula
    assert data["breakdowns"] and "Breakdowns (all places)" in html
    assert "Corrective actions" not in html  # the public does not see actions
    assert "actions" not in data


def test_office_page_assesses_an_office_against_its_own_target(content: None) -> None:
    """Kenya's office gets every indicator's value for the year; where it has a target
    of its own, its achievement and status (in the board draft: the target is new)."""
    client = client_for(user_for_role("viewer"))
    Target.objects.create(
        indicator=Indicator.objects.get(plan__code=PLAN, code="1.1.3"),
        office=Office.objects.get(code="KEN"),
        year=2021,
        value=3,
        illustrative=True,
    )
    data = client.get("/progress/offices/KEN.json?year=2021").json()
    progress = services.plan_progress(PLAN, Scope(year=2021, levels=("office",)))
    assert len(data["indicators"]) == len(progress.indicators)
    for row, item in zip(data["indicators"], progress.indicators, strict=True):
        place = next((p for p in item.places if p.level == "office" and p.key == "KEN"), None)
        assert row["value"] == (place.value if place else None)
    own = next(row for row in data["indicators"] if row["code"] == "1.1.3")
    assert own["target"] == 3 and own["status"] in ("on_track", "at_risk", "off_track")
    html = client.get(
        "/progress/offices/KEN/?year=2021", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Office target" in html and own["status_label"] in html
    country = client.get("/progress/countries/ken.json?year=2021").json()
    assert country["place"]["code"] == "KEN"
    assert country["reported"] == data["reported"]


@pytest.mark.parametrize(
    "url",
    [
        "/progress/indicators/NOPE/",
        "/progress/indicators/NOPE.json",
        "/progress/domains/9/",
        "/progress/outcomes/9.9.csv",
        "/progress/offices/NOPE/",
        "/progress/countries/XXX/",
        "/progress/?year=1999",
        "/progress/?year=abc",
        "/progress/?format=xml",
    ],
)
def test_unknown_codes_and_years_are_404(content: None, client: Client, url: str) -> None:
    assert client.get(url).status_code == 404


def test_a_busy_store_is_a_503_not_a_500(content: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The live store busy (members) or the published copy unreadable (the public):
    503 with a retry, never a 500."""
    from habitat_monitor.progress import publishing
    from habitat_monitor.progress.store.location import StoreBusy
    from habitat_monitor.progress.store.snapshot import SnapshotUnreadable

    def busy(*args: Any, **kwargs: Any) -> None:
        raise StoreBusy("rebuilding")

    def unreadable(*args: Any, **kwargs: Any) -> None:
        raise SnapshotUnreadable("gone")

    monkeypatch.setattr(services, "plan_progress", busy)
    monkeypatch.setattr(publishing, "reading", unreadable)
    for client in (client_for(user_for_role("viewer")), Client()):
        for url in ("/progress/", "/progress/indicators/G1.json", "/api/v1/progress"):
            response = client.get(url)
            assert response.status_code == 503
            if not url.startswith("/api/"):
                assert response["Retry-After"] == "30"


def test_a_plan_without_approved_values_says_so(content: None, client: Client) -> None:
    """A freshly loaded plan has no approved values: every indicator shows no data
    (members see it; the public sees that nothing is published yet)."""
    from pathlib import Path

    from habitat_monitor.plans.services import load_plan

    small = Path(__file__).parents[1] / "plans" / "data" / "small-plan.yaml"
    load_plan(small.read_text(encoding="utf-8"), filename="small-plan.yaml")
    public = client.get("/progress/", HTTP_ACCEPT_LANGUAGE="en")
    assert public.status_code == 404
    assert "No progress figures have been published yet" in public.content.decode()
    client = client_for(user_for_role("viewer"))
    data = client.get("/progress.json").json()
    assert data["plan"]["code"] == "TEST-PLAN" and data["no_data"] is True
    assert {row["status"] for row in data["indicators"]} <= {"no_data", "not_yet_due"}
    html = client.get("/progress/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No values have been approved for this plan yet" in html
    assert client.get("/progress/indicators/A.1.1/").status_code == 200


def test_pages_in_chinese(content: None, client: Client) -> None:
    """In Chinese the plan content is Chinese and the page says so."""
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    html = client.get("/progress/indicators/G1/").content.decode()
    indicator = Indicator.objects.get(plan__code=PLAN, code="G1")
    assert indicator.statement["zh"] in html and '<html lang="zh-hans"' in html
    assert '<code class="formula" lang="en">' in html


# Corrective actions on the pages -------------------------------------------------------

ALLOWED = {"officer", "admin"}
READERS = {"viewer", "focal_own", "focal_other", "officer", "author", "admin"}


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_attention_page_by_role(content: None, role: str) -> None:
    """Anonymous visitors sign in first; staff roles read; only officers get the links."""
    client = client_for(user_for_role(role))
    response = client.get("/progress/attention/", HTTP_ACCEPT_LANGUAGE="en")
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        return
    assert response.status_code == 200
    data = client.get("/progress/attention.json").json()
    expected = services.needs_attention(services.plan_progress(PLAN, Scope()))
    assert [row["code"] for row in data["indicators"]] == [item.code for item in expected]
    html = response.content.decode()
    assert ("Record a corrective action for" in html) == (role in ALLOWED)


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_only_officers_record_actions_on_the_page(content: None, role: str) -> None:
    """A refused record or update is 403 (anonymous: sign in first) and changes nothing."""
    officer = client_for(user_for_role("officer"))
    assert officer.post("/progress/indicators/D2/actions/?year=2021", FIELDS).status_code == 302
    item = CorrectiveAction.objects.get()
    client = client_for(user_for_role(role))
    recorded = client.post("/progress/indicators/D2/actions/?year=2021", FIELDS)
    updated = client.post(f"/progress/actions/{item.pk}/", {f"action-{item.pk}-status": "done"})
    if role in ALLOWED:
        assert recorded.status_code == 302 and updated.status_code == 302
        assert CorrectiveAction.objects.count() == 2
        item.refresh_from_db()
        assert item.status == "done"
        return
    expected = 302 if role == "anonymous" else 403
    assert recorded.status_code == expected and updated.status_code == expected
    item.refresh_from_db()
    assert CorrectiveAction.objects.count() == 1 and item.status == "planned"


def test_an_action_recorded_on_the_page_shows_on_the_page_and_in_the_api(content: None) -> None:
    officer = user_for_role("officer")
    client = client_for(officer)
    response = client.post("/progress/indicators/D2/actions/?year=2021", FIELDS, follow=True)
    html = response.content.decode()
    assert "The corrective action was recorded." in html
    assert FIELDS["cause"] in html and 'id="record-action"' in html
    item = CorrectiveAction.objects.get()
    assert item.year == 2021 and item.created_by == officer
    assert item.history.get().history_user == officer
    viewer = client_for(user_for_role("viewer"))
    page = viewer.get("/progress/indicators/D2/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert FIELDS["action"] in page and 'id="record-action"' not in page
    assert viewer.get("/progress/indicators/D2.json").json()["actions"][0]["id"] == item.pk
    listed = viewer.get("/api/v1/progress/actions?indicator=D2").json()["items"]
    assert [row["id"] for row in listed] == [item.pk]
    api = viewer.get("/api/v1/progress/indicators/D2").json()
    assert api["actions"][0]["cause"] == FIELDS["cause"]
    anonymous = Client().get("/progress/indicators/D2/").content.decode()
    assert FIELDS["action"] not in anonymous
    attention = viewer.get("/progress/attention.json?year=2021").json()
    d2 = next(row for row in attention["indicators"] if row["code"] == "D2")
    assert [a["id"] for a in d2["actions"]] == [item.pk]


def test_an_officer_updates_the_status_and_follow_up(content: None) -> None:
    officer = user_for_role("officer")
    client = client_for(officer)
    client.post("/progress/indicators/D2/actions/", FIELDS)
    item = CorrectiveAction.objects.get()
    prefix = f"action-{item.pk}"
    response = client.post(
        f"/progress/actions/{item.pk}/?year=2021",
        {
            f"{prefix}-status": "in_progress",
            f"{prefix}-follow_up": "Survey started",
            f"{prefix}-reason": "monthly check",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/progress/indicators/D2/?year=2021#actions"
    item.refresh_from_db()
    assert (item.status, item.follow_up) == ("in_progress", "Survey started")
    assert item.history.latest().history_change_reason == "monthly check"


def test_form_errors_are_shown_inline_and_nothing_is_saved(content: None) -> None:
    client = client_for(user_for_role("officer"))
    bad = {**FIELDS, "cause": "", "due_date": "31/31/2023"}
    response = client.post("/progress/indicators/D2/actions/", bad, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in html
    assert "The action was not recorded" in html and 'aria-invalid="true"' in html
    assert not CorrectiveAction.objects.exists()
    client.post("/progress/indicators/D2/actions/", FIELDS)
    item = CorrectiveAction.objects.get()
    response = client.post(f"/progress/actions/{item.pk}/", {f"action-{item.pk}-status": "nope"})
    assert "The change was not saved" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "planned"


def test_forms_need_the_csrf_token(content: None) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_for_role("officer"))
    assert client.post("/progress/indicators/D2/actions/", FIELDS).status_code == 403
    assert not CorrectiveAction.objects.exists()


def test_attention_csv_neutralises_formulas(content: None) -> None:
    """Action text is user text: a leading ``=`` cannot run in a spreadsheet."""
    client = client_for(user_for_role("officer"))
    hostile = {**FIELDS, "cause": '=HYPERLINK("http://evil.example","x")', "owner": "@owner"}
    client.post("/progress/indicators/D2/actions/?year=2021", hostile)
    rows = _csv(client.get("/progress/attention.csv?year=2021"))
    d2 = next(row for row in rows if row["indicator"] == "D2")
    assert d2["cause"] == "'" + hostile["cause"] and d2["owner"] == "'@owner"
    assert dt.date.fromisoformat(d2["due_date"]) == dt.date(2023, 3, 31)
