"""Reads for the uses of a round (annex 3 §10): the pure modules' inputs from the
database, and their results with every text in the active language.

The uses page, its JSON twin, the API and the command line all read these, so they
give the same numbers. Only final assessments count (drafts are work in progress),
with the category that counts (the override when there is one); finals are public.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from habitat_monitor.core.translated import pick
from habitat_monitor.geo.models import Office
from habitat_monitor.plans.models import Plan
from habitat_monitor.reporting.messages import translate
from habitat_monitor.reporting.models import Assignment
from habitat_monitor.typology import queries
from habitat_monitor.typology.compare import compare_places
from habitat_monitor.typology.hubs import MAX_HUB_SIZE, propose_hubs
from habitat_monitor.typology.models import Assessment, AssessmentRound
from habitat_monitor.typology.uses import SMALL_PROGRAMME_BELOW, Place, uses

CHANGE_LABELS = {
    "same": _("same category"),
    "changed": _("category changed"),
    "new": _("new in this round"),
    "gone": _("not assessed in this round"),
}
HUB_SIZES = range(1, 51)


def programme_sizes(plan: Plan) -> dict[str, int] | None:
    """Per country (alpha-3): how many indicators the country offices covering it are
    assigned in the plan's latest reporting period that has any. None when the plan
    has no assignments to country offices (the size is then unknown, not zero)."""
    assigned = Assignment.objects.filter(period__plan=plan, office__kind=Office.Kind.COUNTRY)
    latest = assigned.order_by("-period__end").values_list("period_id", flat=True).first()
    if latest is None:
        return None
    indicators: dict[str, set[int]] = {}
    rows = assigned.filter(period_id=latest)
    for field in ("office__covers__alpha3", "office__country__alpha3"):
        for alpha3, indicator in rows.values_list(field, "indicator_id"):
            if alpha3:
                indicators.setdefault(alpha3, set()).add(indicator)
    return {alpha3: len(codes) for alpha3, codes in indicators.items()}


def round_places(assessment_round: AssessmentRound, user: Any = None) -> list[Place]:
    """The round's final assessments as the uses need them; with ``user``, only those
    the user may see (every final is public, so this is a safeguard)."""
    offices = set(
        Office.objects.filter(kind=Office.Kind.COUNTRY).values_list("country__alpha3", flat=True)
    )
    sizes = programme_sizes(assessment_round.plan)
    finals = assessment_round.assessments.filter(status=Assessment.Status.FINAL)
    if user is None:
        rows = list(finals.select_related("country__org_region", "city"))
    else:
        rows = queries.visible_assessments(user, finals)
    return [
        Place.scored(
            a.scores,
            country=a.country.alpha3,
            region=a.country.org_region.label if a.country.org_region else "",
            category=a.final_category,
            priorities=tuple(a.priorities),
            secondary=tuple(n["category"] for n in a.secondary),
            has_office=a.country.alpha3 in offices,
            name=f"{a.country.label} · {a.city.label}" if a.city else a.country.label,
            city=a.city.label if a.city else "",
            programme_size=None if sizes is None else sizes.get(a.country.alpha3, 0),
        )
        for a in rows
    ]


def previous_round(assessment_round: AssessmentRound) -> AssessmentRound | None:
    """The round of the same plan that started last before this one."""
    if assessment_round.starts is None:
        return None
    return (
        AssessmentRound.objects.filter(
            plan=assessment_round.plan, starts__lt=assessment_round.starts
        )
        .order_by("-starts", "-code")
        .first()
    )


def base_round(assessment_round: AssessmentRound, code: str | None) -> AssessmentRound:
    """The round to compare with: ``code`` (404 when unknown), else the previous
    round of the same plan (404 when there is none)."""
    if code:
        return get_object_or_404(AssessmentRound.objects.select_related("plan"), code=code)
    previous = previous_round(assessment_round)
    if previous is None:
        raise Http404(gettext("There is no earlier round to compare with: choose one with ?with=."))
    return previous


def hub_size(value: str | int | None) -> int:
    """The hub size asked for (1 to 50), else the default: hubs are a proposal that
    people may redraw with another size."""
    try:
        size = int(value or "")
    except ValueError:
        return MAX_HUB_SIZE
    return size if size in HUB_SIZES else MAX_HUB_SIZE


def _text(reason: dict[str, Any]) -> str:
    return translate(reason["template"], reason["params"])


def _hubs(
    places: list[Place], typology: Any, plan: Plan, titles: dict[int, str], size: int
) -> list[dict[str, Any]]:
    language = get_language()
    items = {item.code: item for item in typology.items} if typology else {}
    domains = {d.code: d.label for d in plan.domains.filter(active=True)}
    countries = {p.country: p.name for p in places if not p.city}
    groups = {code: str(item.group) for code, item in items.items()}
    hubs = propose_hubs(places, groups, max_size=size)
    for hub in hubs:
        hub["anchor_name"] = countries.get(hub["anchor"], hub["anchor"])
        hub["reasons"] = [_text(reason) for reason in hub["reasons"]]
        for row in hub["category_mix"]:
            row["focus"] = gettext(row["focus"])
            row["category_title"] = titles.get(row["category"] or 0, "")
        for row in hub["domains"]:
            row["title"] = domains.get(row["domain"], "")
            row["reason"] = _text(row["reason"])
        for row in hub["items"]:
            row["title"] = pick(items[row["item"]].title, language)
            row["group_label"] = str(queries.GROUP_LABELS.get(row["group"], row["group"]))
            row["reason"] = _text(row["reason"])
    return hubs


def _changes(earlier: list[Place], later: list[Place], numbers: list[int]) -> dict[str, Any]:
    data = compare_places(earlier, later, numbers)
    for row in data["rows"]:
        row["change_label"] = str(CHANGE_LABELS[row["change"]])
    return data


def _categories(titles: dict[int, str]) -> list[dict[str, Any]]:
    return [{"number": n, "title": t} for n, t in sorted(titles.items())]


def uses_data(
    assessment_round: AssessmentRound, user: Any, hub_size: int = MAX_HUB_SIZE
) -> dict[str, Any]:
    """Everything the uses page shows: summary with the changes since the previous
    round, country groups, service mode, hubs; texts in the active language."""
    found = queries.plan_typology(assessment_round.plan)
    typology = found[1] if found else None
    titles = queries.category_titles(typology)
    numbers = sorted(titles)
    places = round_places(assessment_round, user)
    data = uses(places, numbers)
    for group in data["groups"]:
        group["focus"] = gettext(group["focus"])
        group["channels"] = [gettext(channel) for channel in group["channels"]]
        group["category_title"] = titles.get(group["category"] or 0, "")
    for row in data["service_modes"]:
        row["mode_label"] = gettext(row["mode_label"])
        row["reason"] = translate(row["reason"], row["params"])
    previous = previous_round(assessment_round)
    return {
        "code": assessment_round.code,
        "title": assessment_round.label,
        "plan": assessment_round.plan.code,
        "illustrative": assessment_round.illustrative,
        "categories": _categories(titles),
        **data,
        "small_programme_below": SMALL_PROGRAMME_BELOW,
        "hub_size": hub_size,
        "hubs": _hubs(places, typology, assessment_round.plan, titles, hub_size),
        "previous_round": previous.code if previous else None,
        "previous_title": previous.label if previous else None,
        "changes": _changes(round_places(previous, user), places, numbers) if previous else None,
    }


def compare_data(
    assessment_round: AssessmentRound, base: AssessmentRound, user: Any
) -> dict[str, Any]:
    """What changed in ``assessment_round`` since ``base`` (final assessments)."""
    found = queries.plan_typology(assessment_round.plan)
    titles = queries.category_titles(found[1] if found else None)
    earlier, later = round_places(base, user), round_places(assessment_round, user)
    return {
        "code": assessment_round.code,
        "title": assessment_round.label,
        "with": base.code,
        "with_title": base.label,
        "illustrative": assessment_round.illustrative or base.illustrative,
        "categories": _categories(titles),
        **_changes(earlier, later, sorted(titles)),
    }
