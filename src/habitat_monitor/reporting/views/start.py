"""A focal point's start page and an M&E officer's review queue."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.reporting.queries import review_queue, start_rows


@login_required
def start_page(request: HttpRequest) -> HttpResponse:
    rows = start_rows(request.user, today=timezone.localdate())
    return render(request, "reporting/start.html", {"rows": rows})


@login_required
def review_page(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("reporting.review_submission"):
        raise NotAllowed(_("Only M&E officers review submissions."))
    return render(request, "reporting/review.html", {"submissions": review_queue()})
