"""Numbers and dates as the report prints them, per language (pure).

The rules, in words:

* **Numbers** have at most ``decimals`` decimals (2 by default), with trailing zeros
  dropped (``41.50`` -> ``41.5``, ``12.0`` -> ``12``), and thousands grouped with a
  comma: ``1,234.5`` in English and in Chinese alike (United Nations documents in
  Chinese group digits by three with a comma, as the seed document does). Negative
  numbers take the minus sign (U+2212), which no reader mistakes for a hyphen.
* **Percentages** have one decimal at most: ``85.7%``.
* **Missing is not zero**: a missing number prints as an en dash (U+2013), never 0.
* **Dates**: ``25 November 2026`` in English, ``2026年11月25日`` in Chinese.
* **Money**: the number then the currency code: ``2,500,000 USD``.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

MISSING: Final = "\u2013"
MINUS: Final = "\u2212"
MONTHS: Final = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
LANGUAGES: Final = ("en", "zh")


def _check(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")


def number(value: float | Decimal | None, language: str, *, decimals: int = 2) -> str:
    """``1234.5`` -> ``1,234.5``; None (or not finite) -> an en dash."""
    _check(language)
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return MISSING
    # Decimal rounds half up, as people do (float formatting rounds 0.125 to 0.12).
    exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{abs(exact):,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    return f"{MINUS}{text}" if exact < 0 else text


def percent(value: float | None, language: str, *, decimals: int = 1) -> str:
    """``85.714`` (already multiplied by 100) -> ``85.7%``; None -> an en dash."""
    text = number(value, language, decimals=decimals)
    return text if text == MISSING else f"{text}%"


def money(value: float | Decimal | None, currency: str, language: str) -> str:
    """``2500000, "USD"`` -> ``2,500,000 USD``."""
    text = number(value, language, decimals=2)
    return text if text == MISSING else f"{text} {currency}".strip()


def date_text(day: date | None, language: str) -> str:
    """``date(2026, 11, 25)`` -> ``25 November 2026`` / ``2026年11月25日``."""
    _check(language)
    if day is None:
        return MISSING
    if language == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
