"""Disaggregation dimensions and their categories, shared by forms, imports and exports.

A value is either a total (no disaggregation) or broken down by one or more
dimensions, e.g. ``{"sex": "female", "age": "15-24"}``. Its key is canonical
text, ``age=15-24;sex=female`` (dimensions sorted), empty for a total.
Dimensions and categories have names in English and Chinese (``breakdown_label``).
Pure Python: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping

from habitat_monitor.core.translated import content_language, pick

CATEGORIES: dict[str, tuple[str, ...]] = {
    "sex": ("female", "male"),
    "age": ("0-14", "15-24", "25-64", "65+"),
    "disability": ("with_disability", "without_disability"),
    "urban_rural": ("urban", "rural"),
    "income": ("low", "lower_middle", "upper_middle", "high"),
    "region": ("AF", "AS", "AP", "EU", "LAC"),
}

LABELS: dict[str, dict[str, str]] = {
    "sex": {"en": "Sex", "zh": "性别"},
    "age": {"en": "Age band", "zh": "年龄组"},
    "disability": {"en": "Disability", "zh": "残疾状况"},
    "urban_rural": {"en": "Urban / rural", "zh": "城市/农村"},
    "income": {"en": "Income group", "zh": "收入组"},
    "region": {"en": "Region", "zh": "区域"},
}


# Every category's name, in English and Chinese (category codes are unique across
# dimensions); region names match the organisation's groupings in geo/data.
CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "female": {"en": "female", "zh": "女"},
    "male": {"en": "male", "zh": "男"},
    "0-14": {"en": "0-14 years", "zh": "0-14岁"},
    "15-24": {"en": "15-24 years", "zh": "15-24岁"},
    "25-64": {"en": "25-64 years", "zh": "25-64岁"},
    "65+": {"en": "65 years and over", "zh": "65岁及以上"},
    "with_disability": {"en": "with disability", "zh": "有残疾"},
    "without_disability": {"en": "without disability", "zh": "无残疾"},
    "urban": {"en": "urban", "zh": "城市"},
    "rural": {"en": "rural", "zh": "农村"},
    "low": {"en": "low income", "zh": "低收入"},
    "lower_middle": {"en": "lower-middle income", "zh": "中等偏下收入"},
    "upper_middle": {"en": "upper-middle income", "zh": "中等偏上收入"},
    "high": {"en": "high income", "zh": "高收入"},
    "AF": {"en": "Africa", "zh": "非洲"},
    "AS": {"en": "Arab States", "zh": "阿拉伯国家"},
    "AP": {"en": "Asia-Pacific", "zh": "亚洲及太平洋"},
    "EU": {"en": "Europe", "zh": "欧洲"},
    "LAC": {"en": "Latin America and the Caribbean", "zh": "拉丁美洲和加勒比"},
}


def dimension_label(dimension: str, language: str | None) -> str:
    """A dimension's name in ``language`` (else English); the code when it has none."""
    return pick(LABELS.get(dimension), language) or dimension


def category_label(category: str, language: str | None) -> str:
    """A category's name in ``language`` (else English); the code when it has none."""
    return pick(CATEGORY_LABELS.get(category), language) or category


def breakdown_label(key: str, language: str | None) -> str:
    """A breakdown key in words: ``age=15-24;sex=female`` -> "Age band: 15-24 years, Sex:
    female" (dimensions sorted; Chinese with full-width punctuation); empty for the total."""
    chinese = content_language(language) == "zh"
    colon, comma = ("\uff1a", "\uff0c") if chinese else (": ", ", ")  # full-width : and ,
    return comma.join(
        f"{dimension_label(dimension, language)}{colon}{category_label(category, language)}"
        for dimension, category in sorted(parts_of(key).items())
    )


def key_of(parts: Mapping[str, str]) -> str:
    """Canonical text of a breakdown: dimensions sorted, empty for the total."""
    return ";".join(f"{dimension}={parts[dimension]}" for dimension in sorted(parts))


def parts_of(key: str) -> dict[str, str]:
    """The breakdown a key stands for (inverse of key_of)."""
    if not key:
        return {}
    return dict(item.split("=", 1) for item in key.split(";"))
