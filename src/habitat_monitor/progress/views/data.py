"""The progress pages' data, as plain dicts (JSON-ready), shared by pages, twins and API.

A thin adapter over ``progress.services``: the numbers are the services' (through
their ``as_dict()``); this module adds what a page needs around them, from the
relational database: names and titles in the page language, the plan's yearly
targets, which indicators hold invented (*illustrative*) figures, and links that
keep the chosen year in the URL.

Errors: an unknown plan, code or year is ``Http404``; an analytics store that stays
busy or cannot be read is ``ProgressUnavailable`` (the pages answer 503).
"""

from __future__ import annotations

from typing import Any

import duckdb
from django.conf import settings
from django.db.models import Max
from django.http import Http404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from habitat_monitor.core.translated import pick
from habitat_monitor.geo.models import Country, Office
from habitat_monitor.plans.models import Baseline, Dimension, Indicator, Outcome, Plan, Target
from habitat_monitor.plans.queries import current_plan
from habitat_monitor.progress import achievement, projection, publishing, services
from habitat_monitor.progress.services import IndicatorProgress, PlanProgress, Scope
from habitat_monitor.progress.store.location import StoreBusy
from habitat_monitor.progress.store.snapshot import SnapshotUnreadable
from habitat_monitor.progress.views import country_data, labels, published
from habitat_monitor.progress.views.published import publication_for
from habitat_monitor.reporting.models import Submission, Value

LICENCE = "CC BY 4.0"
COUNT_KEYS = (*labels.STATUSES, "total", "due", "assessed", "assessed_share")


