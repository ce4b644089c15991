"""`habitat-monitor typology classify|rounds`.

The classify tests use no database fixture: pytest-django then refuses any query,
so they prove that classifying a file touches no database.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.typology.helpers import DEFAULT_PLAN, DEMO_FILE, ROOT

EXAMPLE_CSV = ROOT / "docs" / "examples" / "typology-assessments.csv"


def _run(*args: str) -> tuple[str, str, int]:
    out, err = StringIO(), StringIO()
    try:
        call_command("typology", *args, stdout=out, stderr=err)
    except SystemExit as stop:
        return out.getvalue(), err.getvalue(), int(stop.code or 0)
    return out.getvalue(), err.getvalue(), 0


def test_classify_prints_categories_and_rules_without_a_database() -> None:
    out, err, status = _run("classify", str(DEMO_FILE))
    assert status == 0
    assert err.strip() == "20 classified, 0 rejected"
    assert "shock-or-crisis" in out
    assert "capacity-weak" in out


def test_classify_json_lists_each_assessment() -> None:
    out, _err, _status = _run("classify", str(DEMO_FILE), "--format", "json")
    rows = json.loads(out)
    categories = {(row["round"], row["place"]): row["category"] for row in rows}
    assert categories[("2019-PILOT", "KEN")] == 2
    assert categories[("2019-ALL", "BRA")] == 4
    assert categories[("2019-ALL", "KEN Nairobi")] == 4
    somalia = next(row for row in rows if row["place"] == "SOM")
    assert somalia["rule"] == "shock-or-crisis"
    assert somalia["secondary"] == [1]
    assert "  shocks: highest of 4, 3 = 4, which is ≥ 3" in somalia["explanation"]


def test_classify_csv_rejects_a_row_and_exits_1() -> None:
    """The docs example: four rows classified, Nairobi rejected (no social-inclusion notes)."""
    out, err, status = _run("classify", str(EXAMPLE_CSV), "--format", "json")
    assert status == 1
    assert err.strip() == "4 classified, 1 rejected"
    rows = {row["place"]: row for row in json.loads(out)}
    assert [
        rows[p]["category"] for p in ("row 2: KEN", "row 3: EGY", "row 4: BRA", "row 5: SOM")
    ] == [
        2,
        3,
        4,
        5,
    ]
    assert rows["row 6: KEN Nairobi"]["problems"][0].startswith("social_inclusion: notes")


def test_classify_explain_prints_the_steps() -> None:
    out, _err, _status = _run("classify", str(EXAMPLE_CSV), "--explain")
    assert "row 3: EGY:" in out
    assert "performance enablers: mean of 2, 2, 3, 2, 3, 2 = 2.3333, which is < 3" in out
    assert "row 6: KEN Nairobi: rejected" in out


def test_classify_with_another_plan_file_uses_its_thresholds(tmp_path: Path) -> None:
    """The same file, classified with a plan whose crisis threshold is 4: Kenya's and
    Somalia's results follow the plan file, not the code."""
    text = DEFAULT_PLAN.read_text(encoding="utf-8")
    old = "        - {of: shocks, stat: max, at_least: 3}\n"
    assert text.count(old) == 1
    plan = tmp_path / "plan.yaml"
    plan.write_text(text.replace(old, "        - {of: shocks, stat: max, at_least: 5}\n"))
    out, _err, _status = _run("classify", str(EXAMPLE_CSV), "--plan", str(plan), "--format", "json")
    somalia = next(row for row in json.loads(out) if row["place"] == "row 5: SOM")
    assert (somalia["category"], somalia["rule"]) == (1, "drivers-lacking")


def test_classify_in_chinese_gives_the_plans_chinese_rule_titles() -> None:
    out, _err, _status = _run("classify", str(EXAMPLE_CSV), "--language", "zh", "--format", "json")
    egypt = next(row for row in json.loads(out) if row["place"] == "row 3: EGY")
    assert egypt["reason"].startswith("框架和机构运行正常")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("classify", "no-such-file.csv"), "Cannot read no-such-file.csv"),
        (
            ("classify", str(DEMO_FILE), "--plan", str(ROOT / "docs/examples/city-plan.yaml")),
            "has no typology",
        ),
    ],
)
def test_classify_user_errors(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("typology", *args, stdout=StringIO(), stderr=StringIO())


def test_classify_an_unreadable_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    with pytest.raises(CommandError, match=r"bad\.json cannot be read"):
        call_command("typology", "classify", str(bad), stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db
def test_rounds_lists_the_demo_rounds_with_counts(content: None) -> None:
    out, _err, _status = _run("rounds", "--format", "json")
    data = json.loads(out)
    rounds = {row["code"]: row for row in data["rounds"]}
    pilot = rounds["2019-PILOT"]
    assert (pilot["final"], pilot["drafts"]) == (4, 0)
    assert [cell["count"] for cell in pilot["by_category"]] == [0, 2, 1, 0, 1]
    assert [cell["count"] for cell in rounds["2019-ALL"]["by_category"]] == [1, 1, 3, 2, 8]
    text, _err, _status = _run("rounds")
    assert "2019-ALL" in text
