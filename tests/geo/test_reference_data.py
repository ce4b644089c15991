"""Consistency checks for the geographic reference data files.

Pure tests: only csv, yaml and pycountry, no Django.
"""

import csv
import re
from collections import Counter
from pathlib import Path

import pycountry
import pytest
import yaml

DATA = Path(__file__).resolve().parents[2] / "src/habitat_monitor/geo/data"

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# the 22 member states of the League of Arab States
ARAB_STATES = {
    "DZ",
    "BH",
    "KM",
    "DJ",
    "EG",
    "IQ",
    "JO",
    "KW",
    "LB",
    "LY",
    "MR",
    "MA",
    "OM",
    "PS",
    "QA",
    "SA",
    "SO",
    "SD",
    "SY",
    "TN",
    "AE",
    "YE",
}
OFFICE_KINDS = {"hq", "regional", "country", "hub"}
AREA_KINDS = {"region", "subregion", "intermediate"}


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def countries() -> list[dict[str, str]]:
    return read_csv("countries.csv")


@pytest.fixture(scope="module")
def areas() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in read_csv("m49_areas.csv")}


@pytest.fixture(scope="module")
def org_regions() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in read_csv("org_regions.csv")}


@pytest.fixture(scope="module")
def cities() -> list[dict[str, str]]:
    return read_csv("cities.csv")


