"""Numbers and yes/no answers as people type them in spreadsheets (pure).

The rules, in words:

* Missing is not zero. An empty cell, or one holding only "N/A", "NA", a hyphen, an
  en or em dash, ".." or "…" (any case, surrounding spaces ignored), is *missing*:
  ``MISSING`` is returned, never 0.
* A number may have spaces around it, one leading "+" or "-" (the typographic minus
  sign counts as "-"), a trailing "%" (ignored: the indicator knows its unit) and an
  exponent ("1e6", "2.5E-3"). Full-width digits and signs typed with a Chinese input
  method are read as their ASCII twins. Other digits and "1_000" are not numbers.
* The decimal mark is chosen for the whole file, never guessed per cell:
  - decimal point (the default): "." is the decimal point. A comma is accepted only
    as a thousands separator in exact groups of three ("1,234", "12,345,678.5");
    any other comma ("1,5", "12,34", "0,123") is ambiguous and rejected.
  - decimal comma: "," is the decimal point. A "." is accepted only as a thousands
    separator in exact groups of three ("1.234,5"); any other point ("1.5",
    "0.123") is ambiguous and rejected.
  In both modes a space, non-breaking space or thin space may separate thousands,
  again only in exact groups of three ("1 234 567").
* Anything else is rejected with ``NumberError`` saying why: words, two signs,
  two decimal marks, infinity, "not a number", numbers too large for a float.
* Yes/no answers: yes/no, y/n, true/false, 1/0, 是/否 (any case); missing as above.
* Every ``NumberError`` message is a template with named parameters (``template``,
  ``params``) marked for translation; ``message`` is its English text.
* ``format_number`` writes the shortest text that reads back as exactly the same
  float, without a trailing ".0" (12.0 -> "12", 0.1 -> "0.1").
* ``cell_text`` writes a spreadsheet cell's value as the text a CSV export would hold:
  numbers by ``format_number`` (a percent-formatted number as "15%"), dates as
  YYYY-MM-DD, true/false, empty as "".
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from habitat_monitor.core.translated import WordedError, gettext_noop


class Missing(enum.Enum):
    """The type of ``MISSING``: a value that was not reported (not zero)."""

    MISSING = "missing"

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = Missing.MISSING

MISSING_TOKENS: Final = frozenset({"", "n/a", "na", "-", "\u2013", "\u2014", "..", "…"})
TRUE_TOKENS: Final = frozenset({"yes", "y", "true", "1", "是"})
FALSE_TOKENS: Final = frozenset({"no", "n", "false", "0", "否"})

# Full-width forms (Chinese and Japanese input methods) and the typographic minus.
_ASCII_TWINS: Final = str.maketrans(
    {chr(ord(char) + 0xFEE0): char for char in "0123456789.,+-%eE"} | {"\u2212": "-"}
)
_SPACES: Final = re.compile(r"[ \u00a0\u2007\u2009\u202f]")
_SHAPE: Final = re.compile(r"(?P<sign>[+-]*)(?P<mantissa>[0-9.,\s]*)(?P<exponent>[eE][+-]?[0-9]+)?")
_PLAIN: Final = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)")
NOT_A_NUMBER: Final = gettext_noop("“%(text)s” is not a number")


class NumberError(WordedError, ValueError):
    """A cell that is not a number (or not a yes/no answer); the message says why."""

    def __init__(
        self, template: str, params: Mapping[str, str] | None = None, *, text: str = ""
    ) -> None:
        super().__init__(template, params)
        self.text = text


def _grouped(mantissa: str, separator: str, decimal: str) -> bool:
    """True when ``mantissa`` uses ``separator`` exactly as a thousands separator.

    The first group may not start with 0: "0,123" is a decimal, never 123.
    """
    pattern = rf"[1-9][0-9]{{0,2}}({re.escape(separator)}[0-9]{{3}})+({re.escape(decimal)}[0-9]+)?"
    return re.fullmatch(pattern, mantissa) is not None


def _error(template: str, text: str, **params: str) -> NumberError:
    return NumberError(template, {"text": text, **params}, text=text)


def _ambiguous(text: str, decimal_comma: bool) -> NumberError:
    if decimal_comma:
        template = gettext_noop(
            "“%(text)s” is ambiguous: use a comma for decimals (1,5), "
            "or choose decimal point for the file"
        )
    else:
        template = gettext_noop(
            "“%(text)s” is ambiguous: use a point for decimals (1.5), "
            "or choose decimal comma for the file"
        )
    return _error(template, text)


def _canonical_mantissa(text: str, mantissa: str, decimal_comma: bool) -> str:
    """The mantissa with thousands separators removed and "." as the decimal point."""
    decimal, group = (",", ".") if decimal_comma else (".", ",")
    if _SPACES.search(mantissa):
        if group in mantissa:
            template = gettext_noop("“%(text)s” mixes spaces and “%(mark)s” between digits")
            raise _error(template, text, mark=group)
        if not _grouped(_SPACES.sub(" ", mantissa), " ", decimal):
            raise _error(gettext_noop("“%(text)s” has spaces inside the number"), text)
        mantissa = _SPACES.sub("", mantissa)
    if group in mantissa:
        if not _grouped(mantissa, group, decimal):
            raise _ambiguous(text, decimal_comma)
        mantissa = mantissa.replace(group, "")
    if mantissa.count(decimal) > 1:
        if decimal == ",":
            raise _error(gettext_noop("“%(text)s” has more than one decimal comma"), text)
        raise _error(gettext_noop("“%(text)s” has more than one decimal point"), text)
    mantissa = mantissa.replace(decimal, ".")
    if not _PLAIN.fullmatch(mantissa):
        raise _error(NOT_A_NUMBER, text)
    return mantissa


def is_missing(text: str) -> bool:
    """True when ``text`` stands for a value that was not reported."""
    return text.strip().casefold() in MISSING_TOKENS


def parse_number(text: str, *, decimal_comma: bool = False) -> float | Missing:
    """The number in ``text``, ``MISSING`` for an empty/N/A cell; ``NumberError`` if neither."""
    stripped = text.strip()
    if stripped.casefold() in MISSING_TOKENS:
        return MISSING
    body = stripped.translate(_ASCII_TWINS)
    if body.endswith("%"):
        body = body[:-1].rstrip()
    lowered = body.lstrip("+-").casefold()
    if lowered in {"inf", "infinity", "nan"}:
        raise _error(gettext_noop("“%(text)s” is not a finite number"), stripped)
    shape = _SHAPE.fullmatch(body)
    if shape is None or not any(char.isdigit() for char in shape["mantissa"]):
        raise _error(NOT_A_NUMBER, stripped)
    if len(shape["sign"]) > 1:
        raise _error(gettext_noop("“%(text)s” has more than one sign"), stripped)
    mantissa = _canonical_mantissa(stripped, shape["mantissa"], decimal_comma)
    value = float(f"{shape['sign']}{mantissa}{shape['exponent'] or ''}")
    if not math.isfinite(value):
        raise _error(gettext_noop("“%(text)s” is too large"), stripped)
    return value


def parse_boolean(text: str) -> bool | Missing:
    """True/False for a yes/no answer, ``MISSING`` for an empty/N/A cell."""
    answer = text.strip().casefold()
    if answer in MISSING_TOKENS:
        return MISSING
    if answer in TRUE_TOKENS:
        return True
    if answer in FALSE_TOKENS:
        return False
    template = gettext_noop(
        "“%(text)s” is not a yes/no answer: use yes or no "
        "(also accepted: y/n, true/false, 1/0, 是/否)"
    )
    raise NumberError(template, {"text": text.strip()}, text=text)


def format_number(value: float) -> str:
    """The shortest text that reads back as exactly ``value``, without a trailing ".0"."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not math.isfinite(value):
        raise ValueError(f"{value!r} cannot be written as a number")
    if value == 0:
        return "0"  # also for -0.0
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _percent_text(value: float, number_format: str) -> str | None:
    """ "15%" for 0.15 shown as a percentage (a quoted or escaped "%" does not count)."""
    if "%" not in re.sub(r'"[^"]*"|\\.', "", number_format):
        return None
    return f"{(Decimal(repr(float(value))) * 100).normalize():f}%"


def cell_text(value: Any, number_format: str | None = None) -> str:
    """A spreadsheet cell value as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        percent = _percent_text(value, number_format) if number_format else None
        return percent or format_number(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()
