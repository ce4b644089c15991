"""Reading a plan file: positions, YAML and format errors, the JSON Schema, round trips.

Pure Python: these tests need neither Django nor a database.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from habitat_monitor.plans import framework
from habitat_monitor.plans.framework import (
    Aggregation,
    Cumulation,
    Direction,
    Frequency,
    Level,
    Measure,
    MilestoneStatus,
    PlanFile,
    StatusBands,
    json_schema,
)
from habitat_monitor.plans.lint import lint_text
from habitat_monitor.plans.planfile import PlanFileError, parse, read, validate

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).resolve().parent / "lint_cases"
DEFAULT_PLAN = ROOT / "src" / "habitat_monitor" / "content" / "un_habitat_2020_2023" / "plan.yaml"
CITY_PLAN = ROOT / "docs" / "examples" / "city-plan.yaml"
MODEL_NAMES = [
    "PlanHeader",
    "StatusBands",
    "Domain",
    "Outcome",
    "Dimension",
    "Named",
    "Indicator",
    "Baseline",
    "Targets",
    "OfficeTarget",
    "PerformancePlan",
    "OfficeRole",
    "Milestone",
]

SMALL = """\
plan:
  code: TEST
  title: {en: Test plan, zh: 测试计划}
  languages: [en, zh]
  years: [2022, 2023, 2024]
  goal: {en: Cleaner cities, zh: 更清洁的城市}
domains:
  - code: D1
    title: {en: Clean cities, zh: 清洁城市}
    outcomes:
      - code: O1
        title: {en: Less waste, zh: 减少废物}
indicators:
  - code: I1
    level: outcome
    outcome: O1
    statement: {en: Number of cities, zh: 城市数量}
    frequency: annual
    measure: count
"""


def _errors(text: str) -> list[Any]:
    with pytest.raises(PlanFileError) as raised:
        read(text, "plan.yaml")
    return raised.value.findings


def _as_json(path: Path) -> Any:
    """The YAML file as a JSON document would hold it (dates and year keys become strings)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return json.loads(json.dumps(data, default=str))


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema())


# --- positions ----------------------------------------------------------------------------


def test_small_plan_reads() -> None:
    parsed, plan = read(SMALL, "plan.yaml")
    assert plan.plan.years == [2022, 2023, 2024]
    assert plan.domains[0].outcomes[0].code == "O1"
    assert parsed.filename == "plan.yaml"


def test_parse_keeps_positions_of_nested_keys_and_items() -> None:
    parsed = parse(SMALL)
    # `      - code: O1` is line 11; the item starts after the dash, at column 9.
    assert parsed.positions[("domains", "0", "outcomes", "0")] == (11, 9)
    assert parsed.positions[("domains", "0", "outcomes", "0", "code")] == (11, 9)
    assert parsed.positions[("domains", "0", "outcomes", "0", "title")] == (12, 9)
    # Keys inside a flow mapping have their own columns.
    assert parsed.positions[("plan", "title", "zh")] == (3, 26)
    assert parsed.positions[("indicators", "0", "frequency")] == (18, 5)


def test_locate_falls_back_to_the_nearest_ancestor() -> None:
    parsed = parse(SMALL)
    assert parsed.locate(("indicators", 0, "targets", "values", 2022)) == (14, 5)
    assert parsed.locate(("nowhere",)) == (1, 1)
    assert parsed.locate(()) == (1, 1)


# --- HM001: YAML syntax -------------------------------------------------------------------


def test_yaml_syntax_error_is_hm001_with_its_line() -> None:
    text = SMALL.replace("    frequency: annual", "    frequency: annual: yearly")
    findings = _errors(text)
    assert [(f.code, f.severity, f.line) for f in findings] == [("HM001", "error", 18)]
    assert findings[0].message.startswith("YAML syntax:")
    assert findings[0].format().startswith("plan.yaml:18:")


