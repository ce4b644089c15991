"""`habitat-monitor plan ...` as a real process: exit codes and output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMMAND = str(Path(sys.executable).with_name("habitat-monitor"))
SMALL_PLAN = Path(__file__).parent / "data" / "small-plan.yaml"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ}
    env.pop("HM_DATABASE_URL", None)
    return subprocess.run(
        [COMMAND, "plan", *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )


def test_lint_clean_file_exits_0() -> None:
    """A clean file: exit 0 and a zero-error summary."""
    result = _run("lint", str(SMALL_PLAN))
    assert result.returncode == 0, result.stdout
    assert "0 error(s)" in result.stderr


def test_lint_error_exits_1_with_file_line_code(tmp_path: Path) -> None:
    """An error: exit 1 and `FILE:LINE:COL: CODE message` on stdout."""
    text = SMALL_PLAN.read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("    frequency: semi_annual\n", ""), encoding="utf-8")
    result = _run("lint", str(bad))
    assert result.returncode == 1
    line = text.splitlines().index('  - code: "X.1"') + 1
    assert f"{bad}:{line}:" in result.stdout and "HM104" in result.stdout


def test_lint_json(tmp_path: Path) -> None:
    """--format json gives machine-readable findings."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        SMALL_PLAN.read_text(encoding="utf-8").replace(
            "    baseline: {year: 2021, value: 12, illustrative: true}\n", ""
        ),
        encoding="utf-8",
    )
    result = _run("lint", str(bad), "--format", "json")
    findings = json.loads(result.stdout)
    assert result.returncode == 1
    assert [f["code"] for f in findings] == ["HM105"]
    assert set(findings[0]) == {"code", "severity", "message", "hint", "file", "line", "column"}


def test_schema_is_json_schema() -> None:
    """`plan schema` prints the JSON Schema of the format."""
    result = _run("schema")
    schema = json.loads(result.stdout)
    assert schema["title"] == "Habitat Monitor plan file"
    assert "indicators" in schema["properties"]


def test_missing_file_is_one_clear_line() -> None:
    """A path that does not exist: a one-line error, non-zero exit."""
    result = _run("lint", "no-such-plan.yaml")
    assert result.returncode != 0
    assert "Cannot read no-such-plan.yaml" in result.stderr
