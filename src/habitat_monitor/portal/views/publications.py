"""Publications: the list (with what changed and the open-data downloads), the
ZIP of each, and the officers' "Publish now" form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.plans.models import Plan
from habitat_monitor.progress import publishing
from habitat_monitor.progress.models import Publication
from habitat_monitor.progress.store.snapshot import SnapshotUnreadable
from habitat_monitor.progress.views.data import plan_or_404


def _row(publication: Publication) -> dict[str, Any]:
    changes = publication.changes or {}
    return {
        "number": publication.number,
        "published_at": publication.published_at.isoformat(),
        "note": publication.note,
        "data_year": publication.data_year,
        "approved_through": (
            publication.approved_through.isoformat() if publication.approved_through else None
        ),
        "values": publication.value_count,
        "previous": changes.get("previous"),
        "values_added": publication.value_count - int(changes.get("values_before") or 0),
        "indicators_changed": changes.get("indicators", []),
        "open_data": reverse("portal:open_data", args=[publication.number]),
        # Written by the worker just after publishing, or by the first download.
        "open_data_available": publishing.open_data_of(publication).exists()
        or publishing.snapshot_of(publication).exists(),
    }


def publications_data(plan: Plan) -> dict[str, Any]:
    rows = [_row(p) for p in Publication.objects.filter(plan=plan).order_by("-number")]
    return {"plan": plan.code, "publications": rows, "licence": "CC BY 4.0"}


def publication_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    plan = plan_or_404()
    page = publications_data(plan)
    if (fmt or request.GET.get("format")) == "json":
        return JsonResponse(page, json_dumps_params={"ensure_ascii": False})
    may_publish = request.user.has_perm("progress.add_publication")
    return render(request, "portal/publications.html", {"page": page, "may_publish": may_publish})


def open_data(request: HttpRequest, number: int) -> FileResponse:
    """The publication's open-data ZIP (public: it holds published figures only)."""
    publication = get_object_or_404(Publication, plan=plan_or_404(), number=number)
    try:
        path = publishing.ensure_open_data(publication)
    except SnapshotUnreadable:
        raise Http404(_("The open-data file of this publication is missing.")) from None
    name = f"{publication.plan.code}-open-data-{publication.number}.zip"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def publish_now(request: HttpRequest) -> HttpResponse:
    plan = plan_or_404()
    if not request.user.has_perm("progress.add_publication"):
        raise NotAllowed(_("Only M&E officers publish the figures."))
    note = request.POST.get("note", "").strip()[:2000]
    publication = publishing.publish(plan, actor=request.user, note=note)
    messages.success(
        request,
        _("Publication %(number)s is out: the public now sees these figures.")
        % {"number": publication.number},
    )
    return redirect("portal:publications")
