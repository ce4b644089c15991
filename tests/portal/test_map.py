"""The world map: its spec (pure), the page in every colour and language, the twins
holding exactly the table's rows, 404s that say what was wrong, invented figures
labelled, and the needs typology shown only as far as the visitor may see it."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from habitat_monitor.portal.charts.palette import NO_DATA_FILL
from habitat_monitor.portal.charts.render import to_svg
from habitat_monitor.portal.charts.world import world_map
from habitat_monitor.typology.models import Assessment

TOPOJSON = (
    Path(__file__).resolve().parents[2]
    / "src/habitat_monitor/portal/static/vendor/countries-110m.json"
)
ROW = {
    "numeric": "404",
    "alpha3": "KEN",
    "name": "Kenya",
    "value": 42.0,
    "value_text": "42 %",
    "label": "Kenya: 42 % (illustrative)",
    "url": "/progress/countries/KEN/?year=2022",
    "category": 2,
    "category_short": "Category 2",
    "category_label": "2 · Capacity",
    "domain": "1",
    "domain_short": "Domain 1",
    "domain_label": "1 · Inequality",
}
WORDS = {"description": "World map of G1", "legend_title": "G1 (%)", "country": "Country"}


class TableRows(HTMLParser):
    """The text of each cell of one table's body rows (visually hidden text kept)."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id, self.inside, self.in_body = table_id, False, False
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and found.get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append([])
        elif self.in_body and tag in ("td", "th"):
            self.cell = []
        elif self.in_body and tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.inside:
            self.inside = self.in_body = False
        elif self.in_body and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str, table_id: str = "map-table") -> tuple[list[list[str]], list[str]]:
    parser = TableRows(table_id)
    parser.feed(html)
    return parser.rows, parser.links


MISSING = "\u2013no data"  # the dash and the visually hidden words, as one cell's text


def _number(cell: str) -> float | None:
    """A value cell's number (its "(illustrative)" note dropped), None for no data."""
    return None if cell == MISSING else float(cell.split(" ")[0].replace(",", ""))


# The spec (pure)


@pytest.mark.parametrize("colour", ["value", "category", "domain"])
def test_spec_has_every_country_links_and_names(colour: str) -> None:
    spec = world_map([ROW], WORDS, topojson_url="/static/vendor/countries.json", colour=colour)
    assert spec["description"] == "World map of G1"
    assert spec["data"]["url"] == "/static/vendor/countries.json"
    assert spec["data"]["format"] == {"type": "topojson", "feature": "countries"}
    every, coloured = spec["layer"]
    assert "transform" not in every and every["mark"]["fill"] == NO_DATA_FILL
    assert coloured["encoding"]["href"]["field"] == "url"
    assert coloured["encoding"]["description"]["field"] == "label"
    assert coloured["encoding"]["tooltip"][0]["field"] == "name"
    assert coloured["encoding"]["color"]["legend"]["title"] == "G1 (%)"
    lookup = coloured["transform"][0]
    assert lookup["lookup"] == "id" and lookup["from"]["data"]["values"][0]["numeric"] == "404"
    assert spec["projection"]["type"] in ("equalEarth", "naturalEarth1")
    assert spec["width"] == "container" and 380 <= spec["height"] <= 460


def test_spec_refuses_what_it_cannot_draw() -> None:
    with pytest.raises(ValueError, match="description"):
        world_map([ROW], {"description": " "}, topojson_url="/x.json")
    with pytest.raises(ValueError, match="colour"):
        world_map([ROW], WORDS, topojson_url="/x.json", colour="heat")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="topojson"):
        world_map([ROW], WORDS)


def test_nominal_legend_lists_every_entry_given_in_order() -> None:
    words = WORDS | {"categories": {n: f"Category {n}" for n in range(1, 6)}}
    spec = world_map([ROW], words, topojson_url="/x.json", colour="category")
    scale = spec["layer"][1]["encoding"]["color"]["scale"]
    assert scale["domain"] == [f"Category {n}" for n in range(1, 6)]
    assert len(set(scale["range"])) == 5


