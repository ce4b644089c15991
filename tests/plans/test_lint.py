"""Plan lint: every rule has a failing and a passing example file, and the real plans are clean.

Each rule code has two files in ``lint_cases/``: ``<CODE>_fail.yaml`` starts with
``# expect: <CODE> line <N>`` and must give that finding on that line, and
``<CODE>_pass.yaml`` is the same plan with the mistake fixed. A rule added to the
registry without its two files fails ``test_every_rule_has_both_case_files``.

Pure Python: these tests need neither Django nor a database.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from habitat_monitor.plans.lint import FORMAT_RULES, RULES, Finding, has_errors, lint_text
from habitat_monitor.plans.planfile import read

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).resolve().parent / "lint_cases"
DEFAULT_PLAN = ROOT / "src" / "habitat_monitor" / "content" / "un_habitat_2020_2023" / "plan.yaml"
CITY_PLAN = ROOT / "docs" / "examples" / "city-plan.yaml"
LINT_RULES_MD = ROOT / "docs" / "lint-rules.md"

ALL_CODES = sorted({*RULES, *FORMAT_RULES})
# HM209 needs the office codes the install knows; the other rules run on the file alone.
KNOWN_OFFICES = frozenset({"HQ", "KEN"})
EXPECT = re.compile(r"^# expect: (HM\d{3}) line (\d+)$")


def _severity(code: str) -> str:
    return RULES[code].severity if code in RULES else FORMAT_RULES[code][0]


def _offices(code: str) -> frozenset[str] | None:
    return KNOWN_OFFICES if code == "HM209" else None


def _lint_case(code: str, kind: str) -> list[Finding]:
    path = CASES / f"{code}_{kind}.yaml"
    return lint_text(path.read_text(encoding="utf-8"), path.name, _offices(code))


def _expected_line(code: str) -> int:
    first = (CASES / f"{code}_fail.yaml").read_text(encoding="utf-8").splitlines()[0]
    match = EXPECT.match(first)
    assert match, f"{code}_fail.yaml must start with '# expect: {code} line <N>'"
    assert match.group(1) == code, f"{code}_fail.yaml expects {match.group(1)}"
    return int(match.group(2))


def _show(findings: list[Finding]) -> str:
    return "\n".join(finding.format() for finding in findings) or "(no findings)"


def test_codes_are_found() -> None:
    """The registry is loaded, so the parametrized tests below cannot pass vacuously."""
    assert {"HM001", "HM002", "HM101", "HM201"} <= set(ALL_CODES)
    assert len(ALL_CODES) >= 20


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_has_both_case_files(code: str) -> None:
    for kind in ("fail", "pass"):
        assert (CASES / f"{code}_{kind}.yaml").is_file(), (
            f"lint rule {code} has no tests/plans/lint_cases/{code}_{kind}.yaml"
        )


def test_no_case_file_for_an_unknown_code() -> None:
    """A case file for a rule that was removed or renamed is stale."""
    codes = {path.stem.rsplit("_", 1)[0] for path in CASES.glob("*.yaml")}
    assert codes == set(ALL_CODES)
    assert {path.stem.rsplit("_", 1)[1] for path in CASES.glob("*.yaml")} == {"fail", "pass"}


@pytest.mark.parametrize("code", ALL_CODES)
def test_fail_file_gives_the_finding_at_the_expected_line(code: str) -> None:
    findings = _lint_case(code, "fail")
    line = _expected_line(code)
    hits = [finding for finding in findings if finding.code == code]
    assert any(finding.line == line for finding in hits), (
        f"{code}_fail.yaml: expected {code} on line {line}, got:\n{_show(findings)}"
    )
    for finding in hits:
        assert finding.severity == _severity(code)
        assert finding.file == f"{code}_fail.yaml"
        assert finding.column >= 1
        assert finding.message


@pytest.mark.parametrize("code", ALL_CODES)
def test_fail_file_gives_only_its_own_code(code: str) -> None:
    """Each fail file shows one mistake, so a finding of another rule means the case is muddled."""
    findings = _lint_case(code, "fail")
    assert {finding.code for finding in findings} == {code}, _show(findings)


@pytest.mark.parametrize("code", ALL_CODES)
def test_pass_file_does_not_give_the_finding(code: str) -> None:
    findings = _lint_case(code, "pass")
    assert not [finding for finding in findings if finding.code == code], _show(findings)


@pytest.mark.parametrize("code", ALL_CODES)
def test_pass_file_has_no_errors(code: str) -> None:
    """The fixed file is a clean plan. No pass file needs an exception: every one of them
    has no error, and in fact no warning either."""
    findings = _lint_case(code, "pass")
    assert not has_errors(findings), _show(findings)
    assert findings == [], _show(findings)


def test_hm209_is_silent_without_known_offices() -> None:
    """Linting a file on its own (no office list) cannot tell an unknown office."""
    path = CASES / "HM209_fail.yaml"
    assert lint_text(path.read_text(encoding="utf-8"), path.name) == []


def test_format_errors_stop_the_rules() -> None:
    """A file that does not follow the format gets HM002 only: rules need a well-formed plan."""
    text = (CASES / "HM101_fail.yaml").read_text(encoding="utf-8")
    text = text.replace("    method:", "    methd:")
    findings = lint_text(text, "plan.yaml")
    assert [finding.code for finding in findings] == ["HM002"]


def test_findings_are_ordered_by_position() -> None:
    two = (
        (CASES / "HM207_fail.yaml")
        .read_text(encoding="utf-8")
        .replace("    title: {en: Clean cities, zh: 清洁城市}", "    title: {en: Clean cities}")
    )
    findings = lint_text(two, "plan.yaml")
    assert [finding.code for finding in findings] == ["HM208", "HM207"]
    assert findings == sorted(findings, key=lambda f: (f.line, f.column, f.code))


def test_finding_format_and_json_fields() -> None:
    (finding,) = _lint_case("HM101", "fail")
    assert finding.format() == (
        f"HM101_fail.yaml:{finding.line}:{finding.column}: HM101 {finding.message}"
    )
    assert set(finding.as_dict()) == {
        "code",
        "severity",
        "message",
        "hint",
        "file",
        "line",
        "column",
    }


@pytest.mark.parametrize("code", ALL_CODES)
def test_lint_rules_md_documents_every_code(code: str) -> None:
    text = LINT_RULES_MD.read_text(encoding="utf-8")
    row = re.search(rf"^\| `?{code}`? \|(.*)$", text, re.MULTILINE)
    assert row, f"docs/lint-rules.md has no table row for {code}"
    summary = RULES[code].summary if code in RULES else FORMAT_RULES[code][1]
    assert f"| {_severity(code)} | {summary} |" in row.group(0), (
        f"docs/lint-rules.md: the row for {code} should give its severity and summary"
    )
    assert re.search(rf"^#+ .*{code}\b", text, re.MULTILINE), (
        f"docs/lint-rules.md has no section for {code}"
    )


def test_lint_rules_md_documents_no_unknown_code() -> None:
    documented = set(re.findall(r"\bHM\d{3}\b", LINT_RULES_MD.read_text(encoding="utf-8")))
    assert documented == set(ALL_CODES)


def test_default_plan_has_zero_errors() -> None:
    text = DEFAULT_PLAN.read_text(encoding="utf-8")
    _parsed, plan = read(text, str(DEFAULT_PLAN))
    assert len(plan.indicators) >= 40, "the default plan should measure every outcome"
    findings = lint_text(text, str(DEFAULT_PLAN))
    assert not has_errors(findings), _show(findings)


def test_city_example_has_no_findings() -> None:
    """docs/examples/city-plan.yaml, shown in docs/plan-file.md, lints clean:
    no error and no warning, with the offices HQ and KEN known."""
    text = CITY_PLAN.read_text(encoding="utf-8")
    findings = lint_text(text, str(CITY_PLAN), KNOWN_OFFICES)
    assert not has_errors(findings), _show(findings)
    assert findings == [], _show(findings)


UNSORTED_OFFICE_TARGETS = (
    "        - office: KEN\n          year: 2022\n          value: 2\n"
    "        - office: AAA\n          year: {year}\n          value: 3\n"
)


@pytest.mark.parametrize(("code", "year"), [("HM209", 2023), ("HM110", 2030)])
def test_office_target_findings_point_at_the_entry_in_file_order(code: str, year: int) -> None:
    """The second office target (line 38) is the faulty one, though it sorts first."""
    text = (CASES / "HM209_pass.yaml").read_text(encoding="utf-8")
    single = UNSORTED_OFFICE_TARGETS.split("        - office: AAA")[0]
    text = text.replace(single, UNSORTED_OFFICE_TARGETS.format(year=year))
    assert text.splitlines()[37] == "        - office: AAA"
    findings = [f for f in lint_text(text, "plan.yaml", KNOWN_OFFICES) if f.code == code]
    assert [finding.line for finding in findings] == [38]
