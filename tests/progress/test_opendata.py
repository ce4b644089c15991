"""The bulk open-data package: a ZIP of CSVs, a Frictionless datapackage.json and a
README, written from a frozen (read-only) store, matching the store row for row."""

from __future__ import annotations

import csv
import hashlib
import json
import math
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import frictionless
import pytest

from habitat_monitor.plans.models import Indicator, Plan, Target
from habitat_monitor.progress.opendata import write_open_data
from habitat_monitor.progress.opendata_schema import RESOURCES
from tests.progress.store_helpers import store

pytestmark = pytest.mark.django_db
__all__ = ["store"]  # a fixture

PLAN = "UNH-SP-2020-2023"
PUBLISHED = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
FILES = {
    "datapackage.json",
    "README.md",
    "values.csv",
    "indicators.csv",
    "targets.csv",
    "progress.csv",
}


@dataclass
class Published:
    zip: Path
    folder: Path
    summary: dict[str, Any]
    package: dict[str, Any]

    def rows(self, name: str) -> tuple[list[str], list[dict[str, str]]]:
        with (self.folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            return list(reader.fieldnames or []), list(reader)

    def resource(self, name: str) -> dict[str, Any]:
        return next(r for r in self.package["resources"] if r["name"] == name)


def publish(store: Path, tmp_path: Path, number: int = 3) -> Published:
    """Write the package from a read-only connection to ``store``, and unpack it."""
    target = tmp_path / "published" / f"open-data-{number}.zip"
    con = duckdb.connect(str(store), read_only=True)
    try:
        plan = Plan.objects.get(code=PLAN)
        summary = write_open_data(target, con, plan=plan, number=number, published_at=PUBLISHED)
    finally:
        con.close()
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(target) as archive:
        archive.extractall(folder)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return Published(target, folder, summary, package)


def scalar(store: Path, sql: str) -> Any:
    with duckdb.connect(str(store), read_only=True) as con:
        row = con.execute(sql, [PLAN]).fetchone()
    assert row is not None
    return row[0]


def test_the_zip_holds_six_files_described_by_the_package(store: Path, tmp_path: Path) -> None:
    published = publish(store, tmp_path)
    with zipfile.ZipFile(published.zip) as archive:
        assert set(archive.namelist()) == FILES
        assert archive.testzip() is None
    assert published.summary["bytes"] == published.zip.stat().st_size
    assert [r["name"] for r in published.summary["resources"]] == [r.name for r in RESOURCES]
    assert not list(published.zip.parent.glob(".*")), "no temporary file is left behind"
    package = published.package
    assert package["name"] == "unh-sp-2020-2023-open-data"
    assert package["version"] == "3.0.0"
    assert package["created"] == PUBLISHED.isoformat()
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["title"] == Plan.objects.get(code=PLAN).title["en"]
    assert "illustrative" in package["description"] and package["sources"]
    for resource in package["resources"]:
        path = published.folder / resource["path"]
        data = path.read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert (resource["format"], resource["mediatype"]) == ("csv", "text/csv")
        assert resource["profile"] == "tabular-data-resource"
        names = [field["name"] for field in resource["schema"]["fields"]]
        assert published.rows(resource["name"])[0] == names
        assert resource["schema"]["missingValues"] == [""]
        assert {f["type"] for f in resource["schema"]["fields"]} <= {
            "string",
            "integer",
            "number",
            "boolean",
            "date",
        }
    references = {
        r["name"]: r["schema"]["foreignKeys"][0]["reference"]
        for r in package["resources"]
        if "foreignKeys" in r["schema"]
    }
    indicators = {"resource": "indicators", "fields": "code"}
    assert references == {name: indicators for name in ("values", "targets", "progress")}


def test_rows_match_the_store(store: Path, tmp_path: Path) -> None:
    """Every approved value, every active indicator and target, each year assessed."""
    published = publish(store, tmp_path)
    counts = {r["name"]: r["rows"] for r in published.summary["resources"]}
    _header, values = published.rows("values")
    assert len(values) == counts["values"] > 0
    assert len(values) == scalar(store, "SELECT count(*) FROM approved_value WHERE plan = ?")
    total = scalar(store, "SELECT sum(value) FROM approved_value WHERE plan = ?")
    assert math.isclose(sum(float(row["value"]) for row in values), total, rel_tol=1e-12)
    assert len({row["value_id"] for row in values}) == len(values)
    active = "SELECT count(*) FROM indicator WHERE plan = ? AND active"
    _header, indicators = published.rows("indicators")
    assert len(indicators) == counts["indicators"] == scalar(store, active)
    assert len(indicators) == Indicator.objects.filter(plan__code=PLAN, active=True).count()
    _header, targets = published.rows("targets")
    in_store = (
        "SELECT count(*) FROM target t JOIN indicator i ON i.plan = t.plan AND i.code = "
        "t.indicator WHERE t.plan = ? AND i.active"
    )
    assert len(targets) == counts["targets"] == scalar(store, in_store) > 0
    assert any(row["office"] == "" for row in targets), "plan-wide targets have no office"
    _header, progress = published.rows("progress")
    years = scalar(store, "SELECT count(DISTINCT year) FROM approved_value WHERE plan = ?")
    assert len(progress) == counts["progress"] == len(indicators) * years
    assert {row["status"] for row in progress} <= {
        "on_track",
        "at_risk",
        "off_track",
        "no_data",
        "not_yet_due",
    }
    assert all(row["method"] == "yearly-target" for row in progress)
    codes = {row["code"] for row in indicators}
    for name, rows in (("values", values), ("targets", targets), ("progress", progress)):
        assert {row["indicator"] for row in rows} <= codes, f"{name}: foreign key"
    country = next(row["country"] for row in values if row["country"])
    assert len(country) == 3 and country.isupper()


def test_illustrative_figures_are_marked(store: Path, tmp_path: Path) -> None:
    published = publish(store, tmp_path)
    readme = (published.folder / "README.md").read_text(encoding="utf-8")
    assert "Illustrative" in readme and "invented for demonstration" in readme
    assert "publication 3" in readme and "2024-03-01" in readme
    assert f"UN-Habitat (2024). {Plan.objects.get(code=PLAN).title['en']}" in readme
    assert "CC-BY-4.0" in readme
    invented = scalar(store, "SELECT count(*) FROM approved_value WHERE plan = ? AND illustrative")
    _header, values = published.rows("values")
    assert invented > 0
    assert sum(row["illustrative"] == "true" for row in values) == invented
    assert {row["illustrative"] for row in values} <= {"true", "false"}


def test_formula_like_text_is_neutralised_and_numbers_are_not(store: Path, tmp_path: Path) -> None:
    indicator = Indicator.objects.filter(plan__code=PLAN, active=True).first()
    assert indicator is not None
    statement = {"en": '=HYPERLINK("http://example.com")', "zh": "@SUM(A1)"}
    Indicator.objects.filter(pk=indicator.pk).update(statement=statement)
    Target.objects.filter(indicator=indicator, office=None).update(value=-5.5)
    with duckdb.connect(str(store)) as con:  # the store copy is this test's own
        con.execute(
            "UPDATE approved_value SET place = '+cmd|calc' WHERE value_id = "
            "(SELECT min(value_id) FROM approved_value)"
        )
    published = publish(store, tmp_path)
    _header, indicators = published.rows("indicators")
    row = next(r for r in indicators if r["code"] == indicator.code)
    assert row["statement_en"] == "'" + statement["en"]
    assert row["statement_zh"] == "'@SUM(A1)"
    _header, targets = published.rows("targets")
    assert {
        r["value"] for r in targets if r["indicator"] == indicator.code and not r["office"]
    } == {"-5.5"}
    _header, values = published.rows("values")
    assert "'+cmd|calc" in {r["place"] for r in values}
    assert not any(r["value"].startswith("'") for r in values)


def test_the_package_is_valid_frictionless(store: Path, tmp_path: Path) -> None:
    """Types, keys, foreign keys, sizes and hashes, as a Frictionless validator sees them."""
    published = publish(store, tmp_path)
    report = frictionless.validate(str(published.folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_writing_again_replaces_the_zip_with_the_same_bytes(store: Path, tmp_path: Path) -> None:
    first = publish(store, tmp_path, number=4)
    before = first.zip.read_bytes()
    again = publish(store, tmp_path, number=4)
    assert first.zip == again.zip
    assert again.zip.read_bytes() == before, "entries carry the publication time, not now"
    assert again.package["version"] == "4.0.0"
    assert sorted(p.name for p in first.zip.parent.iterdir()) == ["open-data-4.zip"]
