"""The office list and an office's contact form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.geo.models import Office
from habitat_monitor.geo.queries import office_rows
from habitat_monitor.geo.services import update_office
from habitat_monitor.portal.forms import OfficeContactForm


def office_list(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/office_list.html", {"offices": office_rows(request.user)})


@login_required
def office_edit(request: HttpRequest, code: str) -> HttpResponse:
    office = get_object_or_404(Office, code=code)
    if not request.user.has_perm("geo.change_office", office):
        raise NotAllowed(_("You may not change this office."))
    form = OfficeContactForm(request.POST or None, initial={"contact_email": office.contact_email})
    if request.method == "POST" and form.is_valid():
        update_office(
            office,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            contact_email=form.cleaned_data["contact_email"],
        )
        messages.success(request, _("The office was saved."))
        return redirect("portal:office_list")
    return render(request, "portal/office_form.html", {"office": office, "form": form})
