"""Publications: the public sees the latest publication only; members see the live
board draft; only officers publish; a publication is audited, frozen, and carries
its open data; a failed publication leaves nothing behind."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.plans.models import Plan
from habitat_monitor.progress import publishing
from habitat_monitor.progress.models import Publication
from habitat_monitor.reporting.models import Submission
from habitat_monitor.reporting.services.workflow import approve_submission
from tests.factories import MATRIX_ROLES, client_for, user_for_role

PLAN = "UNH-SP-2020-2023"


def _plan() -> Plan:
    return Plan.objects.get(code=PLAN)


def _approve_a_2022_submission() -> Submission:
    """One of the demo's submitted 2022 reports, approved now (after publication 1)."""
    submission = (
        Submission.objects.filter(period__year=2022, status=Submission.Status.SUBMITTED)
        .order_by("office__code")
        .first()
    )
    assert submission is not None
    return approve_submission(submission, actor=user_for_role("officer"))


def _folders() -> set[str]:
    root = publishing.publications_dir()
    return {path.name for path in root.iterdir()} if root.exists() else set()


def test_the_demo_has_one_publication_of_2020_2021(content: None) -> None:
    publication = publishing.latest(_plan())
    assert publication is not None and publication.number == 1
    assert publication.data_year == 2021 and publication.value_count > 0
    assert publishing.snapshot_of(publication).exists()
    assert publishing.open_data_of(publication).exists()


def test_the_public_sees_the_publication_members_see_the_draft(content: None) -> None:
    """A value approved after publication 1 is in the board draft only, until the
    next publication; a member can ask for the published view."""
    _approve_a_2022_submission()
    public = Client().get("/index.json").json()
    viewer_client = client_for(user_for_role("viewer"))
    draft = viewer_client.get("/index.json").json()
    assert public["latest_year"] == 2021 and public["shown"]["published"] is True
    assert draft["latest_year"] == 2022 and draft["shown"]["draft"] is True
    asked = viewer_client.get("/index.json?view=published").json()
    assert asked["latest_year"] == 2021 and asked["shown"]["published"] is True
    # The same holds for the progress pages and the API.
    assert Client().get("/progress.json").json()["year"] == 2021
    assert Client().get("/api/v1/progress").json()["year"] == 2021
    assert viewer_client.get("/api/v1/progress").json()["year"] == 2022
    html = viewer_client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Board draft" in html and "The public sees publication 1" in html

    second = publishing.publish(_plan(), actor=user_for_role("officer"), note="2022 so far")
    assert second.number == 2 and second.data_year == 2022
    assert Client().get("/index.json").json()["latest_year"] == 2022
    changes = second.changes
    assert changes["previous"] == 1 and changes["values_after"] > changes["values_before"]
    assert changes["indicators"], "the new year changes some indicators"
    shown = Client().get("/index.json").json()["changes"]
    assert (
        shown["since"] == 1
        and shown["values_added"] == second.value_count - (changes["values_before"])
    )


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_only_officers_publish(content: None, role: str) -> None:
    """The page's button and the service refuse everyone but officers; nothing is written."""
    before, folders = Publication.objects.count(), _folders()
    user = user_for_role(role)
    response = client_for(user).post("/publications/publish/", {"note": "try"})
    allowed = role in ("officer", "admin")
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif allowed:
        assert response.status_code == 302
    else:
        assert response.status_code == 403
    assert Publication.objects.count() == before + (1 if allowed else 0)
    if not allowed:
        assert _folders() == folders
        if user is not None:
            with pytest.raises(NotAllowed):
                publishing.publish(_plan(), actor=user)
            assert Publication.objects.count() == before


def test_a_publication_is_audited(content: None) -> None:
    officer = user_for_role("officer")
    publication = publishing.publish(_plan(), actor=officer, note="Mid-year")
    record = publication.history.get()
    assert record.history_type == "+" and record.history_user_id == officer.pk
    assert record.history_change_reason == "Mid-year" and record.number == 2