def test_unclosed_flow_mapping_is_hm001() -> None:
    text = SMALL.replace("  goal: {en: Cleaner cities, zh: 更清洁的城市}", "  goal: {en: Cleaner")
    (finding,) = _errors(text)
    assert finding.code == "HM001"
    assert finding.line >= 6


# --- HM002: format ------------------------------------------------------------------------


def test_every_format_problem_is_listed_with_its_line() -> None:
    text = SMALL.replace("frequency: annual", "frequency: weekly").replace(
        "measure: count", "measure: percentage"
    )
    # Format findings come in the models' field order (measure before frequency), not
    # sorted by line as rule findings are.
    findings = sorted(_errors(text), key=lambda f: (f.line, f.column))
    assert [(f.code, f.line) for f in findings] == [("HM002", 18), ("HM002", 19)]
    assert all(f.severity == "error" for f in findings)
    assert findings[0].message.startswith("indicators.0.frequency:")
    assert findings[1].message.startswith("indicators.0.measure:")
    assert all(f.hint == "See docs/plan-file.md." for f in findings)


def test_unknown_field_says_unknown_field() -> None:
    text = SMALL.replace("    measure: count", "    mesure: count")
    (finding,) = _errors(text)
    assert (finding.code, finding.line, finding.column) == ("HM002", 19, 5)
    assert "indicators.0.mesure" in finding.message
    assert "unknown field" in finding.message


def test_missing_required_field_is_reported() -> None:
    text = SMALL.replace("  goal: {en: Cleaner cities, zh: 更清洁的城市}\n", "")
    (finding,) = _errors(text)
    assert finding.code == "HM002"
    assert finding.message == "plan.goal: required field is missing"
    assert finding.line == 1  # the `plan:` key


def test_years_must_be_consecutive() -> None:
    (finding,) = _errors(SMALL.replace("[2022, 2023, 2024]", "[2022, 2024]"))
    assert (finding.code, finding.line) == ("HM002", 5)
    assert "consecutive" in finding.message


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13-01", "!!int abc"])
def test_a_value_yaml_cannot_construct_is_a_finding_not_a_crash(value: str) -> None:
    text = (
        SMALL
        + f"    pmp:\n      milestones:\n        - {{date: {value}, description: {{en: x}}}}\n"
    )
    findings = lint_text(text, "plan.yaml")
    assert [finding.code for finding in findings] in (["HM001"], ["HM002"])
    assert findings[0].line == 22


@pytest.mark.parametrize("text", ["", "- just\n- a list\n", "plain text\n"])
def test_a_file_that_is_not_a_mapping_is_hm002(text: str) -> None:
    (finding,) = _errors(text)
    assert (finding.code, finding.line, finding.column) == ("HM002", 1, 1)


def test_validate_returns_the_plan() -> None:
    plan = validate(parse(SMALL))
    assert isinstance(plan, PlanFile)
    assert plan.indicators[0].frequency == "annual"


# --- the JSON Schema ----------------------------------------------------------------------


def test_json_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert {"plan", "domains"} <= set(schema["required"])


@pytest.mark.parametrize("path", [DEFAULT_PLAN, CITY_PLAN], ids=["default-plan", "city-plan"])
def test_real_plans_are_valid_under_the_json_schema(path: Path) -> None:
    document = _as_json(path)
    errors = [error.message for error in _validator().iter_errors(document)]
    assert errors == []
    PlanFile.model_validate(document)


