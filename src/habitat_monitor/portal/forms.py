from django import forms
from django.utils.translation import gettext_lazy as _


class OfficeContactForm(forms.Form):
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=200)
