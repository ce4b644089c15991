"""The needs typology: rounds and assessments to read; assessments to create, change,
finalise and override (through ``typology.services``: permission, transaction,
audit); and classifying an assessment without saving it. Reads give what the pages
give (``typology.queries``): the public sees final assessments only."""

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from habitat_monitor.api.auth import member_auth
from habitat_monitor.api.pagination import Pages
from habitat_monitor.api.params import Id
from habitat_monitor.api.queries import typology as typology_rows
from habitat_monitor.api.schemas.typology import (
    AssessmentData,
    AssessmentIn,
    AssessmentPatch,
    AssessmentRow,
    Category,
    OverrideIn,
    RoundOut,
)
from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.core.translated import gettext_noop
from habitat_monitor.geo.models import City, Country
from habitat_monitor.plans.queries import current_plan
from habitat_monitor.typology import queries, uses_queries
from habitat_monitor.typology.inputs import AssessmentInvalid, Problem, validate
from habitat_monitor.typology.models import Assessment, AssessmentRound
from habitat_monitor.typology.rules import classify as classify_input
from habitat_monitor.typology.services import assessments as services

router = Router(tags=["typology"])
INPUT_FIELDS = ("scores", "evidence", "sector_challenges", "shocks", "priorities")


def _data(payload: AssessmentData, *, exclude: set[str]) -> dict[str, Any]:
    """The fields sent, as ``inputs.validate`` reads them (unknown ones included)."""
    return payload.model_dump(exclude_unset=True, exclude=exclude)


def _visible(request: HttpRequest, pk: int) -> Assessment:
    assessment = get_object_or_404(
        Assessment.objects.select_related(
            "round__plan", "country__org_region", "city", "plan_version"
        ),
        pk=pk,
    )
    if not request.user.has_perm("typology.view_assessment", assessment):
        if not request.user.is_authenticated:
            raise Http404(_("No final assessment has this number."))
        raise NotAllowed(_("You may not see this assessment."))
    return assessment


def _detail(request: HttpRequest, assessment: Assessment) -> dict[str, Any]:
    data = queries.assessment_detail(assessment, request.user)
    data["scores"] = dict(assessment.scores)
    data["evidence"] = dict(assessment.evidence)
    data["classification"] = dict(assessment.explanation)
    return data


def _place(alpha3: str, city_name: str | None) -> tuple[Country, City | None]:
    country = Country.objects.filter(alpha3=alpha3.strip().upper()).first()
    if country is None:
        template = gettext_noop("country: %(value)s is not a country code (ISO alpha-3).")
        raise AssessmentInvalid([Problem("country", template, {"value": alpha3})])
    if not city_name:
        return country, None
    city = City.objects.filter(country=country, name__en=city_name.strip()).first()
    if city is None:
        template = gettext_noop("city: %(city)s is not a city of %(country)s.")
        params = {"city": city_name, "country": country.alpha3}
        raise AssessmentInvalid([Problem("city", template, params)])
    return country, city


@router.get("/typology/rounds", response=list[RoundOut])
@paginate(Pages)
def list_rounds(request: HttpRequest) -> list[dict[str, Any]]:
    """Every round with its final assessments counted by category and by region
    (drafts counted apart): the ``rounds`` of ``/typology.json``."""
    return list(queries.round_rows(request.user)["rounds"])


@router.get("/typology/categories", response=list[Category])
@paginate(Pages)
def list_categories(request: HttpRequest) -> list[dict[str, Any]]:
    """The needs categories (1 to 5) of the plans' typologies."""
    return list(queries.round_rows(request.user)["categories"])


class AssessmentFilter(Schema):
    round: str | None = Field(None, description="Round code, e.g. 2019-ALL")
    country: str | None = Field(None, description="ISO 3166 alpha-3")
    status: Assessment.Status | None = Field(None, description="Drafts: for assessors only.")
    category: int | None = Field(None, ge=1, le=5, description="The final category.")


@router.get("/typology/assessments", response=list[AssessmentRow])
@paginate(Pages)
def list_assessments(
    request: HttpRequest, filters: Query[AssessmentFilter]
) -> list[dict[str, Any]]:
    """Assessments you may see (the public: final ones), by round, country, status
    and final category."""
    return typology_rows.assessment_rows(
        request.user,
        round_code=filters.round,
        country=filters.country,
        status=filters.status,
        category=filters.category,
    )


@router.get("/typology/rounds/{code}", response=dict[str, Any])
def get_round(request: HttpRequest, code: str) -> dict[str, Any]:
    """A round's assessments (place, category, rule that fired, secondary needs,
    override, illustrative) and counts; drafts only for those who may assess them."""
    assessment_round = get_object_or_404(AssessmentRound.objects.select_related("plan"), code=code)
    return queries.round_detail(assessment_round, request.user)


def _round(code: str) -> AssessmentRound:
    return get_object_or_404(AssessmentRound.objects.select_related("plan"), code=code)


