"""The `habitat-monitor` command, run as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMAND = str(Path(sys.executable).with_name("habitat-monitor"))


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **env}
    environment.pop("HM_DATABASE_URL", None)
    return subprocess.run(
        [COMMAND, *args], capture_output=True, text=True, env=environment, cwd=ROOT, timeout=120
    )


def test_lists_our_commands() -> None:
    """`habitat-monitor help` lists Django's commands and ours."""
    result = _run("help")
    assert result.returncode == 0
    for name in ("migrate", "content", "serve"):
        assert name in result.stdout


def test_production_without_secret_key_stops_with_a_clear_error() -> None:
    """HM_DEBUG=false with no HM_SECRET_KEY refuses to start and says what to set."""
    result = _run("check", HM_DEBUG="false", HM_SECRET_KEY="")
    assert result.returncode != 0
    assert "HM_SECRET_KEY is not set" in result.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    """The deployment checklist reports no issues with production settings."""
    result = _run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        HM_DEBUG="false",
        HM_SECRET_KEY="x" * 30 + "-a-long-random-production-secret-key-value",
        HM_ALLOWED_HOSTS="monitor.example.org",
        HM_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
