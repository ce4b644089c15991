"""Forms for corrective actions: record one, and update its status and follow-up.

They only read and check the input; the audited services (``progress.actions``,
through ``progress.views.action_data``) write it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from habitat_monitor.geo.models import Office
from habitat_monitor.progress.models import CorrectiveAction


class ActionForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new corrective action for the indicator of the page."""

    office = forms.ModelChoiceField(
        queryset=Office.objects.order_by("code"),
        to_field_name="code",
        required=False,
        label=_("Office concerned (optional)"),
    )

    class Meta:
        model = CorrectiveAction
        fields = ["cause", "action", "owner", "due_date", "status", "office", "follow_up"]
        widgets = {
            "cause": forms.Textarea(attrs={"rows": 3}),
            "action": forms.Textarea(attrs={"rows": 3}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }


class ActionUpdateForm(forms.Form):
    """A change of an action's status or follow-up, with the reason for the audit trail."""

    status = forms.ChoiceField(label=_("Status"), choices=CorrectiveAction.Status.choices)
    follow_up = forms.CharField(
        label=_("Follow-up"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=200)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form's fields (others on the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, list(messages))


def initial_for(item: CorrectiveAction) -> dict[str, Any]:
    return {"status": item.status, "follow_up": item.follow_up}