def test_a_failed_publication_leaves_nothing(
    content: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from habitat_monitor.progress import opendata

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(opendata, "write_open_data", broken)
    before, folders = Publication.objects.count(), _folders()
    with pytest.raises(OSError, match="disk full"):
        publishing.publish(_plan(), actor=user_for_role("officer"))
    assert Publication.objects.count() == before and _folders() == folders


def test_the_publications_page_and_open_data(content: None, client: Client) -> None:
    page = client.get("/publications/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Publications and open data" in page and "ZIP of publication 1" in page
    assert "Publish the approved figures now" not in page
    listed = client.get("/publications.json").json()["publications"]
    assert [row["number"] for row in listed] == [1]
    response = client.get(listed[0]["open_data"])
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "datapackage.json" in archive.namelist() and "values.csv" in archive.namelist()
    assert client.get("/publications/99/open-data.zip").status_code == 404
    officer = client_for(user_for_role("officer"))
    assert "Publish the approved figures now" in officer.get("/publications/").content.decode()


def test_a_missing_open_data_zip_is_written_by_the_first_download(
    content: None, client: Client
) -> None:
    """With a Celery worker the ZIP comes just after the publication; a download that
    comes first writes it from the frozen copy (the same bytes), never a dead link."""
    publication = publishing.latest(_plan())
    assert publication is not None
    path = publishing.open_data_of(publication)
    original = path.read_bytes()
    path.unlink()
    listed = client.get("/publications.json").json()["publications"]
    assert listed[0]["open_data_available"] is True
    response = client.get(listed[0]["open_data"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == original == path.read_bytes()
    publishing.snapshot_of(publication).rename(path.with_name("gone"))
    path.unlink()
    try:
        assert client.get(listed[0]["open_data"]).status_code == 404
    finally:
        path.with_name("gone").rename(publishing.snapshot_of(publication))
        publishing.ensure_open_data(publication)


def test_nothing_published_means_nothing_public(content: None, client: Client) -> None:
    """Before the first publication the public sees the plan but no figures."""
    Publication.objects.all().delete()
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Advance sustainable urbanization" in page
    assert "How the plan is doing" not in page
    assert client.get("/index.json").json()["published"] is False
    assert client.get("/progress.json").status_code == 404
    assert client.get("/index.csv").status_code == 404
    viewer = client_for(user_for_role("viewer"))
    html = viewer.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nothing has been published yet" in html


def test_publish_command(content: None, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("publish", "--now", "--note", "from the command line")
    out = capsys.readouterr().out
    assert "Published UNH-SP-2020-2023 #2" in out
    call_command("publish")
    listed = capsys.readouterr().out
    assert "from the command line" in listed and listed.count("\n") == 2


def test_public_pages_are_cached_until_the_next_publication(content: None) -> None:
    """The public answer is rendered once per publication, language and address;
    members are never served from the cache."""
    from django.core.cache import cache

    public = Client()
    first = public.get("/index.json").json()
    _approve_a_2022_submission()
    assert public.get("/index.json").json() == first  # still publication 1, from the cache
    assert public.get("/", HTTP_ACCEPT_LANGUAGE="en").get("Set-Cookie") is None
    viewer = client_for(user_for_role("viewer"))
    assert viewer.get("/index.json").json()["latest_year"] == 2022
    publishing.publish(_plan(), actor=user_for_role("officer"))
    assert public.get("/index.json").json()["latest_year"] == 2022
    cache.clear()
    assert public.get("/index.json").json()["latest_year"] == 2022


def test_the_language_switch_is_a_get_and_stays_on_this_site(content: None) -> None:
    public = Client()
    response = public.get("/language/?language=zh-hans&next=/progress/")
    assert response.status_code == 302 and response["Location"] == "/progress/"
    assert public.get("/").content.decode().count('lang="zh-hans"') >= 1
    away = public.get("/language/?language=en&next=https://evil.example/")
    assert away["Location"] == "/"
    assert "csrfmiddlewaretoken" not in public.get("/").content.decode()


def test_a_permanent_link_shows_one_publication(content: None) -> None:
    """``?publication=N`` keeps showing publication N after later ones, says so, and is
    what the citation links to."""
    _approve_a_2022_submission()
    publishing.publish(_plan(), actor=user_for_role("officer"))
    public = Client()
    assert public.get("/index.json").json()["latest_year"] == 2022
    pinned = public.get("/index.json?publication=1").json()
    assert pinned["latest_year"] == 2021 and pinned["shown"]["publication"]["latest"] is False
    html = public.get("/progress/indicators/G1/?publication=1", HTTP_ACCEPT_LANGUAGE="en")
    text = html.content.decode()
    assert "This is an archived view" in text
    viewer = client_for(user_for_role("viewer"))
    assert viewer.get("/index.json?publication=1").json()["latest_year"] == 2021
    assert public.get("/index.json?publication=9").status_code == 404
    latest = public.get("/progress/indicators/G1/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Cite these figures" in latest and "publication=2" in latest


def test_missing_published_files_say_so(content: None) -> None:
    """A publication whose frozen copy is gone answers 503 naming the problem (never a
    500), for the public and for a member's board draft comparison alike."""
    publication = publishing.latest(_plan())
    assert publication is not None
    folder = publishing.folder_of(publication)
    aside = folder.with_name(folder.name + ".aside")
    folder.rename(aside)  # the session's shared demo publication: put back below
    try:
        for client in (Client(), client_for(user_for_role("viewer"))):
            for url in ("/", "/progress/indicators/G1/", "/index.json"):
                response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
                if client.session.get("_auth_user_id") and url == "/progress/indicators/G1/":
                    assert response.status_code == 200  # members read the live figures
                    continue
                assert response.status_code == 503, url
                assert "published figures are missing" in response.content.decode()
    finally:
        aside.rename(folder)


def test_the_contrast_switch_persists_and_draws_charts_in_its_palette(content: None) -> None:
    from habitat_monitor.portal.charts import palette

    public = Client()
    response = public.get("/contrast/?on=1&next=/progress/indicators/G1/")
    assert response.status_code == 302 and response["Location"] == "/progress/indicators/G1/"
    html = public.get("/progress/indicators/G1/").content.decode()
    assert 'class="high-contrast"' in html and 'aria-pressed="true"' in html
    assert palette.HIGH_CONTRAST.background in html  # the chart's own background
    public.get("/contrast/?on=0&next=/")
    assert 'class="high-contrast"' not in public.get("/progress/indicators/G1/").content.decode()


def test_a_cached_public_page_keeps_its_headers_and_skips_the_view(
    content: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second anonymous request is answered before sessions and views run, with
    the same security headers; a request with a session is never served from it."""
    from habitat_monitor.portal import dashboard

    public = Client()
    first = public.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert first.status_code == 200 and not first.cookies

    def broken(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the view ran")

    monkeypatch.setattr(dashboard, "dashboard_data", broken)
    second = public.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    viewer = client_for(user_for_role("viewer"))
    with pytest.raises(AssertionError, match="the view ran"):
        viewer.get("/")