@router.get("/typology/rounds/{code}/uses", response=dict[str, Any])
def get_round_uses(request: HttpRequest, code: str, hub_size: int | None = None) -> dict[str, Any]:
    """The uses of a round (annex 3 §10), as ``/typology/rounds/{code}/uses.json``: the
    summary with the changes since the previous round, country groups, service mode
    (with programme size) and proposed multi-country hubs (``hub_size`` countries at
    most, default 4) with the expertise each needs. Final assessments only."""
    size = uses_queries.hub_size(hub_size)
    return uses_queries.uses_data(_round(code), request.user, size)


@router.get("/typology/rounds/{code}/hubs", response=dict[str, Any])
def get_round_hubs(request: HttpRequest, code: str, hub_size: int | None = None) -> dict[str, Any]:
    """Only the proposed multi-country hubs of ``/typology/rounds/{code}/uses``."""
    size = uses_queries.hub_size(hub_size)
    data = uses_queries.uses_data(_round(code), request.user, size)
    return {key: data[key] for key in ("code", "title", "illustrative", "hub_size", "hubs")}


@router.get("/typology/rounds/{code}/compare", response=dict[str, Any])
def compare_rounds(
    request: HttpRequest, code: str, with_: str | None = Query(None, alias="with")
) -> dict[str, Any]:
    """What changed in round ``code`` since round ``with`` (default: the previous round
    of the same plan), as ``/typology/rounds/{code}/compare.json``: each place's
    category and priority domains before and after, and the counts by category.
    404 for an unknown round, or when there is no earlier round to compare with."""
    assessment_round = _round(code)
    base = uses_queries.base_round(assessment_round, with_)
    return uses_queries.compare_data(assessment_round, base, request.user)


@router.get("/typology/assessments/{pk}", response=dict[str, Any])
def get_assessment(request: HttpRequest, pk: Id) -> dict[str, Any]:
    """One assessment: scores with evidence, the explanation in the active language, and
    the stored classification (``classification``) as data."""
    return _detail(request, _visible(request, pk))


@router.post("/typology/rounds/{code}/assessments", response={201: dict}, auth=member_auth)
def create_assessment(request: HttpRequest, code: str, payload: AssessmentIn) -> Status[Any]:
    """A new draft assessment, classified with the plan's current rules; 422 with every
    problem, 403 for roles that may not assess the country, 409 if already assessed."""
    assessment_round = get_object_or_404(AssessmentRound.objects.select_related("plan"), code=code)
    country, city = _place(payload.country, payload.city)
    assessment = services.create_assessment(
        assessment_round,
        actor=request.user,
        country=country,
        city=city,
        data=_data(payload, exclude={"country", "city", "reason"}),
        reason=payload.reason.strip() or "API",
    )
    return Status(201, _detail(request, _visible(request, assessment.pk)))


@router.patch("/typology/assessments/{pk}", auth=member_auth, response=dict[str, Any])
def update_assessment(request: HttpRequest, pk: Id, payload: AssessmentPatch) -> dict[str, Any]:
    """Change a draft: the fields sent replace the stored ones, the others stay; the
    assessment is classified again. 409 when it is final."""
    assessment = _visible(request, pk)
    data: dict[str, Any] = {name: getattr(assessment, name) for name in INPUT_FIELDS}
    data["social_inclusion"] = assessment.social_inclusion
    data.update(_data(payload, exclude={"reason"}))
    services.update_assessment(
        assessment, actor=request.user, data=data, reason=payload.reason.strip() or "API"
    )
    return _detail(request, _visible(request, pk))


@router.post("/typology/assessments/{pk}/finalise", auth=member_auth, response=dict[str, Any])
def finalise(request: HttpRequest, pk: Id) -> dict[str, Any]:
    """Draft → final, the caller as reviewer (never the assessor); 409 if already final."""
    services.finalise_assessment(_visible(request, pk), actor=request.user)
    return _detail(request, _visible(request, pk))


@router.post("/typology/assessments/{pk}/override", auth=member_auth, response=dict[str, Any])
def override(request: HttpRequest, pk: Id, payload: OverrideIn) -> dict[str, Any]:
    """Override the category with a reason (``category: null`` removes the override)."""
    services.override_category(
        _visible(request, pk), actor=request.user, category=payload.category, reason=payload.reason
    )
    return _detail(request, _visible(request, pk))


@router.post("/typology/classify", response=dict[str, Any])
def classify(request: HttpRequest, payload: AssessmentData) -> dict[str, Any]:
    """Classify an assessment with the current plan's rules, saving nothing (anyone may
    call it): the category, the rule, secondary needs, the explanation and the
    classification as data. 422 with every problem."""
    plan = current_plan()
    found = queries.plan_typology(plan) if plan else None
    if plan is None or found is None:
        raise Http404(_("There is no plan with a typology to classify with."))
    version, typology = found
    data = _data(payload, exclude=set())
    checked = validate(data, typology, queries.priority_codes(plan))
    result = classify_input(checked, typology)
    titles = queries.category_titles(typology)
    stored = result.as_dict()
    return {
        "plan": plan.code,
        "plan_version": version.number,
        "category": result.category,
        "category_title": titles.get(result.category or 0, ""),
        "rule": result.rule,
        "secondary": [need.category for need in result.secondary],
        "explanation": queries.explanation_lines(stored),
        "classification": stored,
    }
