from django import forms
from django.utils.translation import gettext_lazy as _

MAX_IMPORT_BYTES = 200 * 1024 * 1024
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
BACKGROUND_IMPORT_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_("Use the template of this submission. At most 200 MB."),
    )
    decimal_comma = forms.BooleanField(
        label=_("Numbers use a decimal comma (12,5)"), required=False
    )
    dry_run = forms.BooleanField(
        label=_("Only check and show what would change"), required=False, initial=True
    )
    background = forms.BooleanField(
        label=_("Run in the background and show progress (always, for files over 5 MB)"),
        required=False,
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
        return upload


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence file"),
        help_text=_("PDF, PNG, JPEG, CSV, TXT, XLSX, DOCX or PPTX, at most 10 MB."),
    )
    description = forms.CharField(label=_("Description"), max_length=255, required=False)
