"""The API tokens page (``/account/tokens/``): a signed-in user creates tokens for
their own account, sees them listed (never the tokens themselves) and revokes them.
A new token is shown once, on the page that answers the creation, never again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from habitat_monitor.api import services
from habitat_monitor.api.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What is it for?"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("For example: DHIS2 sync, reporting script."),
    )
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"),
        min_value=1,
        max_value=services.MAX_DAYS,
        initial=90,
        required=False,
        help_text=gettext_lazy("Leave empty for a token that lasts until you revoke it."),
    )


def _page(request: HttpRequest, form: TokenForm, issued: Any = None) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at", "-pk")
    context = {"form": form, "tokens": tokens, "issued": issued}
    return render(request, "api/tokens.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    issued = services.create_token(
        request.user,
        actor=request.user,
        name=form.cleaned_data["name"] or "",
        days=form.cleaned_data["days"],
        reason="created on the API tokens page",
    )
    return _page(request, TokenForm(), issued)


@never_cache
@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_token(token, actor=request.user, reason="revoked on the API tokens page")
    messages.success(request, _("The token %(prefix)s… was revoked.") % {"prefix": token.prefix})
    return HttpResponseRedirect(reverse("api_pages:tokens"))
