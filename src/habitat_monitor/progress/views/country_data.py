"""What a country's profile adds to its progress page, and what the world map shares.

* **Typology**: the country's latest needs assessment the visitor may see (the public
  sees final ones only, ``typology.view_assessment``), with its category (the
  override when there is one), the rule that fired (its title in the plan's
  typology), the round, and the priority domains (an outcome code such as ``1.2``
  counts as its domain ``1``, first named first).
* **Offices** covering the country, each linking to its progress page.
* **Series**: the country's value for each indicator in every year with approved
  values up to the page's year, read through ``data.run`` (one call per earlier year,
  so the published figures and the live ones never mix).
* **Comparison**: the country's value beside its regional grouping's and the
  world's (the global rollup) for the same year.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from habitat_monitor.core.translated import pick
from habitat_monitor.engagement.queries import country_engagement
from habitat_monitor.geo.models import Country, Office
from habitat_monitor.plans.models import Plan
from habitat_monitor.progress.services import PlanProgress, Scope
from habitat_monitor.progress.views import labels
from habitat_monitor.typology import queries as typology
from habitat_monitor.typology.models import Assessment

# The levels read for a place's page: a country's also has its regional grouping's.
LEVELS: dict[str, tuple[str, ...]] = {"country": ("country", "org_region")}
Run = Callable[[Plan, Scope], PlanProgress]


def place_about(kind: str, code: str) -> tuple[Office | Country, dict[str, Any]]:
    """The office or country, and what the page says about it (name, links)."""
    language = get_language()
    if kind == "office":
        office = Office.objects.filter(code=code).prefetch_related("covers").first()
        if office is None:
            raise Http404(_("No office has this code."))
        related = [
            {"code": c.alpha3, "name": pick(c.name, language), "kind": "country"}
            for c in office.covers.all()
        ]
        return office, {
            "kind": "office",
            "code": office.code,
            "name": office.label,
            "kind_label": office.get_kind_display(),
            "related": related,
        }
    country = Country.objects.filter(alpha3=code.upper()).select_related("org_region").first()
    if country is None:
        raise Http404(_("No country or territory has this code."))
    related = [
        {"code": o.code, "name": pick(o.name, language), "kind": "office"}
        for o in Office.objects.filter(covers=country)
    ]
    return country, {
        "kind": "country",
        "code": country.alpha3,
        "numeric": country.numeric,
        "name": country.label,
        "kind_label": labels.level("country"),
        "related": related,
        "region": region_of(country),
    }


def profile(
    plan: Plan,
    progress: PlanProgress,
    country: Country,
    rows: list[dict[str, Any]],
    user: Any,
    run: Run,
) -> dict[str, Any]:
    """What a country's page adds: per indicator (``rows``, changed in place) the
    region's and the world's value and the country's series; the typology, offices."""
    region = country.org_region.code if country.org_region else None
    series = country_series(plan, progress, country.alpha3, run)
    for row in rows:
        code = row["code"]
        row["world"] = place_value(progress, code, "global", None)
        row["region_value"] = place_value(progress, code, "org_region", region)
        row["series"] = [{"year": y, "value": v} for y, v in sorted(series.get(code, []))]
    return {
        "typology": country_typology(plan, country, user or AnonymousUser()),
        "offices": covering_offices(country, progress.year),
        **country_engagement(country.alpha3),
        "map_url": reverse("portal:map") + (f"?year={progress.year}" if progress.year else ""),
    }


def domain_titles(plan: Plan) -> dict[str, str]:
    """The plan's active domains, code -> title in the page language, in plan order."""
    language = get_language()
    return {d.code: pick(d.title, language) for d in plan.domains.filter(active=True)}


def priority_domains(priorities: list[str]) -> list[str]:
    """The domains named by an assessment's priorities, first named first."""
    found: list[str] = []
    for code in priorities:
        domain = str(code).split(".")[0]
        if domain and domain not in found:
            found.append(domain)
    return found


def rule_titles(assessment: Assessment) -> dict[str, str]:
    """The titles of the rules of the plan version that classified ``assessment``."""
    found = typology.version_typology(assessment.plan_version)
    if found is None:
        return {}
    language = get_language()
    return {rule.code: pick(rule.title, language) for rule in found.rules}


