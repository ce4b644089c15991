"""The world map page's data, as a plain dict shared by the page and its twins.

What the map shows, chosen in the query string (so a link reproduces the view):

* ``colour``: ``value`` (default), ``status``, ``category`` or ``domain``;
* ``indicator``: an active indicator's code; default the first, in plan order,
  with a value for at least one country in the year;
* ``year``: one of the plan's years; default the latest with approved values.

An unknown value of any of them is a 404 that says which (``MapNotFound``).

Rows: one per country with a value for the indicator in the year or a final
needs assessment (not a city's) in the latest round that has final assessments,
and that the visitor may see. Value: the country's combined value, read through
``progress.views.data.run`` (published or live figures, as the visitor may see).
Category: the final category (the override when there is one). Domain: the first
priority domain named. Invented figures are labelled "illustrative" in the
shape's name, the table and the twins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, QueryDict
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from habitat_monitor.core.translated import pick
from habitat_monitor.geo.models import Country
from habitat_monitor.plans.models import Indicator, Plan
from habitat_monitor.portal.charts.world import COLOURS
from habitat_monitor.portal.map_status import status_fields, status_judge, status_rule
from habitat_monitor.progress import exports
from habitat_monitor.progress.services import IndicatorProgress, Scope
from habitat_monitor.progress.views import country_data, data, labels
from habitat_monitor.typology import queries as typology
from habitat_monitor.typology.models import Assessment, AssessmentRound


class MapNotFound(Http404):
    """An unknown colour, indicator or year in the query string."""


@dataclass(frozen=True)
class MapQuery:
    colour: str = "value"
    indicator: str | None = None
    year: int | None = None

    def query_string(self, *, year: int | None, indicator: str | None) -> str:
        params = {"colour": self.colour, "indicator": indicator or "", "year": year or ""}
        return urlencode({key: value for key, value in params.items() if value})


def parse_query(get: QueryDict, plan: Plan) -> MapQuery:
    colour = get.get("colour") or "value"
    if colour not in COLOURS:
        raise MapNotFound(
            _("There is no such colour for the map: use value, status, category or domain.")
        )
    code = get.get("indicator") or None
    if (
        code is not None
        and not Indicator.objects.filter(plan=plan, code=code, active=True).exists()
    ):
        raise MapNotFound(_("No indicator has this code."))
    try:
        year = data.parse_year(get.get("year"), plan)
    except Http404:
        raise MapNotFound(_("There is no such year in this plan.")) from None
    return MapQuery(colour=colour, indicator=code, year=year)


def colour_choices() -> list[dict[str, str]]:
    return [
        {"value": "value", "label": _("Value of the indicator")},
        {"value": "status", "label": _("Status against the plan's yearly target")},
        {"value": "category", "label": _("Needs-typology category")},
        {"value": "domain", "label": _("First priority domain")},
    ]


def _country_values(item: IndicatorProgress | None) -> dict[str, float]:
    if item is None:
        return {}
    return {
        p.key: p.value
        for p in item.places
        if p.level == "country" and p.key is not None and p.value is not None
    }


def _chosen(progress_items: tuple[IndicatorProgress, ...]) -> IndicatorProgress | None:
    """The first indicator with a value for some country (else the first one)."""
    for item in progress_items:
        if _country_values(item):
            return item
    return progress_items[0] if progress_items else None


def latest_round(plan: Plan) -> AssessmentRound | None:
    """The latest round of the plan that has final assessments."""
    return (
        AssessmentRound.objects.filter(plan=plan, assessments__status=Assessment.Status.FINAL)
        .distinct()
        .order_by("-starts", "-code")
        .first()
    )


def _assessments(plan: Plan, user: Any) -> tuple[AssessmentRound | None, dict[str, Assessment]]:
    found = latest_round(plan)
    if found is None:
        return None, {}
    finals = found.assessments.filter(status=Assessment.Status.FINAL, city__isnull=True)
    return found, {a.country.alpha3: a for a in typology.visible_assessments(user, finals)}


def value_text(value: float | None, unit: str, measure: str) -> str:
    if value is None:
        return ""
    number = floatformat(value, "-2g")
    return f"{number} %" if measure == "percent" else f"{number} {unit}".strip()


def _label(row: dict[str, Any], colour: str) -> str:
    """The shape's accessible name: the country and what the map colours it by."""
    name = row["name"]
    if colour == "category" and row["category"] is not None:
        text = _("%(name)s: category %(label)s") % {"name": name, "label": row["category_label"]}
        invented = row["typology_illustrative"]
    elif colour == "domain" and row["domain"] is not None:
        text = _("%(name)s: priority domain %(label)s") % {
            "name": name,
            "label": row["domain_label"],
        }
        invented = row["typology_illustrative"]
    elif colour == "status" and row["status"] is not None:
        text = f"{name}: {row['status_short']}"
        invented = row["illustrative"]
    elif colour == "value" and row["value"] is not None:
        text = f"{name}: {row['value_text']}"
        invented = row["illustrative"]
    else:
        return _("%(name)s: no data") % {"name": name}
    return f"{text} ({_('illustrative')})" if invented else text


