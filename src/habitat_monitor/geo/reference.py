"""Reference data about places, read from the data files beside this module.

Pure Python: returns plain dataclasses, so the files can be checked without a
database. English country names come from pycountry (ISO 3166-1); Chinese names,
M49 areas and the organisation's regional groupings come from ``data/``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class AreaRow:
    code: str
    kind: str
    parent_code: str
    name: dict[str, str]


@dataclass(frozen=True)
class CountryRow:
    alpha2: str
    alpha3: str
    numeric: str
    name: dict[str, str]
    m49_region: str
    m49_subregion: str
    m49_intermediate: str
    org_region: str


@dataclass(frozen=True)
class CityRow:
    name: dict[str, str]
    country: str
    latitude: float | None
    longitude: float | None
    population: int | None


@dataclass(frozen=True)
class OfficeRow:
    code: str
    kind: str
    name: dict[str, str]
    city: str
    country: str
    parent: str
    covers: tuple[str, ...] = field(default_factory=tuple)


def _rows(filename: str, data_dir: Path) -> Iterator[dict[str, str]]:
    with (data_dir / filename).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def org_regions(data_dir: Path = DATA_DIR) -> list[AreaRow]:
    return [
        AreaRow(row["code"], "org_region", "", {"en": row["name_en"], "zh": row["name_zh"]})
        for row in _rows("org_regions.csv", data_dir)
    ]


def m49_areas(data_dir: Path = DATA_DIR) -> list[AreaRow]:
    return [
        AreaRow(
            row["code"],
            row["kind"],
            row["parent_code"],
            {"en": row["name_en"], "zh": row["name_zh"]},
        )
        for row in _rows("m49_areas.csv", data_dir)
    ]


def _english_name(alpha2: str) -> str:
    country = pycountry.countries.get(alpha_2=alpha2)
    if country is None:
        raise ValueError(f"countries.csv: {alpha2} is not an ISO 3166-1 code")
    return str(getattr(country, "common_name", None) or country.name)


def countries(data_dir: Path = DATA_DIR) -> list[CountryRow]:
    return [
        CountryRow(
            alpha2=row["alpha2"],
            alpha3=row["alpha3"],
            numeric=row["numeric"],
            name={"en": _english_name(row["alpha2"]), "zh": row["name_zh"]},
            m49_region=row["m49_region"],
            m49_subregion=row["m49_subregion"],
            m49_intermediate=row["m49_intermediate"],
            org_region=row["org_region"],
        )
        for row in _rows("countries.csv", data_dir)
    ]


def cities(data_dir: Path = DATA_DIR) -> list[CityRow]:
    result = []
    for row in _rows("cities.csv", data_dir):
        population = row["population"].strip()
        result.append(
            CityRow(
                name={"en": row["name_en"], "zh": row["name_zh"]},
                country=row["country_alpha3"],
                latitude=_number(row["latitude"]),
                longitude=_number(row["longitude"]),
                population=int(population) if population else None,
            )
        )
    return result


def offices(data_dir: Path = DATA_DIR) -> list[OfficeRow]:
    with (data_dir / "offices.yaml").open(encoding="utf-8") as handle:
        entries = yaml.safe_load(handle)
    return [
        OfficeRow(
            code=entry["code"],
            kind=entry["kind"],
            name=dict(entry["name"]),
            city=entry.get("city") or "",
            country=entry.get("country") or "",
            parent=entry.get("parent") or "",
            covers=tuple(entry.get("covers") or ()),
        )
        for entry in entries
    ]
