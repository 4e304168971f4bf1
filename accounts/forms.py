from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _


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


class SecondFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("De 6 cijfers uit uw authenticator-app, of een van uw herstelcodes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class SecondFactorSetupForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit de app"),
        max_length=10,
        help_text=_("De 6 cijfers die de app nu toont."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
