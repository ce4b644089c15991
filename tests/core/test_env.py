"""Reading settings from the environment (pure: no Django needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from habitat_monitor.core import env


def test_defaults_come_from_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unset variable takes the table's default."""
    monkeypatch.delenv("HM_ALLOWED_HOSTS", raising=False)
    assert env.items("HM_ALLOWED_HOSTS") == ["127.0.0.1", "localhost"]


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("True", True), ("off", False)])
def test_flags(monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool) -> None:
    """Flags accept the usual spellings of yes and no."""
    monkeypatch.setenv("HM_DEBUG", raw)
    assert env.flag("HM_DEBUG") is expected


def test_bad_flag_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A flag that is neither true nor false names the variable."""
    monkeypatch.setenv("HM_DEBUG", "maybe")
    with pytest.raises(ValueError, match="HM_DEBUG must be true or false"):
        env.flag("HM_DEBUG")


def test_empty_flag_uses_the_given_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """HM_HTTPS unset follows the default the caller derives (the opposite of debug)."""
    monkeypatch.delenv("HM_HTTPS", raising=False)
    assert env.flag("HM_HTTPS", default=True) is True
    assert env.flag("HM_HTTPS", default=False) is False


def test_bad_number(monkeypatch: pytest.MonkeyPatch) -> None:
    """A number that is not one names the variable."""
    monkeypatch.setenv("HM_LOGIN_ATTEMPTS", "five")
    with pytest.raises(ValueError, match="HM_LOGIN_ATTEMPTS must be a whole number"):
        env.integer("HM_LOGIN_ATTEMPTS")


def test_relative_paths_are_under_the_project(monkeypatch: pytest.MonkeyPatch) -> None:
    """A relative HM_VAR_DIR is taken from the project folder; an absolute one as is."""
    monkeypatch.setenv("HM_VAR_DIR", "var/x")
    assert env.path("HM_VAR_DIR", Path("/srv/hm")) == Path("/srv/hm/var/x")
    monkeypatch.setenv("HM_VAR_DIR", "/data")
    assert env.path("HM_VAR_DIR", Path("/srv/hm")) == Path("/data")


def test_empty_flag_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    """`HM_HTTPS=` in an env file keeps the production default rather than turning it off."""
    monkeypatch.setenv("HM_HTTPS", "")
    assert env.flag("HM_HTTPS", default=True) is True
