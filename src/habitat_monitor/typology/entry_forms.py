"""Forms to enter a needs assessment, built from the plan's typology, and to import one.

The forms only carry what was typed: the rules (a score for each required item,
0-4, social-inclusion notes...) are ``inputs.validate``'s, applied by the service,
whose problems ``show_problems`` puts back beside the field each one concerns.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from habitat_monitor.core.translated import pick
from habitat_monitor.geo.models import City
from habitat_monitor.plans.framework import Typology
from habitat_monitor.plans.models import Plan
from habitat_monitor.reporting.messages import translate
from habitat_monitor.typology.inputs import SHOCK_KINDS, Problem
from habitat_monitor.typology.queries import GROUP_LABELS, SHOCK_LABELS

EXTRA_ROWS = 2
NOTE_ROWS = {"rows": 2, "cols": 50}


def _scale_choices(typology: Typology) -> list[tuple[str, str]]:
    language = get_language()
    labels = {n: pick(text, language) for n, text in typology.scale.items()}
    return [("", "—")] + [(str(n), f"{n} {labels.get(n, '')}".strip()) for n in range(0, 5)]


class AssessmentForm(forms.Form):
    """The place (on creation), a score and evidence per item, priorities, notes."""

    country = forms.ModelChoiceField(queryset=None, label=_("Country"), required=False)
    city = forms.ModelChoiceField(
        queryset=City.objects.none(),
        label=_("City"),
        required=False,
        empty_label=_("— the country itself —"),
        help_text=_("Leave empty to assess the country."),
    )
    priorities = forms.MultipleChoiceField(
        label=_("Priority domains of change and outcomes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    social_inclusion = forms.CharField(
        label=_("Social inclusion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
        help_text=_("Required: human rights, gender, children, youth, older persons, disability."),
    )

    def __init__(
        self,
        *args: Any,
        typology: Typology,
        plan: Plan,
        countries: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.typology = typology
        if countries is None:  # editing: the place does not change
            del self.fields["country"], self.fields["city"]
        else:
            self.fields["country"].queryset = countries  # type: ignore[attr-defined]
            self.fields["country"].required = True
            self.fields["city"].queryset = City.objects.filter(  # type: ignore[attr-defined]
                country__in=countries
            ).select_related("country")
            self.fields["city"].label_from_instance = (  # type: ignore[attr-defined]
                lambda city: f"{city.country.alpha3} · {city.label}"
            )
        language = get_language()
        choices = _scale_choices(typology)
        for item in typology.items:
            title = pick(item.title, language)
            self.fields[f"score_{item.code}"] = forms.ChoiceField(
                label=title, choices=choices, required=False
            )
            self.fields[f"evidence_{item.code}"] = forms.CharField(
                label=_("Evidence: %(item)s") % {"item": title},
                required=False,
                widget=forms.Textarea(attrs=NOTE_ROWS),
            )
        options = []
        for domain in plan.domains.filter(active=True).prefetch_related("outcomes"):
            options.append((domain.code, f"{domain.code} {domain.label}"))
            options += [(o.code, f"{o.code} {o.label}") for o in domain.outcomes.all() if o.active]
        self.fields["priorities"].choices = options  # type: ignore[attr-defined]

    def groups(self) -> list[dict[str, Any]]:
        """The score fields by group (drivers, enablers, capacity), for the template."""
        found: dict[str, dict[str, Any]] = {}
        for item in self.typology.items:
            group = found.setdefault(
                str(item.group),
                {"label": GROUP_LABELS.get(str(item.group), item.group), "items": []},
            )
            group["items"].append(
                {
                    "code": item.code,
                    "score": self[f"score_{item.code}"],
                    "evidence": self[f"evidence_{item.code}"],
                }
            )
        return list(found.values())

    def inputs(self) -> dict[str, Any]:
        """What was typed, as ``inputs.validate`` reads it."""
        data = self.cleaned_data
        codes = [item.code for item in self.typology.items]
        return {
            "scores": {code: data.get(f"score_{code}", "") for code in codes},
            "evidence": {code: data.get(f"evidence_{code}", "") for code in codes},
            "priorities": list(data.get("priorities") or []),
            "social_inclusion": data.get("social_inclusion", ""),
        }

    @classmethod
    def initial_from(cls, stored: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            f"score_{code}": str(score) for code, score in stored["scores"].items()
        }
        initial.update({f"evidence_{code}": text for code, text in stored["evidence"].items()})
        initial["priorities"] = list(stored["priorities"])
        initial["social_inclusion"] = stored["social_inclusion"]
        return initial


class SectorForm(forms.Form):
    sector = forms.CharField(label=_("Sector"), max_length=120, required=False)
    severity = forms.ChoiceField(label=_("Severity"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["severity"].choices = choices  # type: ignore[attr-defined]

    def entry(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not (data.get("sector") or data.get("severity") or data.get("note")):
            return None
        return {k: data.get(k, "") for k in ("sector", "severity", "note")}


class ShockForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", "—"), *((kind, SHOCK_LABELS[kind]) for kind in SHOCK_KINDS)],
    )
    severity = forms.ChoiceField(label=_("Severity"), required=False)
    ongoing = forms.BooleanField(label=_("Ongoing"), required=False)
    description = forms.CharField(label=_("Description"), max_length=500, required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["severity"].choices = choices  # type: ignore[attr-defined]

    def entry(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not (data.get("kind") or data.get("severity") or data.get("description")):
            return None
        return {k: data.get(k, "") for k in ("kind", "severity", "ongoing", "description")}


SectorFormSet = forms.formset_factory(SectorForm, extra=EXTRA_ROWS)
ShockFormSet = forms.formset_factory(ShockForm, extra=EXTRA_ROWS)


class AssessmentEntry:
    """The assessment form with its two lists (sector challenges, shocks), bound together."""

    def __init__(
        self,
        data: Any,
        *,
        typology: Typology,
        plan: Plan,
        countries: Any = None,
        stored: dict[str, Any] | None = None,
    ) -> None:
        choices = _scale_choices(typology)
        initial = AssessmentForm.initial_from(stored) if stored else None
        self.form = AssessmentForm(
            data, typology=typology, plan=plan, countries=countries, initial=initial
        )
        kwargs = {"form_kwargs": {"choices": choices}}
        sectors = [
            {**entry, "severity": str(entry["severity"])}
            for entry in (stored or {}).get("sector_challenges", [])
        ]
        shocks = [
            {**entry, "severity": str(entry["severity"])}
            for entry in (stored or {}).get("shocks", [])
        ]
        self.sectors = SectorFormSet(data, prefix="sector", initial=sectors or None, **kwargs)
        self.shocks = ShockFormSet(data, prefix="shock", initial=shocks or None, **kwargs)
        self._sector_forms: list[SectorForm] = []
        self._shock_forms: list[ShockForm] = []

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.sectors.is_valid(), self.shocks.is_valid()])

    def inputs(self) -> dict[str, Any]:
        """The whole assessment as ``inputs.validate`` reads it; remembers which form
        each list entry came from, to put a problem back beside its field."""
        data = self.form.inputs()
        data["sector_challenges"], data["shocks"] = [], []
        for name, formset, forms_seen in (
            ("sector_challenges", self.sectors, self._sector_forms),
            ("shocks", self.shocks, self._shock_forms),
        ):
            forms_seen.clear()
            for form in formset.forms:
                entry = form.entry()
                if entry is not None:
                    data[name].append(entry)
                    forms_seen.append(form)
        return data

    def place(self) -> tuple[Any, Any]:
        return self.form.cleaned_data.get("country"), self.form.cleaned_data.get("city")

    def show_problems(self, problems: list[Problem]) -> None:
        """Each problem beside the field it concerns (``scores.governance`` → its score)."""
        for problem in problems:
            text = translate(problem.template, problem.params, problem.message)
            parts = problem.field.split(".")
            if parts[0] in ("sector_challenges", "shocks") and len(parts) == 3:
                seen = self._sector_forms if parts[0] == "sector_challenges" else self._shock_forms
                seen[int(parts[1])].add_error(parts[2], text)
                continue
            name = {"scores": "score_", "evidence": "evidence_"}.get(parts[0], "")
            name = f"{name}{parts[1]}" if name and len(parts) > 1 else parts[0]
            self.form.add_error(name if name in self.form.fields else None, text)

    def errors(self) -> list[dict[str, str]]:
        """Every error, with the id of its field, for the summary at the top of the page."""
        found = []
        for form in [self.form, *self.sectors.forms, *self.shocks.forms]:
            for name, messages in form.errors.items():
                target = form[name].id_for_label if name in form.fields else ""
                label = form.fields[name].label if name in form.fields else ""
                found += [{"id": target, "label": str(label), "message": m} for m in messages]
        return found


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (XLSX)"),
        help_text=_("The round's template, filled in. At most 10 MB."),
    )
    dry_run = forms.BooleanField(
        label=_("Only check and show what would change"), required=False, initial=True
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