@pytest.fixture(scope="module")
def offices() -> list[dict]:
    with open(DATA / "offices.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def alpha3s(countries) -> set[str]:
    return {row["alpha3"] for row in countries}


def test_countries_match_pycountry_exactly(countries):
    counts = Counter(row["alpha2"] for row in countries)
    assert [code for code, n in counts.items() if n > 1] == []
    expected = {c.alpha_2: c for c in pycountry.countries}
    assert len(expected) == 249
    assert set(counts) == set(expected)
    for row in countries:
        country = expected[row["alpha2"]]
        assert row["alpha3"] == country.alpha_3, row
        assert row["numeric"] == country.numeric, row
        assert re.fullmatch(r"\d{3}", row["numeric"]), row


def test_m49_areas_well_formed(areas):
    assert len(areas) == 30
    for code, area in areas.items():
        assert re.fullmatch(r"\d{3}", code), area
        assert area["kind"] in AREA_KINDS, area
        assert area["name_en"], area
        assert CJK.search(area["name_zh"]), area
        if area["kind"] == "region":
            assert area["parent_code"] == "", area
        elif area["kind"] == "subregion":
            assert areas[area["parent_code"]]["kind"] == "region", area
        else:
            assert areas[area["parent_code"]]["kind"] == "subregion", area
    regions = {c for c, a in areas.items() if a["kind"] == "region"}
    assert regions == {"002", "019", "142", "150", "009"}


def test_country_m49_codes_exist_and_chain(countries, areas):
    for row in countries:
        region = row["m49_region"]
        sub = row["m49_subregion"]
        inter = row["m49_intermediate"]
        if row["alpha2"] == "AQ":
            assert region == sub == inter == "", row
            continue
        assert areas[region]["kind"] == "region", row
        assert areas[sub]["kind"] == "subregion", row
        assert areas[sub]["parent_code"] == region, row
        if inter:
            assert areas[inter]["kind"] == "intermediate", row
            assert areas[inter]["parent_code"] == sub, row


@pytest.mark.parametrize(
    ("alpha2", "region", "sub", "inter"),
    [
        ("KE", "002", "202", "014"),
        ("EG", "002", "015", ""),
        ("CO", "019", "419", "005"),
        ("US", "019", "021", ""),
        ("IN", "142", "034", ""),
        ("JE", "150", "154", "830"),
        ("FJ", "009", "054", ""),
    ],
)
def test_sample_m49_assignments(countries, alpha2, region, sub, inter):
    row = next(r for r in countries if r["alpha2"] == alpha2)
    assert (row["m49_region"], row["m49_subregion"], row["m49_intermediate"]) == (
        region,
        sub,
        inter,
    )


def test_org_regions(countries, org_regions):
    assert set(org_regions) == {"AF", "AS", "AP", "EU", "LAC"}
    for region in org_regions.values():
        assert CJK.search(region["name_zh"]), region
    empty = [row["alpha2"] for row in countries if not row["org_region"]]
    assert empty == ["AQ"]
    for row in countries:
        if row["org_region"]:
            assert row["org_region"] in org_regions, row


def test_arab_states_are_as(countries):
    as_members = {row["alpha2"] for row in countries if row["org_region"] == "AS"}
    assert as_members == ARAB_STATES


def test_country_chinese_names(countries):
    for row in countries:
        assert row["name_zh"].strip(), row
        assert CJK.search(row["name_zh"]), row


def test_cities(cities, alpha3s):
    assert len(cities) >= 50
    names = Counter(city["name_en"] for city in cities)
    assert [name for name, n in names.items() if n > 1] == []
    for city in cities:
        assert city["country_alpha3"] in alpha3s, city
        assert CJK.search(city["name_zh"]), city
        assert -90 <= float(city["latitude"]) <= 90, city
        assert -180 <= float(city["longitude"]) <= 180, city
        assert int(city["population"]) > 0, city


def test_offices_structure(offices, cities, alpha3s):
    codes = [office["code"] for office in offices]
    assert len(codes) == len(set(codes))
    by_code = {office["code"]: office for office in offices}
    city_country = {city["name_en"]: city["country_alpha3"] for city in cities}
    for office in offices:
        assert office["kind"] in OFFICE_KINDS, office
        assert office["name"]["en"], office
        assert CJK.search(office["name"]["zh"]), office
        assert office["city"] in city_country, office
        assert office["country"] in alpha3s, office
        assert city_country[office["city"]] == office["country"], office
        assert isinstance(office["covers"], list), office
        assert len(office["covers"]) == len(set(office["covers"])), office
        for alpha3 in office["covers"]:
            assert alpha3 in alpha3s, (office["code"], alpha3)
        parent = office.get("parent")
        if office["kind"] == "hq":
            assert not parent, office
            assert office["covers"] == [], office
        elif office["kind"] == "regional":
            assert parent == "HQ", office
        else:
            assert by_code[parent]["kind"] == "regional", office
            # a sub-office only covers countries its regional office covers
            assert set(office["covers"]) <= set(by_code[parent]["covers"]), office
        if office["kind"] == "country":
            assert office["country"] in office["covers"], office


def test_office_kinds_counts(offices):
    kinds = Counter(office["kind"] for office in offices)
    assert kinds["hq"] == 1
    assert kinds["hub"] >= 1
    assert kinds["country"] >= 12
    country_offices = {o["country"] for o in offices if o["kind"] == "country"}
    assert {"IND", "KEN", "EGY", "COL"} <= country_offices


def test_regional_offices_cover_each_country_once(offices, countries):
    regional = [office for office in offices if office["kind"] == "regional"]
    coverage = Counter(alpha3 for office in regional for alpha3 in office["covers"])
    with_region = {row["alpha3"] for row in countries if row["org_region"]}
    assert set(coverage) == with_region
    assert [alpha3 for alpha3, n in coverage.items() if n != 1] == []
    # each regional office serves exactly one org_region
    region_of = {row["alpha3"]: row["org_region"] for row in countries}
    for office in regional:
        regions = {region_of[alpha3] for alpha3 in office["covers"]}
        assert len(regions) == 1, (office["code"], regions)


def test_office_parents_listed_before_children(offices):
    # loaders create offices in file order and resolve parents already created
    seen: set[str] = set()
    for office in offices:
        if office.get("parent"):
            assert office["parent"] in seen, office["code"]
        seen.add(office["code"])
