"""Approved values, as the request may see them: the public reads the latest
publication (or ``?publication=N``), members with a role the live draft of the next
one (``?view=published`` for the published figures). Read from the analytics store,
paged in SQL."""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from habitat_monitor.api.pagination import Pages
from habitat_monitor.api.params import Id
from habitat_monitor.api.queries.plans import plan_or_404
from habitat_monitor.api.queries.values import StoreValues, one_value
from habitat_monitor.api.schemas.values import ApprovedValue, PublicationRef

router = Router(tags=["values"])


class Shown(Schema):
    publication: int | None = Field(
        None, ge=1, le=2**31 - 1, description="Read this publication (a permanent link)."
    )
    view: Literal["published"] | None = Field(
        None, description="published: members read the published figures, not the draft."
    )


class ValueFilter(Shown):
    indicator: str | None = Field(None, description="Indicator code, e.g. D4")
    country: str | None = Field(None, description="ISO 3166 alpha-3, e.g. KEN")
    office: str | None = Field(None, description="Office code, e.g. KEN")
    year: int | None = Field(None, ge=1900, le=2200)
    period: str | None = Field(None, description="Reporting period code, e.g. 2021-S1")
    totals: bool = Field(False, description="Only the totals, no breakdown rows.")


class ValuePages(Pages):
    """The values' page also says which figures they are."""

    class Output(Pages.Output):
        draft: bool = Field(description="The live figures (members), not a publication.")
        publication: PublicationRef | None

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        return super().paginate_queryset(queryset, pagination, request) | queryset.about()


@router.get("/values", response=list[ApprovedValue])
@paginate(ValuePages)
def list_values(request: HttpRequest, filters: Query[ValueFilter]) -> StoreValues:
    """Approved values of the current plan's indicators, by indicator, country,
    office, year and period; each with its breakdown and ``illustrative`` flag."""
    wanted = filters.dict(include={"indicator", "country", "office", "year", "period"})
    if wanted["country"]:
        wanted["country"] = wanted["country"].strip().upper()
    return StoreValues(plan_or_404(), wanted, totals=filters.totals)


@router.get("/values/{pk}", response=ApprovedValue)
def get_value(request: HttpRequest, pk: Id, shown: Query[Shown]) -> dict[str, Any]:
    """One approved value (404 when the figures you see do not hold it)."""
    return one_value(plan_or_404(), pk)