def test_unknown_top_level_key_fails_both_schema_and_models() -> None:
    document = yaml.safe_load(SMALL)
    assert _validator().is_valid(document)
    PlanFile.model_validate(document)
    document["indicatorz"] = []
    assert not _validator().is_valid(document)
    with pytest.raises(PlanFileError) as raised:
        read(yaml.safe_dump(document, allow_unicode=True), "plan.yaml")
    (finding,) = raised.value.findings
    assert "indicatorz: unknown field" in finding.message


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("[2022, 2023, 2024]", "[2022, 2024]"),
        ("    frequency: annual\n", "    frequency: annual\n    targets: {values: {soon: 1}}\n"),
        (
            "    frequency: annual\n",
            "    frequency: annual\n    pmp:\n      milestones:\n"
            "        - {date: '2024-02-30', description: {en: Done}}\n",
        ),
    ],
    ids=["years-not-consecutive", "target-year-not-a-year", "date-not-a-date"],
)
def test_what_only_the_loader_checks(old: str, new: str) -> None:
    """docs/plan-file.md lists the checks the JSON Schema leaves to the loader; these are they."""
    text = SMALL.replace(old, new)
    assert text != SMALL
    document = json.loads(json.dumps(yaml.safe_load(text)))
    assert _validator().is_valid(document)
    assert [finding.code for finding in _errors(text)] == ["HM002"]


@pytest.mark.parametrize(
    "path",
    sorted(path for path in CASES.glob("*.yaml") if path.stem != "HM001_fail"),
    ids=lambda path: path.stem,
)
def test_schema_and_models_agree_on_the_lint_cases(path: Path) -> None:
    """For every lint case that is YAML, the JSON Schema and the models accept or reject alike."""
    document = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
    schema_ok = _validator().is_valid(document)
    try:
        PlanFile.model_validate(document)
        models_ok = True
    except ValueError:
        models_ok = False
    assert schema_ok == models_ok
    assert models_ok == (path.stem != "HM002_fail")


# --- round trip (property) ----------------------------------------------------------------

LANGUAGES = ["en", "zh", "fr", "es"]
codes = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,11}", fullmatch=True)
texts = st.dictionaries(st.sampled_from(LANGUAGES), st.text(max_size=12), max_size=3)
numbers = st.floats(allow_nan=False, allow_infinity=False, width=64) | st.integers(-(10**9), 10**9)


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    first = draw(st.integers(1990, 2090))
    years = list(range(first, first + draw(st.integers(1, 6))))
    outcome_codes = draw(st.lists(codes, min_size=1, max_size=3))
    domains = [
        {
            "code": draw(codes),
            "title": draw(texts),
            "outcomes": [
                {
                    "code": code,
                    "title": draw(texts),
                    "dimensions": [
                        {"code": dimension, "title": draw(texts)}
                        for dimension in draw(st.lists(codes, max_size=2))
                    ],
                }
                for code in outcome_codes
            ],
        }
    ]
    year = st.sampled_from(years) | st.integers(1980, 2100)
    indicators = []
    for code in draw(st.lists(codes, max_size=3)):
        indicator: dict[str, Any] = {
            "code": code,
            "level": draw(st.sampled_from([level.value for level in Level])),
            "statement": draw(texts),
            "measure": draw(st.sampled_from([m.value for m in Measure])),
            "direction": draw(st.sampled_from([d.value for d in Direction])),
            "aggregation": draw(st.sampled_from([a.value for a in Aggregation])),
            "cumulation": draw(st.sampled_from([c.value for c in Cumulation])),
            "outcome": draw(st.none() | st.sampled_from(outcome_codes)),
            "tolerance": draw(st.none() | st.floats(0, 100)),
            "targets": {
                "values": draw(st.dictionaries(year, numbers, max_size=len(years) + 1)),
                "illustrative": draw(st.booleans()),
                "by_office": [
                    {"office": office, "year": draw(year), "value": draw(numbers)}
                    for office in draw(st.lists(st.sampled_from(["HQ", "KEN"]), max_size=2))
                ],
            },
            "pmp": {
                "milestones": [
                    {
                        "date": draw(st.dates()).isoformat(),
                        "description": draw(texts),
                        "status": draw(st.sampled_from([s.value for s in MilestoneStatus])),
                    }
                    for _ in range(draw(st.integers(0, 2)))
                ],
                "partners": draw(st.lists(st.text(max_size=8), max_size=2)),
            },
        }
        if draw(st.booleans()):
            indicator["frequency"] = draw(st.sampled_from([f.value for f in Frequency]))
        if draw(st.booleans()):
            indicator["baseline"] = {
                "year": draw(year),
                "value": draw(numbers),
                "illustrative": draw(st.booleans()),
            }
        indicators.append(indicator)
    return {
        "plan": {
            "code": draw(codes),
            "title": draw(texts),
            "languages": draw(st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=3)),
            "years": years,
            "goal": draw(texts),
            "status_bands": dict(
                zip(
                    ("at_risk", "on_track"),
                    sorted(draw(st.lists(st.floats(0, 1000), min_size=2, max_size=2))),
                    strict=True,
                )
            ),
        },
        "domains": domains,
        "indicators": indicators,
    }


