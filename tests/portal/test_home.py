"""The home page shows the loaded plan's goal and four domains, in both languages."""

from __future__ import annotations

import pytest
from django.test import Client

DOMAINS_EN = [
    "Reduced spatial inequality and poverty in communities across the urban-rural continuum",
    "Enhanced shared prosperity of cities and regions",
    "Strengthened climate action and improved urban environment",
    "Effective urban crisis prevention and response",
]
DOMAINS_ZH = [
    "减少城乡连续体各个社区中的空间不平等和贫困现象",
    "加强城市和区域的共同繁荣",
    "加强气候行动和改善城市环境",
    "有效预防和应对城市危机",
]


def test_home_in_english(content: None, client: Client) -> None:
    """The dashboard names the goal, each domain of change and how the plan is doing."""
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en"' in page
    assert "Advance sustainable urbanization" in page
    for title in DOMAINS_EN:
        assert title in page
    assert "How the plan is doing in 2021" in page
    assert "Published figures: publication 1" in page


def test_home_in_chinese(content: None, client: Client) -> None:
    """Choosing 中文 switches both the interface and the plan content."""
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="zh-hans"' in page
    for title in DOMAINS_ZH:
        assert title in page
    assert "How the plan is doing" not in page


def test_home_json_twin_matches_page(content: None, client: Client) -> None:
    """The dashboard's JSON twin carries the counts, domains and indicators it shows."""
    data = client.get("/index.json", HTTP_ACCEPT_LANGUAGE="en").json()
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert [domain["title"] for domain in data["domains"]] == DOMAINS_EN
    assert len(data["outcomes"]) == 12
    for outcome in data["outcomes"]:
        assert outcome["title"] in page
    for tile in data["tiles"]:
        assert f"{tile['status_label']}</span> <strong>{tile['count']}</strong>" in page
    assert sum(tile["count"] for tile in data["tiles"]) == data["counts"]["total"] == 49
    assert [row["level"] for row in data["indicators"]] == ["goal"] * 2 + ["domain"] * 4
    for row in data["indicators"]:
        assert f'<span class="code">{row["code"]}</span> {row["statement"]}' in page
    assert 'rel="alternate" type="application/json"' in page


@pytest.mark.parametrize("path", ["/", "/offices/", "/accounts/login/", "/api/v1/docs"])
def test_pages_send_security_headers(content: None, client: Client, path: str) -> None:
    """Every page forbids outside sources, framing and content sniffing."""
    response = client.get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "http" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_unknown_page_is_a_helpful_404(content: None, client: Client) -> None:
    """A mistyped address gets a page that leads back home."""
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Back to the home page" in response.content


def test_offices_page_lists_default_offices(content: None, client: Client) -> None:
    """The public offices page lists headquarters, regional and country offices."""
    page = client.get("/offices/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for code in ("HQ", "ROAF", "ROAS", "ROAP", "ROLAC", "IND", "KEN", "EGY", "COL", "PAC"):
        assert f'<th scope="row">{code}</th>' in page
    assert "Edit KEN" not in page
