"""The board report form: year, language, format and which figures."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from habitat_monitor.plans.models import Plan
from habitat_monitor.progress import publishing
from habitat_monitor.reports.models import ReportJob

PUBLISHED, LIVE = "published", "live"


class ReportForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    language = forms.ChoiceField(
        label=_("Language of the report"), choices=ReportJob.Language.choices
    )
    format = forms.ChoiceField(label=_("Format"), choices=ReportJob.Format.choices)
    figures = forms.ChoiceField(
        label=_("Figures"),
        widget=forms.RadioSelect,
        initial=PUBLISHED,
        choices=[
            (PUBLISHED, _("Published: the figures the public sees (latest publication)")),
            (LIVE, _("Live: the approved values now, not yet published (board draft)")),
        ],
    )
    include_unapproved = forms.BooleanField(
        label=_("Also count the values submitted and awaiting approval (live figures only)"),
        required=False,
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["year"].choices = [(year, str(year)) for year in plan.years]
        # The year of the latest published figures, the report most often wanted.
        latest = publishing.latest(plan)
        years = list(plan.years)
        found = latest.data_year if latest is not None else None
        self.fields["year"].initial = found if found in years else (years[0] if years else None)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        live = data.get("figures") == LIVE or bool(data.get("include_unapproved"))
        if not live and publishing.latest(self.plan) is None:
            raise forms.ValidationError(
                _("Nothing has been published yet: choose the live figures.")
            )
        data["draft"] = live
        return data
