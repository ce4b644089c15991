"""The `typology` section of the plan-file format: schema, validation, versions, export."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from habitat_monitor.plans.diff import diff_plans, is_empty, summary_lines
from habitat_monitor.plans.framework import Condition, json_schema
from habitat_monitor.plans.lint import lint_text
from habitat_monitor.plans.services import DEFAULT_PLAN_FILE, canonical_document
from tests.typology.helpers import ROOT, default_plan

SRC = ROOT / "src" / "habitat_monitor" / "typology"


@pytest.mark.parametrize("module", ["rules.py", "inputs.py", "files.py"])
def test_typology_domain_modules_do_not_import_django(module: str) -> None:
    tree = ast.parse((SRC / module).read_text(encoding="utf-8"))
    names = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    names |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {name for name in names if name.split(".")[0] in {"django", "psycopg", "duckdb"}}


def test_the_built_in_plan_has_the_five_categories_and_twelve_items() -> None:
    typology = default_plan().typology
    assert typology is not None
    assert [c.number for c in typology.categories] == [1, 2, 3, 4, 5]
    groups = [item.group for item in typology.items]
    assert (groups.count("driver"), groups.count("enabler"), groups.count("capacity")) == (4, 6, 2)
    assert all(c.title.get("zh") and c.description.get("zh") for c in typology.categories)
    assert lint_text(DEFAULT_PLAN_FILE.read_text(encoding="utf-8"), "plan.yaml") == []


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"of": "driver"}, "needs at least one of"),
        ({"of": "driver", "at_least": 3, "below": 2}, "leave no value"),
        ({"of": "driver", "above": 2, "at_most": 2}, "leave no value"),
        ({"of": "driver", "stat": "median", "below": 2}, "'mean', 'min' or 'max'"),
        ({"of": "driver", "below": 2, "colour": "red"}, "Extra inputs"),
    ],
)
def test_bad_conditions_are_format_errors(condition: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Condition.model_validate(condition)


def test_schema_describes_the_typology() -> None:
    schema = json_schema()
    assert "typology" in schema["properties"]
    assert {"Typology", "TypologyRule", "Condition", "TypologyItem"} <= set(schema["$defs"])


def test_a_plan_without_typology_keeps_its_content_hash() -> None:
    """Plans loaded before typologies existed do not get a new version for nothing."""
    city = ROOT / "docs" / "examples" / "city-plan.yaml"
    from habitat_monitor.plans.planfile import read

    document = canonical_document(read(city.read_text(encoding="utf-8"), "city.yaml")[1])
    assert "typology" not in document


def test_diff_names_the_typology_changes() -> None:
    old = canonical_document(default_plan())
    new = canonical_document(default_plan())
    new["typology"]["rules"][1]["when"][0]["below"] = 2.5
    new["typology"]["rules"].append(dict(new["typology"]["rules"][-1], code="extra"))
    new["typology"]["items"] = new["typology"]["items"][:-1]
    diff = diff_plans(old, new)
    assert diff["typology"] == {
        "added": ["rule extra"],
        "removed": ["item capacity_local"],
        "changed": ["rule drivers-lacking", "rule order"],
    }
    assert not is_empty(diff)
    assert "~ typology rule drivers-lacking" in summary_lines(diff)
    assert is_empty(diff_plans(old, canonical_document(default_plan())))


@pytest.mark.django_db
def test_export_keeps_the_typology(content: None, tmp_path: Path) -> None:
    """plan export writes the typology back, and loading the export changes nothing."""
    from habitat_monitor.plans.documents import plan_file_from_database, plan_yaml
    from habitat_monitor.plans.models import Plan
    from habitat_monitor.plans.services import load_plan

    plan = Plan.objects.get(code="UNH-SP-2020-2023")
    exported = plan_yaml(plan_file_from_database(plan))
    assert "typology:" in exported
    assert "shock-or-crisis" in exported
    assert not load_plan(exported, filename="export.yaml").created
