from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casefile.forms import DateInput, MemberForm

from .models import NetworkContact


class HouseholdEditForm(forms.Form):
    label = forms.CharField(label=_("Naam van het huishouden"), max_length=100)
    street_address = forms.CharField(
        label=_("Straat en huisnummer"), max_length=200, required=False
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False)
    city = forms.CharField(label=_("Woonplaats"), max_length=100, required=False)
    confidential_address = forms.BooleanField(
        label=_("Geheim adres (bijvoorbeeld opvang)"), required=False
    )


class MemberEditForm(MemberForm):
    pass


class MemberLeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Uit het huishouden op"), widget=DateInput())


class NetworkContactForm(forms.ModelForm):
    class Meta:
        model = NetworkContact
        fields = ["name", "relation", "phone", "email"]
