"""Indicator values computed from the partnership and outreach registers (annex 4
§16: partnerships are monitored through the plan's results framework). Pure Python.

The rules, in words. A period runs from its first to its last day, both included.

- ``active_partnerships``: how many distinct partners have at least one agreement in
  force during the period: status active or closed, a start on or before the
  period's last day, and no end or an end on or after its first day. Agreements
  still in the pipeline never count. Optional: ``partner_type``, ``kind``.
- ``co_investment_agreed``: the amounts of co-investment agreements (active or
  closed) that started in the period.
- ``co_investment_catalysed``: the amounts of outreach results of kind
  co-investment dated in the period.
  Money is added per currency. One number comes out either for one ``currency``
  (amounts in other currencies are left out, and the note says how many) or, with
  ``rates`` (units of ``to`` for one unit of each currency), for all of them
  converted; a currency without a rate is an error naming it, never a guess.
- ``outreach_results``: how many outreach results of ``kind`` are dated in the
  period; optional ``platform`` or ``flagship`` they are attributed to.
- ``outreach_reach``: the reach achieved (``direct``, ``indirect`` or ``total``) by
  the events held in the period, optionally on one ``platform``. Events whose reach
  is not known are left out and counted in the note; when events were held and none
  has a known reach the value is missing (None), never 0. No event: 0.
- ``attitude_change``: the survey results (percent) of attitude-change results in
  the period, averaged weighted by respondents (a result without respondents weighs
  1); missing (None) when there is none.

Every computation answers a ``Computed``: the value (None when missing), a note
worded as an English template with parameters, and whether any row it counted is
illustrative (the value is then illustrative too).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from habitat_monitor.core.translated import gettext_noop, render

IN_FORCE = frozenset({"active", "closed"})
REACH = ("direct", "indirect", "total")


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def holds(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


@dataclass(frozen=True)
class AgreementRow:
    partner: str
    partner_type: str
    kind: str
    status: str
    start: date | None = None
    end: date | None = None
    amount: Decimal | None = None
    currency: str = ""
    illustrative: bool = False


@dataclass(frozen=True)
class EventRow:
    platform: str
    day: date
    reach_direct: int | None = None
    reach_indirect: int | None = None
    illustrative: bool = False


@dataclass(frozen=True)
class ResultRow:
    kind: str
    day: date
    platform: str = ""
    flagship: str = ""
    amount: Decimal | None = None
    currency: str = ""
    survey_result: Decimal | None = None
    survey_respondents: int | None = None
    illustrative: bool = False


@dataclass(frozen=True)
class Registers:
    agreements: Sequence[AgreementRow] = ()
    events: Sequence[EventRow] = ()
    results: Sequence[ResultRow] = ()


@dataclass(frozen=True)
class Computed:
    value: float | None
    template: str
    params: dict[str, str] = field(default_factory=dict)
    illustrative: bool = False

    @property
    def note(self) -> str:
        return render(self.template, self.params)


class MeasureError(ValueError):
    """A mapping entry that cannot be computed (unknown computation, bad parameter,
    a currency without a rate); ``str()`` says why."""


def in_force(row: AgreementRow, period: Period) -> bool:
    return (
        row.status in IN_FORCE
        and row.start is not None
        and row.start <= period.end
        and (row.end is None or row.end >= period.start)
    )


def active_partnerships(
    registers: Registers, period: Period, params: Mapping[str, Any]
) -> Computed:
    rows = [
        row
        for row in registers.agreements
        if in_force(row, period)
        and params.get("partner_type") in (None, row.partner_type)
        and params.get("kind") in (None, row.kind)
    ]
    partners = {row.partner for row in rows}
    template = gettext_noop("%(partners)s partners with %(agreements)s agreements in force")
    params_out = {"partners": str(len(partners)), "agreements": str(len(rows))}
    return Computed(float(len(partners)), template, params_out, any(r.illustrative for r in rows))


def _money(
    amounts: Sequence[tuple[Decimal, str]], params: Mapping[str, Any], illustrative: bool
) -> Computed:
    totals: dict[str, Decimal] = {}
    for amount, currency in amounts:
        totals[currency] = totals.get(currency, Decimal(0)) + amount
    if "rates" in params:
        rates = {code: Decimal(str(rate)) for code, rate in params["rates"].items()}
        target = str(params.get("to", ""))
        rates.setdefault(target, Decimal(1))
        missing = sorted(set(totals) - set(rates))
        if missing:
            raise MeasureError(f"no exchange rate for {', '.join(missing)}")
        value = sum((total * rates[code] for code, total in totals.items()), Decimal(0))
        template = gettext_noop("%(count)s amounts converted to %(currency)s")
        return Computed(
            float(value), template, {"count": str(len(amounts)), "currency": target}, illustrative
        )
    currency = str(params.get("currency", ""))
    if not currency:
        raise MeasureError("give a currency, or rates and the currency to convert to")
    others = sum(1 for _amount, code in amounts if code != currency)
    template = gettext_noop(
        "%(count)s amounts in %(currency)s; %(others)s in other currencies left out"
    )
    params_out = {
        "count": str(len(amounts) - others),
        "currency": currency,
        "others": str(others),
    }
    return Computed(float(totals.get(currency, Decimal(0))), template, params_out, illustrative)


def co_investment_agreed(
    registers: Registers, period: Period, params: Mapping[str, Any]
) -> Computed:
    rows = [
        row
        for row in registers.agreements
        if row.kind == "co_investment"
        and row.status in IN_FORCE
        and period.holds(row.start)
        and row.amount is not None
    ]
    amounts = [(row.amount, row.currency) for row in rows if row.amount is not None]
    return _money(amounts, params, any(row.illustrative for row in rows))


def co_investment_catalysed(
    registers: Registers, period: Period, params: Mapping[str, Any]
) -> Computed:
    rows = [
        row
        for row in registers.results
        if row.kind == "co_investment" and period.holds(row.day) and row.amount is not None
    ]
    amounts = [(row.amount, row.currency) for row in rows if row.amount is not None]
    return _money(amounts, params, any(row.illustrative for row in rows))


def _attributed(row: ResultRow, params: Mapping[str, Any]) -> bool:
    return params.get("platform") in (None, row.platform) and params.get("flagship") in (
        None,
        row.flagship,
    )


def outreach_results(registers: Registers, period: Period, params: Mapping[str, Any]) -> Computed:
    kind = params.get("kind")
    if not kind:
        raise MeasureError("outreach_results needs the kind of result to count")
    rows = [
        row
        for row in registers.results
        if row.kind == kind and period.holds(row.day) and _attributed(row, params)
    ]
    template = gettext_noop("%(count)s outreach results of kind %(kind)s")
    return Computed(
        float(len(rows)),
        template,
        {"count": str(len(rows)), "kind": str(kind)},
        any(row.illustrative for row in rows),
    )


def _reach(row: EventRow, which: str) -> int | None:
    if which == "direct":
        return row.reach_direct
    if which == "indirect":
        return row.reach_indirect
    if row.reach_direct is None and row.reach_indirect is None:
        return None
    return (row.reach_direct or 0) + (row.reach_indirect or 0)


def outreach_reach(registers: Registers, period: Period, params: Mapping[str, Any]) -> Computed:
    which = params.get("reach", "direct")
    if which not in REACH:
        raise MeasureError(f"reach is one of {', '.join(REACH)}, not {which}")
    rows = [
        row
        for row in registers.events
        if period.holds(row.day) and params.get("platform") in (None, row.platform)
    ]
    known = [reach for row in rows if (reach := _reach(row, which)) is not None]
    template = gettext_noop("%(events)s events, %(unknown)s of them with no known reach")
    params_out = {"events": str(len(rows)), "unknown": str(len(rows) - len(known))}
    value = None if rows and not known else float(sum(known))
    return Computed(value, template, params_out, any(row.illustrative for row in rows))


def attitude_change(registers: Registers, period: Period, params: Mapping[str, Any]) -> Computed:
    rows = [
        row
        for row in registers.results
        if row.kind == "attitude_change"
        and period.holds(row.day)
        and row.survey_result is not None
        and _attributed(row, params)
    ]
    weights = [Decimal(row.survey_respondents or 1) for row in rows]
    total = sum(weights, Decimal(0))
    value = None
    if rows:
        weighted = sum(
            (
                row.survey_result * weight
                for row, weight in zip(rows, weights, strict=True)
                if row.survey_result is not None
            ),
            Decimal(0),
        )
        value = float(weighted / total)
    template = gettext_noop("%(count)s survey results, weighted by respondents")
    return Computed(value, template, {"count": str(len(rows))}, any(r.illustrative for r in rows))


Computation = Callable[[Registers, Period, Mapping[str, Any]], Computed]
COMPUTATIONS: dict[str, Computation] = {
    "active_partnerships": active_partnerships,
    "co_investment_agreed": co_investment_agreed,
    "co_investment_catalysed": co_investment_catalysed,
    "outreach_results": outreach_results,
    "outreach_reach": outreach_reach,
    "attitude_change": attitude_change,
}
PARAMETERS: dict[str, frozenset[str]] = {
    "active_partnerships": frozenset({"partner_type", "kind"}),
    "co_investment_agreed": frozenset({"currency", "rates", "to"}),
    "co_investment_catalysed": frozenset({"currency", "rates", "to"}),
    "outreach_results": frozenset({"kind", "platform", "flagship"}),
    "outreach_reach": frozenset({"reach", "platform"}),
    "attitude_change": frozenset({"platform", "flagship"}),
}


def compute(
    name: str, registers: Registers, period: Period, params: Mapping[str, Any] | None = None
) -> Computed:
    """The value of computation ``name`` for the period; MeasureError if it cannot be."""
    if name not in COMPUTATIONS:
        raise MeasureError(f"unknown computation {name}: use one of {', '.join(COMPUTATIONS)}")
    given = dict(params or {})
    unknown = sorted(set(given) - PARAMETERS[name])
    if unknown:
        raise MeasureError(f"{name} takes no parameter {', '.join(unknown)}")
    return COMPUTATIONS[name](registers, period, given)