def map_data(plan: Plan, query: MapQuery, *, user: Any) -> dict[str, Any]:
    """The map page's dict: the choices, the rows, where they come from, the links."""
    language = get_language()
    indicators = list(Indicator.objects.filter(plan=plan, active=True).order_by("order"))
    only = (query.indicator,) if query.indicator else None
    progress = data.run(plan, Scope(year=query.year, levels=("country",), indicators=only))
    item = _chosen(progress.indicators)
    indicator = next((i for i in indicators if item is not None and i.code == item.code), None)
    values = _country_values(item)
    invented = item is not None and item.code in data.illustrative_codes(plan)
    unit = pick(indicator.unit, language) if indicator else ""
    measure = indicator.measure if indicator else ""
    shown_round, assessed = _assessments(plan, user)
    found = typology.plan_typology(plan)
    titles = typology.category_titles(found[1] if found else None)
    domains = country_data.domain_titles(plan)
    judge = status_judge(indicator, item, progress)
    keys = set(values) | set(assessed)
    rows = []
    for country in Country.objects.filter(alpha3__in=keys):
        assessment = assessed.get(country.alpha3)
        category = assessment.final_category if assessment else None
        firsts = country_data.priority_domains(list(assessment.priorities)) if assessment else []
        domain = firsts[0] if firsts else None
        value = values.get(country.alpha3)
        row: dict[str, Any] = {
            "alpha3": country.alpha3,
            "numeric": country.numeric,
            "name": pick(country.name, language),
            "value": value,
            "value_text": value_text(value, unit, measure),
            "illustrative": invented and value is not None,
            **status_fields(judge(value) if judge else None),
            "category": category,
            "category_short": _("Category %(number)s") % {"number": category} if category else None,
            "category_label": country_data.category_label(category, titles),
            "domain": domain,
            "domain_short": _("Domain %(code)s") % {"code": domain} if domain else None,
            "domain_label": f"{domain} · {domains.get(domain, '')}" if domain else "",
            "typology_illustrative": bool(
                assessment and (assessment.illustrative or assessment.round.illustrative)
            ),
            "url": data.url("country", country.alpha3, year=progress.year),
        }
        row["label"] = _label(row, query.colour)
        rows.append(row)
    rows.sort(key=lambda row: row["name"])
    year = progress.year
    code = item.code if item else None
    here = query.query_string(year=year, indicator=code)
    return {
        "plan": {"code": plan.code, "title": pick(plan.title, language), "version": plan.version},
        "year": year,
        "years": sorted(set(plan.years) | set(progress.years)),
        "years_with_data": list(progress.years),
        "colour": query.colour,
        "colours": colour_choices(),
        "indicator": None
        if indicator is None
        else {
            "code": indicator.code,
            "statement": pick(indicator.statement, language),
            "unit": unit,
            "measure": measure,
            "url": data.url("indicator", indicator.code, year=year),
        },
        "indicators": [
            {"code": i.code, "statement": pick(i.statement, language)} for i in indicators
        ],
        "round": None
        if shown_round is None
        else {
            "code": shown_round.code,
            "title": shown_round.label,
            "illustrative": shown_round.illustrative,
            "url": reverse("typology:round_detail", args=[shown_round.code]),
        },
        "categories": [{"number": n, "title": t} for n, t in sorted(titles.items())],
        "domains": [{"code": c, "title": t} for c, t in domains.items()],
        "rows": rows,
        "status_rule": status_rule(indicator, judge is not None),
        "counts": {
            "countries": len(rows),
            "values": sum(1 for row in rows if row["value"] is not None),
            "statuses": sum(1 for row in rows if row["status"] is not None),
            "categories": sum(1 for row in rows if row["category"] is not None),
            "domains": sum(1 for row in rows if row["domain"] is not None),
        },
        "illustrative": any(r["illustrative"] or r["typology_illustrative"] for r in rows),
        "about": data.about(plan, progress),
        "links": {
            kind: reverse(name) + (f"?{here}" if here else "")
            for kind, name in (
                ("html", "portal:map"),
                ("json", "portal:map_json"),
                ("csv", "portal:map_csv"),
            )
        },
    }