@settings(max_examples=150, deadline=None)
@given(plans())
def test_validated_plans_round_trip_through_json(data: dict[str, Any]) -> None:
    dump = PlanFile.model_validate(data).model_dump(mode="json")
    assert PlanFile.model_validate(dump).model_dump(mode="json") == dump
    # The dump is plain JSON, and the JSON Schema accepts it as the models do.
    assert json.loads(json.dumps(dump)) == dump
    assert _validator().is_valid(dump)


# --- docs/plan-file.md --------------------------------------------------------------------

PLAN_FILE_MD = ROOT / "docs" / "plan-file.md"
YAML_BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.MULTILINE | re.DOTALL)
EXCERPT = "# docs/examples/city-plan.yaml (excerpt)\n"


def _yaml_blocks() -> list[str]:
    return YAML_BLOCK.findall(PLAN_FILE_MD.read_text(encoding="utf-8"))


def test_plan_file_md_whole_plans_lint_clean() -> None:
    """A YAML block of plan-file.md that is a whole plan (starts with `plan:`) has no finding."""
    plans = [block for block in _yaml_blocks() if block.startswith("plan:")]
    assert plans
    for block in plans:
        assert lint_text(block, "plan-file.md") == []


def test_plan_file_md_excerpts_are_from_the_city_example() -> None:
    city = CITY_PLAN.read_text(encoding="utf-8")
    excerpts = [block for block in _yaml_blocks() if block.startswith(EXCERPT)]
    assert len(excerpts) >= 2
    for block in excerpts:
        assert block.removeprefix(EXCERPT) in city, block


def test_plan_file_md_mentions_every_field() -> None:
    """Every field of every model of the format appears, in backticks, in plan-file.md."""
    text = PLAN_FILE_MD.read_text(encoding="utf-8")
    models = [PlanFile, *(getattr(framework, name) for name in MODEL_NAMES)]
    missing = [
        f"{model.__name__}.{name}"
        for model in models
        for name in model.model_fields
        if f"`{name}`" not in text
    ]
    assert not missing


def test_plan_file_md_mentions_every_allowed_value() -> None:
    text = PLAN_FILE_MD.read_text(encoding="utf-8")
    enums = [Level, Measure, Direction, Aggregation, Cumulation, Frequency, MilestoneStatus]
    missing = [f"{e.__name__}.{m.value}" for e in enums for m in e if f"`{m.value}`" not in text]
    assert not missing


def test_not_a_number_is_refused() -> None:
    """A `.nan` target is a format error, never a silent NaN in the data."""
    text = (CASES / "HM106_pass.yaml").read_text(encoding="utf-8")
    assert "2023: " in text
    findings = lint_text(text.replace("2023: ", "2023: .nan #", 1), "plan.yaml")
    assert [f.code for f in findings] == ["HM002"]


def test_status_bands_must_be_ordered() -> None:
    """An at-risk threshold above the on-track one is refused with the reason."""
    data = {"on_track": 50, "at_risk": 70}
    with pytest.raises(ValueError, match="at_risk must not be above on_track"):
        StatusBands.model_validate(data)
