"""What a request sees of the publications: which figures the page shows (for its
notice and twins), and the targets that go with them."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from habitat_monitor.plans.models import Plan, Target
from habitat_monitor.progress import publishing, visibility
from habitat_monitor.progress.models import Publication
from habitat_monitor.progress.store import queries as store_queries
from habitat_monitor.progress.store.snapshot import SnapshotUnreadable


def publication_for(plan: Plan) -> Publication | None:
    """The publication this request reads, or None for the live figures."""
    view = visibility.current()
    if not view.published:
        return None
    if view.pinned is not None:
        pinned = Publication.objects.filter(plan=plan, number=view.pinned).first()
        if pinned is None:
            raise Http404(_("There is no such publication."))
        return pinned
    publication = publishing.latest(plan)
    if publication is None:
        raise Http404(_("No progress figures have been published yet."))
    return publication


def visible_targets(plan: Plan) -> dict[tuple[str, int, str | None], float]:
    """Every target (indicator, year, office or None) as this request may see them:
    the published figures are judged against the targets published with them."""
    publication = publication_for(plan)
    if publication is None:
        rows = Target.objects.filter(indicator__plan=plan).values_list(
            "indicator__code", "year", "office__code", "value"
        )
        return {(code, year, office): value for code, year, office, value in rows}
    try:
        with publishing.reading(publication) as con:
            return {
                (t["indicator"], t["year"], t["office"]): t["value"]
                for t in store_queries.target_rows(con, plan.code)
            }
    except SnapshotUnreadable as error:
        from habitat_monitor.progress.views.data import ProgressUnavailable

        raise ProgressUnavailable(str(error), detail=str(error)) from error


def shown(plan: Plan) -> dict[str, Any]:
    """Which figures the page shows, for its notice and its twins."""
    view = visibility.current()
    latest = publishing.latest(plan)
    publication = publication_for(plan) if view.published else latest
    described = None
    if publication is not None:
        described = {
            "number": publication.number,
            "published_at": publication.published_at.isoformat(),
            "approved_through": (
                publication.approved_through.isoformat() if publication.approved_through else None
            ),
            "url": reverse("portal:publications"),
            "latest": latest is not None and latest.number == publication.number,
            "latest_number": latest.number if latest else None,
        }
    return {
        "pinned": view.pinned,
        "published": view.published,
        "draft": not view.published,
        "may_see_draft": view.may_see_draft,
        "publication": described,
    }