def announcement(page: dict[str, Any]) -> str:
    """What the live region says after the filters change, in the page language."""
    indicator = page["indicator"]
    what = indicator["code"] if indicator else _("no indicator")
    counts = page["counts"]
    shown = {"value": counts["values"], "category": counts["categories"]}
    shown["status"] = counts["statuses"]
    shown["domain"] = counts["domains"]
    colour = next(c["label"] for c in page["colours"] if c["value"] == page["colour"])
    return _(
        "Showing %(indicator)s in %(year)s, coloured by %(colour)s: "
        "%(count)s countries on the map, %(rows)s in the table."
    ) % {
        "indicator": what,
        "year": page["year"],
        "colour": colour.lower() if get_language() == "en" else colour,
        "count": shown[page["colour"]],
        "rows": counts["countries"],
    }


def summary(page: dict[str, Any]) -> str:
    """The sentences above the map: what it shows, and which typology round."""
    text = announcement(page)
    shown_round = page["round"]
    if shown_round and page["colour"] != "value":
        text += " " + _("Needs typology: the final assessments of the round %(round)s.") % {
            "round": shown_round["title"]
        }
    return text


def title(page: dict[str, Any]) -> str:
    """The map's heading: the indicator (or the typology) and the year."""
    indicator = page["indicator"]
    if page["colour"] == "category":
        return _("Needs-typology category by country")
    if page["colour"] == "domain":
        return _("First priority domain by country")
    if indicator is None:
        return _("No indicator to show")
    return _("%(code)s %(statement)s, by country, %(year)s") % {
        "code": indicator["code"],
        "statement": indicator["statement"],
        "year": page["year"],
    }


def map_words(page: dict[str, Any]) -> dict[str, Any]:
    """The map spec's words in the page language (``charts.world.world_map``)."""
    indicator = page["indicator"]
    colour = page["colour"]
    if colour == "value" and indicator:
        legend = f"{indicator['code']} ({indicator['unit']})" if indicator["unit"] else ""
        value = _("Value")
    elif colour == "status":
        legend, value = _("Status"), _("Status")
    elif colour == "category":
        legend, value = _("Needs-typology category"), _("Category")
    else:
        legend, value = _("First priority domain"), _("Priority domain")
    return {
        "description": _(
            "World map: %(title)s. %(announcement)s Each country on the map is also in "
            "the table beside it."
        )
        % {"title": title(page), "announcement": announcement(page)},
        "legend_title": legend,
        "country": _("Country or territory"),
        "value": value,
        "categories": {
            c["number"]: _("Category %(number)s") % {"number": c["number"]}
            for c in page["categories"]
        },
        "domains": {d["code"]: _("Domain %(code)s") % {"code": d["code"]} for d in page["domains"]},
        "statuses": {key: status_fields(key)["status_short"] for key in labels.STATUSES},
    }


MAP_COLUMNS = [
    "plan", "year", "indicator", "unit", "alpha3", "numeric", "name", "value",
    "illustrative", "typology_round", "category", "category_title", "priority_domain",
    "priority_domain_title", "typology_illustrative", "profile_url",
]  # fmt: skip


def map_rows(page: dict[str, Any]) -> exports.Rows:
    """The CSV twin: the table's rows, one per country."""
    indicator = page["indicator"] or {}
    shown_round = page["round"] or {}
    titles = {c["number"]: c["title"] for c in page["categories"]}
    domains = {d["code"]: d["title"] for d in page["domains"]}
    return MAP_COLUMNS, [
        [
            page["plan"]["code"],
            page["year"],
            indicator.get("code", ""),
            indicator.get("unit", ""),
            row["alpha3"],
            row["numeric"],
            row["name"],
            row["value"],
            row["illustrative"],
            shown_round.get("code", "") if row["category"] is not None else "",
            row["category"],
            titles.get(row["category"], "") if row["category"] is not None else "",
            row["domain"],
            domains.get(row["domain"], "") if row["domain"] else "",
            row["typology_illustrative"],
            row["url"],
        ]
        for row in page["rows"]
    ]
