from django import forms
from django.utils.translation import gettext_lazy as _


class OverrideForm(forms.Form):
    """The category that overrides the rules' result, and why (both audited)."""

    category = forms.TypedChoiceField(
        label=_("Category"), coerce=int, empty_value=None, required=False
    )
    reason = forms.CharField(
        label=_("Reason for the override"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: object, categories: list[dict[str, object]], **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = [("", _("No override: the rules' category"))]
        choices += [(str(c["number"]), f"{c['number']}. {c['title']}") for c in categories]
        self.fields["category"].choices = choices  # type: ignore[attr-defined]
