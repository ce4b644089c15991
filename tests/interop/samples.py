"""A small published dataset in plain records, shared by the codec tests: two
indicators (a percentage broken down by sex, a count reported quarterly), values
for two countries and a city, yearly results, and illustrative flags on some."""

from __future__ import annotations

from datetime import UTC, datetime

from habitat_monitor.interop.records import (
    Dataset,
    IndicatorInfo,
    Observation,
    TargetInfo,
    YearlyResult,
)

SHARE = IndicatorInfo(
    code="1.1.1",
    level="outcome",
    domain="1",
    outcome="1.1",
    statement_en="Percentage of urban population with secure tenure rights",
    statement_zh="拥有有保障的土地保有权的城市人口百分比",
    unit_en="percent",
    unit_zh="百分比",
    measure="percent",
    direction="increase",
    aggregation="mean",
    frequency="annual",
    disaggregations=("sex",),
    baseline_year=2019,
    baseline_value=41.5,
    baseline_illustrative=True,
    targets=(TargetInfo(2020, 43.0, True), TargetInfo(2021, 45.0, True)),
)
COUNT = IndicatorInfo(
    code="C1",
    level="catalytic",
    domain="",
    outcome="",
    statement_en="Number of UN-Habitat normative products cited in national policies",
    statement_zh="在国家政策中被引用的人居署规范性产品数量",
    unit_en="normative products",
    unit_zh="规范性产品",
    measure="count",
    direction="increase",
    aggregation="sum",
    frequency="quarterly",
    targets=(TargetInfo(2021, 40.0, False),),
)


def _obs(
    indicator: str,
    period: str,
    country: str,
    value: float,
    *,
    office: str = "ROAF",
    city: str = "",
    illustrative: bool = True,
    **breakdown: str,
) -> Observation:
    return Observation(
        indicator=indicator,
        period=period,
        year=int(period[:4]),
        office=office,
        country=country,
        city=city,
        breakdown=breakdown,
        value=value,
        illustrative=illustrative,
    )


OBSERVATIONS = (
    _obs("1.1.1", "2020", "KEN", 42.0),
    _obs("1.1.1", "2020", "KEN", 40.5, sex="female"),
    _obs("1.1.1", "2020", "KEN", 43.25, sex="male"),
    _obs("1.1.1", "2021", "KEN", 44.0),
    _obs("1.1.1", "2021", "UGA", 38.0, office="ROAF"),
    _obs("1.1.1", "2021", "KEN", 47.0, city="Nairobi"),
    _obs("C1", "2021-Q1", "KEN", 3.0, illustrative=False),
    _obs("C1", "2021-Q3", "KEN", 5.0, illustrative=False),
    _obs("C1", "2021-Q3", "", 12.0, office="HQ", illustrative=False),
)

RESULTS = (
    YearlyResult("1.1.1", 2020, 42.0, 43.0, 50.0, "at_risk", True),
    YearlyResult("1.1.1", 2021, 41.0, 45.0, -14.3, "off_track", True),
    YearlyResult("C1", 2021, 20.0, 40.0, 50.0, "at_risk", False),
)

DATASET = Dataset(
    plan_code="UNH-SP-2020-2023",
    plan_title_en="UN-Habitat Strategic Plan 2020-2023",
    plan_title_zh="人居署 2020-2023 年战略计划",
    start_year=2020,
    end_year=2023,
    publication=3,
    published_at=datetime(2022, 3, 1, 9, 30, tzinfo=UTC),
    indicators=(SHARE, COUNT),
    observations=OBSERVATIONS,
    results=RESULTS,
    url="https://monitor.example.org/publications/3/",
)