def test_server_svg_draws_every_country_and_names_kenya() -> None:
    topojson = json.loads(TOPOJSON.read_text(encoding="utf-8"))
    svg = to_svg(world_map([ROW], WORDS, topojson=topojson, width=640))
    assert svg.count("<path") >= 150
    assert 'aria-label="Kenya: 42 % (illustrative)"' in svg
    assert 'aria-label="World map of G1"' in svg


# The page and its twins


def _get(client: Client, url: str, language: str = "en") -> Any:
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("colour", ["value", "category", "domain"])
def test_page_renders_each_colour_in_each_language(
    content: None, client: Client, colour: str, language: str
) -> None:
    response = _get(client, f"/map/?colour={colour}", language)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert 'id="world-map-spec"' in html and 'role="img"' in html
    assert 'aria-live="polite"' in html and 'id="announce"' in html
    assert 'hx-select="#map-results"' in html and 'hx-select-oob="#announce"' in html
    for name in ("colour", "indicator", "year"):
        assert f'<label for="map-{name}">' in html
    rows, links = table_rows(html)
    assert len(rows) >= 10
    assert "/progress/countries/KEN/?year=" in " ".join(links)
    if language == "zh-hans":
        assert "肯尼亚" in html


def test_default_indicator_has_a_value_for_kenya(content: None, client: Client) -> None:
    data = _get(client, "/map.json").json()
    kenya = next(row for row in data["rows"] if row["alpha3"] == "KEN")
    assert kenya["value"] is not None and kenya["numeric"] == "404"
    assert kenya["label"].startswith("Kenya: ")
    assert data["indicator"]["code"] and data["year"] in data["years_with_data"]


@pytest.mark.parametrize(("colour", "field"), [("category", "category"), ("domain", "domain")])
def test_json_twin_rows_equal_the_table(
    content: None, client: Client, colour: str, field: str
) -> None:
    html = _get(client, f"/map/?colour={colour}").content.decode()
    data = _get(client, f"/map.json?colour={colour}").json()
    rows, _links = table_rows(html)
    assert [r[0] for r in rows] == [row["name"] for row in data["rows"]]
    for cells, row in zip(rows, data["rows"], strict=True):
        value = _number(cells[1])
        assert value == (None if row["value"] is None else round(row["value"], 2))
        assert cells[2].startswith(row[f"{field}_label"] or MISSING)
    assert data["about"]["licence"] == "CC BY 4.0"
    assert data["plan"]["version"] and "last_approved" in data["about"]
    assert data["about"]["source"]


def test_csv_twin_rows_equal_the_json(content: None, client: Client) -> None:
    query = "?colour=domain&indicator=1.1.1&year=2020"
    data = _get(client, f"/map.json{query}").json()
    response = _get(client, f"/map.csv{query}")
    assert response["Content-Type"].startswith("text/csv")
    assert "map-2020.csv" in response["Content-Disposition"]
    lines = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [line["alpha3"] for line in lines] == [row["alpha3"] for row in data["rows"]]
    for line, row in zip(lines, data["rows"], strict=True):
        assert line["indicator"] == "1.1.1" and line["year"] == "2020"
        assert (float(line["value"]) if line["value"] else None) == row["value"]
        assert (int(line["category"]) if line["category"] else None) == row["category"]
        assert (line["priority_domain"] or None) == row["domain"]
        assert line["illustrative"] == str(row["illustrative"]).lower()