class ProgressUnavailable(RuntimeError):
    """The analytics store could not answer now (busy or unreadable): try again.
    ``detail``: what to tell the reader when it is more than "try again"."""

    def __init__(self, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail


def plan_or_404() -> Plan:
    plan = current_plan()
    if plan is None:
        raise Http404(_("No plan is loaded yet."))
    return plan


def parse_year(raw: str | None, plan: Plan) -> int | None:
    """``?year=``: empty means the latest year with approved values; another value
    must be one of the plan's years."""
    if raw in (None, ""):
        return None
    try:
        year = int(str(raw))
    except ValueError:
        raise Http404(_("There is no such year in this plan.")) from None
    if year not in plan.years:
        raise Http404(_("There is no such year in this plan."))
    return year


def run(plan: Plan, scope: Scope) -> PlanProgress:
    """The plan's progress as this request may see it (the latest publication or
    the live figures), with failures turned into 404 and 503."""
    try:
        if getattr(settings, "ANALYTICS_BACKEND", "duckdb") == "orm":  # the benchmark's baseline
            from habitat_monitor.progress.orm_source import progress_from_orm

            return progress_from_orm(plan.code, scope)
        publication = publication_for(plan)
        if publication is None:
            return services.plan_progress(plan.code, scope)
        with publishing.reading(publication) as con:
            return services.progress_from(con, plan.code, scope)
    except services.UnknownPlan:
        raise Http404(_("This plan has no progress figures.")) from None
    except SnapshotUnreadable as error:
        raise ProgressUnavailable(str(error), detail=str(error)) from error
    except (StoreBusy, duckdb.Error) as error:
        raise ProgressUnavailable(str(error)) from error


def url(name: str, *args: str, year: int | None = None) -> str:
    """A progress page's address, keeping the year in the query string."""
    address = reverse(f"progress:{name}", args=args)
    return f"{address}?year={year}" if year else address


def links(name: str, *args: str, year: int | None) -> dict[str, str]:
    """The page and its JSON and CSV twins, for the same year."""
    return {
        kind: url(f"{name}{suffix}", *args, year=year)
        for kind, suffix in (("html", ""), ("json", "_json"), ("csv", "_csv"))
    }


def illustrative_codes(plan: Plan) -> set[str]:
    """Indicators with invented figures: an illustrative baseline or target, or an
    illustrative value in an approved submission."""
    codes = set(
        Baseline.objects.filter(indicator__plan=plan, illustrative=True).values_list(
            "indicator__code", flat=True
        )
    )
    codes |= set(
        Target.objects.filter(indicator__plan=plan, illustrative=True).values_list(
            "indicator__code", flat=True
        )
    )
    invented = Submission.objects.filter(
        period__plan=plan, status=Submission.Status.APPROVED, illustrative=True
    )
    if invented.exists():
        found = Value.objects.filter(submission__in=invented, illustrative=True)
        codes |= set(found.values_list("indicator__code", flat=True).distinct())
    return codes


def indicator_names(plan: Plan) -> dict[str, dict[str, str]]:
    """Statement, unit and level label of every indicator, in the page language."""
    language = get_language()
    return {
        item.code: {
            "statement": pick(item.statement, language),
            "unit": pick(item.unit, language),
            "level_label": item.get_level_display(),
        }
        for item in Indicator.objects.filter(plan=plan)
    }


def about(plan: Plan, progress: PlanProgress) -> dict[str, Any]:
    """Where the numbers come from, which rules made them, and when they last changed."""
    approved = Submission.objects.filter(period__plan=plan, status=Submission.Status.APPROVED)
    last = approved.aggregate(last=Max("reviewed_at"))["last"]
    publication = publication_for(plan)
    if publication is not None:
        last = publication.approved_through
    return {
        "organisation": pick(plan.organisation, get_language()),
        "source": _(
            "Values reported by the offices and approved by M&E officers, combined by "
            "each indicator's aggregation rule."
        ),
        "plan_version": plan.version,
        "method": {"name": achievement.METHOD, "version": achievement.VERSION},
        "projection_methods": [
            {"name": name, "label": labels.method(name), "version": projection.VERSION}
            for name in progress.methods
        ],
        "last_approved": last.isoformat() if last else None,
        "licence": LICENCE,
    }


def common(plan: Plan, progress: PlanProgress) -> dict[str, Any]:
    """What every progress page states: plan, year, years, the rule used, sources."""
    bands = {"on_track": progress.bands.on_track, "at_risk": progress.bands.at_risk}
    return {
        "plan": {
            "code": plan.code,
            "title": pick(plan.title, get_language()),
            "version": plan.version,
        },
        "year": progress.year,
        "years": sorted(set(plan.years) | set(progress.years)),
        "years_with_data": list(progress.years),
        "end_year": progress.end_year,
        "bands": bands,
        "rule": labels.rule(bands, progress.end_year, progress.methods[0]),
        "no_data": not progress.years,
        "about": about(plan, progress),
        "shown": published.shown(plan),
    }


def indicator_row(
    item: IndicatorProgress, names: dict[str, dict[str, str]], invented: set[str]
) -> dict[str, Any]:
    """One indicator's line in a progress table (the services' numbers, labelled)."""
    data = item.as_dict()
    first = data["projections"][0] if data["projections"] else None
    info = names.get(item.code, {})
    return {
        "code": item.code,
        "statement": info.get("statement", ""),
        "unit": info.get("unit", ""),
        "level": item.level,
        "level_label": info.get("level_label", item.level),
        "domain": item.domain,
        "outcome": item.outcome,
        "dimension": item.dimension,
        "direction": item.direction,
        "cumulation": item.cumulation,
        "year": item.year,
        "due": item.due,
        "value": data["value"]["value"] if data["value"] else None,
        "actual": data["actual"],
        "baseline": data["baseline"],
        "target": data["target"],
        "achievement": data["assessment"]["achievement"],
        **labels.status(data["status"]),
        "end_year": data["end_year"],
        "end_target": data["end_target"],
        "projection": None
        if first is None
        else {
            "method": first["method"],
            "method_label": labels.method(first["method"]),
            "version": first["version"],
            "projected": first["projected"],
            "category": str(first["category"]),
            "category_label": labels.category(str(first["category"])),
        },
        "likely": data["likely"],
        "likely_label": labels.likely(data["likely"]),
        "attention": data["attention"],
        "illustrative": item.code in invented,
        "url": url("indicator", item.code, year=item.year),
    }


def zero_counts() -> dict[str, Any]:
    return {key: 0 for key in COUNT_KEYS} | {"assessed_share": None}


def _group(
    kind: str, code: str, title: str, counts: dict[str, Any], year: int | None
) -> dict[str, Any]:
    link = url(kind, code, year=year) if kind in ("domain", "outcome") else None
    found = counts.get(code) or zero_counts()
    return {"kind": kind, "code": code, "title": title, "url": link, "counts": found}


def framework_data(
    plan: Plan,
    year: int | None,
    *,
    domain: str | None = None,
    outcome: str | None = None,
    progress: PlanProgress | None = None,
) -> dict[str, Any]:
    """The plan's progress (or one domain's or outcome's): the rule, status counts per
    domain and outcome, and every indicator with value, target, status, projection.
    ``progress``: already computed for ``year`` (saves reading it twice)."""
    language = get_language()
    domains = {d.code: d for d in plan.domains.filter(active=True)}
    outcomes = {
        o.code: o
        for o in Outcome.objects.filter(domain__plan=plan, active=True).select_related("domain")
    }
    if (domain is not None and domain not in domains) or (
        outcome is not None and outcome not in outcomes
    ):
        raise Http404(_("There is no such part of the plan."))
    progress = progress or run(plan, Scope(year=year))
    rollup = progress.as_dict()["rollup"]
    names, invented = indicator_names(plan), illustrative_codes(plan)
    rows = [
        indicator_row(item, names, invented)
        for item in progress.indicators
        if (domain is None or item.domain == domain)
        and (outcome is None or item.outcome == outcome)
    ]
    year = progress.year
    parent = outcomes[outcome].domain.code if outcome is not None else domain
    shown_domains = [d for code, d in domains.items() if parent is None or code == parent]
    shown_outcomes = [
        o
        for code, o in outcomes.items()
        if (domain is None or o.domain.code == domain) and (outcome is None or code == outcome)
    ]
    dimensions = Dimension.objects.filter(outcome__code=outcome, outcome__domain__plan=plan)
    node = outcomes.get(outcome or "") or domains.get(domain or "")
    if outcome is not None:
        kind, code, counts = "outcome", outcome, rollup["outcomes"].get(outcome)
    elif domain is not None:
        kind, code, counts = "domain", domain, rollup["domains"].get(domain)
    else:
        kind, code, counts = "plan", plan.code, rollup["plan"]
    title = pick((node or plan).title, language)
    link = [kind] if kind == "plan" else [kind, code]
    return common(plan, progress) | {
        "scope": {"kind": kind, "code": code, "title": title},
        "counts": counts or zero_counts(),
        "domains": [
            _group("domain", d.code, pick(d.title, language), rollup["domains"], year)
            for d in shown_domains
        ],
        "outcomes": [
            _group("outcome", o.code, pick(o.title, language), rollup["outcomes"], year)
            for o in shown_outcomes
        ],
        "dimensions": [
            _group("dimension", d.code, pick(d.title, language), rollup["dimensions"], year)
            for d in (dimensions if outcome is not None else [])
        ],
        "indicators": rows,
        "illustrative": any(row["illustrative"] for row in rows),
        "links": links(link[0], *link[1:], year=year),
    }


def _place(kind: str, code: str) -> tuple[Office | Country, dict[str, Any]]:
    """The office or country, and what the page says about it (name, links)."""
    return country_data.place_about(kind, code)


def place_data(
    plan: Plan, year: int | None, *, kind: str, code: str, user: Any = None
) -> dict[str, Any]:
    """Every indicator's value for one office or country in the year; an office's own
    target, achievement and status where it has one; a country's profile adds more."""
    place, about_place = _place(kind, code)
    key = about_place["code"]
    progress = run(plan, Scope(year=year, levels=country_data.LEVELS.get(kind, (kind,))))
    names, invented = indicator_names(plan), illustrative_codes(plan)
    own_targets: dict[str, float] = {}
    if kind == "office":
        found = Target.objects.filter(indicator__plan=plan, office=place, year=progress.year)
        own_targets = dict(found.values_list("indicator__code", "value"))
    rows = []
    for item in progress.indicators:
        value = next((p for p in item.places if p.level == kind and p.key == key), None)
        target = own_targets.get(item.code)
        if value is not None and value.assessment is not None:
            state, reached = value.assessment.status.value, value.assessment.achievement
        elif target is not None:
            state, reached = ("no_data" if item.due else "not_yet_due"), None
        else:
            state, reached = None, None
        info = names.get(item.code, {})
        rows.append(
            {
                "code": item.code,
                "statement": info.get("statement", ""),
                "unit": info.get("unit", ""),
                "value": value.value if value is not None else None,
                "places": value.parts if value is not None else 0,
                "formula": value.formula if value is not None else "",
                "target": target,
                "achievement": reached,
                **labels.status(state),
                "illustrative": item.code in invented,
                "url": url("indicator", item.code, year=progress.year),
            }
        )
    name = "office" if kind == "office" else "country"
    page = common(plan, progress) | {
        "place": about_place,
        "indicators": rows,
        "reported": sum(1 for row in rows if row["value"] is not None),
        "illustrative": any(r["illustrative"] and r["value"] is not None for r in rows),
        "links": links(name, key, year=progress.year),
    }
    if isinstance(place, Country):
        page |= country_data.profile(plan, progress, place, rows, user, run)
    return page
