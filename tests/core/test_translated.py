"""Choosing bilingual content by language (pure)."""

from __future__ import annotations

import pytest

from habitat_monitor.core.translated import content_language, pick

TEXT = {"en": "Goal", "zh": "目标"}


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Goal"), ("zh-hans", "目标"), ("zh", "目标"), ("fr", "Goal"), (None, "Goal")],
)
def test_pick(language: str | None, expected: str) -> None:
    """The active language wins; anything missing falls back to English."""
    assert pick(TEXT, language) == expected


def test_pick_falls_back_to_any_language() -> None:
    """Content with no English still shows something rather than nothing."""
    assert pick({"zh": "目标"}, "en") == "目标"
    assert pick(None, "en") == ""
    assert pick("plain", "zh-hans") == "plain"


def test_content_language() -> None:
    """Django's zh-hans is the content key zh."""
    assert content_language("zh-hans") == "zh"
    assert content_language("en-gb") == "en"
