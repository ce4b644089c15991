from django import forms
from django.utils.translation import gettext_lazy as _

MAX_PLAN_FILE_BYTES = 2 * 1024 * 1024


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Plan file (YAML)"),
        help_text=_("A plan file as described in the plan-file reference. At most 2 MB."),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PLAN_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        try:
            return str(upload.read().decode("utf-8"))
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
