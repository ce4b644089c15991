"""DHIS2 periods and ours (pure): reading DHIS2's ISO period forms, writing ours as DHIS2's.

The rules, in words:

- DHIS2 writes yearly periods ``2021``, six-monthly ``2021S1`` and ``2021S2``, quarterly
  ``2021Q1`` ... ``2021Q4`` and monthly ``202101`` ... ``202112``. Only these forms are
  read: ``2021-07``, ``2021Q03`` or a two-digit year are not DHIS2's and are refused.
- Yearly, six-monthly and quarterly periods are our ``2021``, ``2021-S1`` and
  ``2021-Q3``. A month has no counterpart in our plans (``our_period`` gives None):
  the import reports it, unless the mapping names the period a month counts for.
- DHIS2's other period types (weekly ``2021W10``, daily ``20210715``, bi-monthly
  ``202101B``, financial years ``2021April``) are recognised, to say so in the error,
  and may be named in a mapping's ``periods``; an impossible period (``2021Q5``,
  ``202113``, ``2021S3``) is refused with the reason.
- Errors are ``PeriodError``: a template with named parameters, marked for translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from habitat_monitor.core.translated import WordedError, gettext_noop
from habitat_monitor.reporting.periods import parse_period as parse_our_period

YEARLY, SIX_MONTHLY, QUARTERLY, MONTHLY = "yearly", "six_monthly", "quarterly", "monthly"
_PERIOD = re.compile(r"^(?P<year>[1-9]\d{3})(?:(?P<kind>[QS])(?P<index>\d)|(?P<month>\d{2}))?$")
_OTHER = re.compile(r"^[1-9]\d{3}(?:(?:Bi)?W\d{1,2}|\d{4}|\d{2}B|[A-Z][a-z]+(?:S\d)?)$")
_LETTER = {SIX_MONTHLY: "S", QUARTERLY: "Q"}


class PeriodError(WordedError, ValueError):
    """Text that is not a DHIS2 period we read; the message says why."""


@dataclass(frozen=True)
class Dhis2Period:
    year: int
    kind: str  # yearly, six_monthly, quarterly, monthly
    index: int = 1  # the half-year, quarter or month; 1 for a year

    @property
    def text(self) -> str:
        """The period as DHIS2 writes it."""
        if self.kind == YEARLY:
            return str(self.year)
        if self.kind == MONTHLY:
            return f"{self.year}{self.index:02d}"
        return f"{self.year}{_LETTER[self.kind]}{self.index}"


def is_other_period(text: str) -> bool:
    """A DHIS2 period of a type our plans do not use (weekly, daily, financial year...)."""
    return bool(_OTHER.match(text.strip()))


def parse_period(text: str) -> Dhis2Period:
    """``2021``, ``2021S1``, ``2021Q3`` or ``202107`` as a period; PeriodError otherwise."""
    code = text.strip()
    match = _PERIOD.match(code)
    if match is None:
        if not code:
            raise PeriodError(gettext_noop("no period: write 2021, 2021S1, 2021Q3 or 202107"))
        if _OTHER.match(code):
            template = gettext_noop(
                "“%(text)s” is a DHIS2 period type this plan does not use: "
                "send yearly, six-monthly or quarterly values"
            )
        else:
            template = gettext_noop(
                "“%(text)s” is not a DHIS2 period: write 2021, 2021S1, 2021Q3 or 202107"
            )
        raise PeriodError(template, {"text": code})
    year = int(match["year"])
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            template = gettext_noop("“%(text)s”: there is no month %(month)s")
            raise PeriodError(template, {"text": code, "month": month})
        return Dhis2Period(year, MONTHLY, month)
    if match["kind"] is None:
        return Dhis2Period(year, YEARLY)
    index = int(match["index"])
    if match["kind"] == "S":
        if index not in (1, 2):
            raise PeriodError(gettext_noop("“%(text)s”: half-years are S1 and S2"), {"text": code})
        return Dhis2Period(year, SIX_MONTHLY, index)
    if not 1 <= index <= 4:
        raise PeriodError(gettext_noop("“%(text)s”: quarters are Q1 to Q4"), {"text": code})
    return Dhis2Period(year, QUARTERLY, index)


def our_period(period: Dhis2Period) -> str | None:
    """Our period code (``2021``, ``2021-S1``, ``2021-Q3``); None for a month."""
    if period.kind == YEARLY:
        return str(period.year)
    if period.kind == MONTHLY:
        return None
    return f"{period.year}-{_LETTER[period.kind]}{period.index}"


def dhis2_period(code: str) -> str:
    """Our period code as DHIS2 writes it: ``2021-Q3`` -> ``2021Q3``. ValueError if not ours."""
    return parse_our_period(code).code.replace("-", "")
