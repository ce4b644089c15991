"""Disaggregation dimensions and their categories, shared by forms, imports and exports.

A value is either a total (no disaggregation) or broken down by one or more
dimensions, e.g. ``{"sex": "female", "age": "15-24"}``. Its key is canonical
text, ``age=15-24;sex=female`` (dimensions sorted), empty for a total.
Pure Python: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping

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


def key_of(parts: Mapping[str, str]) -> str:
    """Canonical text of a breakdown: dimensions sorted, empty for the total."""
    return ";".join(f"{dimension}={parts[dimension]}" for dimension in sorted(parts))


def parts_of(key: str) -> dict[str, str]:
    """The breakdown a key stands for (inverse of key_of)."""
    if not key:
        return {}
    return dict(item.split("=", 1) for item in key.split(";"))