def test_download_links_keep_the_query(content: None, client: Client) -> None:
    html = _get(client, "/map/?colour=domain&indicator=1.1.1&year=2020").content.decode()
    assert 'href="/map.csv?colour=domain&amp;indicator=1.1.1&amp;year=2020"' in html
    assert 'href="/map.json?colour=domain&amp;indicator=1.1.1&amp;year=2020"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("colour=heat", "no such colour"),
        ("indicator=NOPE", "No indicator has this code"),
        ("year=1999", "no such year"),
        ("year=soon", "no such year"),
    ],
)
def test_unknown_choices_are_404_saying_why(
    content: None, client: Client, query: str, message: str
) -> None:
    page = _get(client, f"/map/?{query}")
    assert page.status_code == 404 and message in page.content.decode()
    twin = _get(client, f"/map.json?{query}")
    assert twin.status_code == 404 and message in twin.json()["detail"]
    assert _get(client, f"/map.csv?{query}").status_code == 404


def test_invented_figures_are_labelled_illustrative(content: None, client: Client) -> None:
    html = _get(client, "/map/").content.decode()
    data = _get(client, "/map.json").json()
    assert data["illustrative"] is True
    assert "notice-illustrative" in html
    valued = [row for row in data["rows"] if row["value"] is not None]
    assert valued and all(row["illustrative"] for row in valued)
    assert all(row["label"].endswith("(illustrative)") for row in valued)
    spec = json.loads(html.split('id="world-map-spec" type="application/json">')[1].split("<")[0])
    looked_up = spec["layer"][1]["transform"][0]["from"]["data"]["values"]
    assert all("illustrative" in row["label"] for row in looked_up)


def test_spec_in_page_loads_shapes_by_hashed_url(content: None, client: Client) -> None:
    html = _get(client, "/map/").content.decode()
    spec = json.loads(html.split('id="world-map-spec" type="application/json">')[1].split("<")[0])
    assert spec["data"]["url"].startswith("/static/vendor/countries-110m")
    assert spec["data"]["url"].endswith(".json")
    assert spec["description"].startswith("World map: ")


def test_map_shows_final_assessments_only_and_as_visible(content: None, client: Client) -> None:
    """Philippines' assessment in the latest round is a draft: no category on the map,
    for the public and for staff alike; a country not finally assessed has none."""
    draft = Assessment.objects.get(round__code="2019-ALL", country__alpha3="PHL", city=None)
    assert draft.status == Assessment.Status.DRAFT
    data = _get(client, "/map.json?colour=category").json()
    philippines = next(row for row in data["rows"] if row["alpha3"] == "PHL")
    assert philippines["category"] is None and "no data" in philippines["label"]
    assert data["round"]["code"] == "2019-ALL"
    kenya = next(row for row in data["rows"] if row["alpha3"] == "KEN")
    assert kenya["category"] == 2 and kenya["domain"] == "1"
    assert kenya["label"].startswith("Kenya: category 2")


def test_status_mode_judges_shares_and_leaves_totals_alone(content: None, client: Client) -> None:
    """A share (G1, a weighted mean) puts each country on the plan's target scale: its
    status is its own value against the year's target; a total (D4, a sum) gives no
    country a status, and the page says why."""
    from habitat_monitor.progress import achievement

    page = client.get("/map.json?colour=status&indicator=G1&year=2021").json()
    twin = client.get("/progress/indicators/G1.json?year=2021").json()
    target, baseline = twin["summary"]["target"], twin["summary"]["baseline"]
    judged = [row for row in page["rows"] if row["value"] is not None]
    assert judged and page["counts"]["statuses"] == len(judged)
    for row in judged:
        expected = achievement.assess_against_target(
            baseline=baseline, target=target, actual=row["value"], direction="increase"
        ).status.value
        assert row["status"] == expected, row["alpha3"]
        assert row["label"].startswith(f"{row['name']}: ")
    html = client.get(
        "/map/?colour=status&indicator=G1&year=2021", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "is judged against the plan" in html
    totals = client.get("/map.json?colour=status&indicator=D4&year=2021").json()
    assert all(row["status"] is None for row in totals["rows"])
    assert "adds up across countries" in totals["status_rule"]
