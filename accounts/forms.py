from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from households.models import Member


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class FamilyAccountForm(forms.Form):
    member = MemberChoiceField(
        label=_("Voor wie?"), queryset=Member.objects.none(), widget=forms.RadioSelect
    )
    email = forms.EmailField(
        label=_("E-mailadres van dit gezinslid"),
        help_text=_("Hierheen sturen we een link om een wachtwoord te kiezen."),
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["member"].queryset = members


class SetPasswordForm(forms.Form):
    new_password1 = forms.CharField(
        label=_("Kies een wachtwoord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
        strip=False,
    )
    new_password2 = forms.CharField(
        label=_("Typ het wachtwoord nog een keer"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password1") != cleaned.get("new_password2"):
            self.add_error("new_password2", _("De twee wachtwoorden zijn niet hetzelfde."))
        return cleaned