def category_label(number: int | None, titles: dict[int, str]) -> str:
    if number is None:
        return ""
    title = titles.get(number, "")
    return f"{number} · {title}" if title else str(number)


def country_typology(plan: Plan, country: Country, user: Any) -> dict[str, Any] | None:
    """The latest assessment of the country (not of one of its cities) ``user`` may see."""
    queryset = Assessment.objects.filter(
        round__plan=plan, country=country, city__isnull=True
    ).order_by("-round__starts", "-round__code")
    visible = typology.visible_assessments(user, queryset.select_related("plan_version"))
    if not visible:
        return None
    assessment = visible[0]
    found = typology.plan_typology(plan)
    titles = typology.category_titles(found[1] if found else None)
    domains = domain_titles(plan)
    final = assessment.final_category
    may_open = user.has_perm("typology.view_assessment", assessment)
    return {
        "id": assessment.pk,
        "status": assessment.status,
        "status_label": assessment.get_status_display(),
        "category": final,
        "category_label": category_label(final, titles),
        "computed_category": assessment.category,
        "overridden": assessment.override_category is not None,
        "override_reason": assessment.override_reason,
        "rule": assessment.rule,
        "rule_title": rule_titles(assessment).get(assessment.rule, ""),
        "round": {
            "code": assessment.round.code,
            "title": assessment.round.label,
            "url": reverse("typology:round_detail", args=[assessment.round.code]),
        },
        "domains": [
            {"code": code, "title": domains.get(code, ""), "url": _domain_url(code, domains)}
            for code in priority_domains(list(assessment.priorities))
        ],
        "url": assessment.get_absolute_url() if may_open else None,
        "illustrative": assessment.illustrative or assessment.round.illustrative,
    }


def _domain_url(code: str, domains: dict[str, str]) -> str | None:
    return reverse("progress:domain", args=[code]) if code in domains else None


def covering_offices(country: Country, year: int | None) -> list[dict[str, Any]]:
    """The offices covering ``country``, with links to their progress pages."""
    language = get_language()
    address = f"?year={year}" if year else ""
    return [
        {
            "code": office.code,
            "name": pick(office.name, language),
            "kind": office.kind,
            "kind_label": office.get_kind_display(),
            "url": reverse("progress:office", args=[office.code]) + address,
        }
        for office in Office.objects.filter(covers=country).order_by("code")
    ]


def region_of(country: Country) -> dict[str, str] | None:
    region = country.org_region
    if region is None:
        return None
    return {"code": region.code, "name": region.label}


def place_value(progress: PlanProgress, code: str, level: str, key: str | None) -> float | None:
    """An indicator's value at one place (``level``, ``key``) in ``progress``."""
    for item in progress.indicators:
        if item.code == code:
            if level == "global":
                return item.value.value if item.value is not None else None
            found = next((p for p in item.places if p.level == level and p.key == key), None)
            return found.value if found is not None else None
    return None


def country_series(
    plan: Plan, progress: PlanProgress, alpha3: str, run: Run
) -> dict[str, list[tuple[int, float]]]:
    """Each indicator's (year, value) pairs for the country, over the years with approved
    values up to the page's year; ``progress`` already holds the page's year."""
    year = progress.year
    earlier = [y for y in progress.years if year is None or y < year]
    runs = [run(plan, Scope(year=y, levels=("country",))) for y in earlier]
    if year in progress.years:
        runs.append(progress)
    series: dict[str, list[tuple[int, float]]] = {}
    for found in runs:
        for item in found.indicators:
            place = next((p for p in item.places if p.level == "country" and p.key == alpha3), None)
            if place is not None and place.value is not None and found.year is not None:
                series.setdefault(item.code, []).append((found.year, place.value))
    return series


def sparkline_words(name: str, statement: str, points: list[tuple[int, float]]) -> dict[str, str]:
    """The sparkline's accessible name: what it shows, first and last value."""
    first, last = points[0], points[-1]
    return {
        "description": _(
            "%(name)s, %(statement)s: %(first)s in %(first_year)s, %(last)s in %(last_year)s."
        )
        % {
            "name": name,
            "statement": statement,
            "first": floatformat(first[1], "-2g"),
            "first_year": first[0],
            "last": floatformat(last[1], "-2g"),
            "last_year": last[0],
        }
    }
