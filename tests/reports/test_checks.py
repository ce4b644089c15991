"""hm.W010: the fonts the PDF names must be installed (fontconfig)."""

from __future__ import annotations

import pytest

from habitat_monitor.reports.checks import FONTS, missing_fonts, report_fonts


def test_the_report_fonts_are_installed_here() -> None:
    """The test machines install fonts-noto-cjk (tools/system-deps.sh)."""
    assert missing_fonts() == []
    assert report_fonts(None) == []


def test_without_fontconfig_the_check_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    assert missing_fonts() == list(FONTS)
    [warning] = report_fonts(None)
    assert warning.id == "hm.W010" and "fonts-noto-cjk" in warning.hint
