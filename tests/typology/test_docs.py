"""docs/typology.md and the typology part of docs/plan-file.md keep up with the code."""

from __future__ import annotations

import re

import pytest
import yaml

from habitat_monitor.plans.framework import Typology
from habitat_monitor.typology.files import read_text
from habitat_monitor.typology.inputs import validate
from habitat_monitor.typology.rules import classify
from tests.typology.helpers import ROOT, default_typology

TYPOLOGY_MD = (ROOT / "docs" / "typology.md").read_text(encoding="utf-8")
EXAMPLE = re.compile(r"```yaml\n# example: category (\d)\n(.*?)```\n\n```text\n(.*?)```", re.DOTALL)
EXAMPLES = EXAMPLE.findall(TYPOLOGY_MD)


def test_there_is_a_worked_example_per_category() -> None:
    assert sorted(int(category) for category, _file, _text in EXAMPLES) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(("category", "text", "explanation"), EXAMPLES, ids=lambda v: v[:12])
def test_worked_example_gives_its_category_and_the_explanation_shown(
    category: str, text: str, explanation: str
) -> None:
    (entry,) = read_text(text, "example.yaml")
    data = {key: value for key, value in entry.data.items() if key != "place"}
    result = classify(validate(data, default_typology()), default_typology())
    assert result.category == int(category)
    assert result.explain() + "\n" == explanation


def test_rule_table_lists_the_built_in_rules_in_order() -> None:
    rows = re.findall(r"^\| \d \| `([a-z-]+)` \| (\d) \|", TYPOLOGY_MD, re.MULTILINE)
    assert rows == [(rule.code, str(rule.category)) for rule in default_typology().rules]


def test_plan_file_md_typology_example_is_a_valid_typology() -> None:
    text = (ROOT / "docs" / "plan-file.md").read_text(encoding="utf-8")
    block = next(
        b for b in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL) if b.startswith("typology:")
    )
    Typology.model_validate(yaml.safe_load(block)["typology"])
