"""Signing in through the API: a token for a username, password and TOTP code (DESIGN §5)."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.urls import path
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import Throttled
from rest_framework.response import Response
from rest_framework.serializers import ValidationError

from core.api import Access, ApiView, documented

from . import login, second_factor, tokens
from .models import ApiToken


class TokenInput(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})
    otp = serializers.CharField(
        max_length=20,
        required=False,
        help_text="De code uit de authenticator-app (of een herstelcode). Verplicht voor elk "
        "account behalve dat van een gezinslid; wie de tweede stap nog niet heeft ingesteld, "
        "doet dat eerst op de website.",
    )


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()
    expires = serializers.DateTimeField()


class TokenView(ApiView):
    authentication_classes = []
    access = {"POST": Access(who=_("Iedereen met een actief account."), public=True)}

    @documented(
        summary="Token ophalen",
        request=TokenInput,
        response=TokenOutput,
        errors=(400, 429),
        description="Stuur het token mee als `Authorization: Token <token>`. Het token verloopt "
        "na `API_TOKEN_HOURS` (standaard 8) uur, en meteen als het wachtwoord of de tweede stap "
        "verandert. Medewerkers (iedereen behalve gezinsleden) krijgen alleen een token met een "
        "geldige code uit hun authenticator-app of een herstelcode; zonder ingestelde tweede "
        "stap is er geen token. Een verkeerde code telt mee als mislukte poging. Na "
        "`LOGIN_MAX_FAILURES` (standaard 5) verkeerde wachtwoorden voor één naam vanaf één adres, "
        "of `LOGIN_MAX_FAILURES_PER_ADDRESS` (standaard 20) voor alle namen samen vanaf één adres, "
        "volgt een pauze (429), net als bij het aanmelden op de site.",
    )
    def post(self, request):
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        code = data.validated_data.pop("otp", "")
        # With the request, axes counts this like the sign-in page, or this would bypass its pause.
        user = authenticate(request, **data.validated_data)
        if user is None:
            if getattr(request, "axes_locked_out", False):
                raise Throttled(detail=login.lockout_message())
            raise ValidationError(
                {"non_field_errors": [_("Gebruikersnaam of wachtwoord klopt niet.")]}
            )
        _check_second_factor(request, user, code, data.validated_data["username"])
        # A token is a sign-in: the signal login() sends, so axes clears this name's count.
        user_logged_in.send(sender=type(user), request=request, user=user)
        token, key = tokens.api_token_create(user=user)
        return Response(TokenOutput({"token": key, "expires": token.expires}).data)


def _check_second_factor(request, user, code: str, username: str) -> None:
    """Every account that needs a second factor (all staff) gets a token only with a confirmed
    device and a right code: a password alone is never enough, also before enrolment.

    A wrong code counts as a failed sign-in for axes (the same pause as wrong passwords), on
    top of django-otp's own growing wait per device."""
    if not user.needs_second_factor:
        return
    if not second_factor.second_factor_enrolled(user):
        raise ValidationError(
            {
                "otp": [
                    _(
                        "Voor dit account is nog geen tweede stap ingesteld. Log eerst in op de "
                        "website en koppel daar uw authenticator-app."
                    )
                ]
            }
        )
    if not code or not code.strip():
        raise ValidationError({"otp": [_("Vul de code uit uw authenticator-app in.")]})
    if second_factor.second_factor_check(user=user, code=code) is None:
        user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
        if getattr(request, "axes_locked_out", False):
            raise Throttled(detail=login.lockout_message())
        raise ValidationError({"otp": [_("Deze code klopt niet.")]})


class LogoutOutput(serializers.Serializer):
    detail = serializers.CharField()


class LogoutView(ApiView):
    access = {"POST": Access(who=_("Wie met een token is aangemeld: dat token vervalt."))}

    @documented(summary="Token intrekken", response=LogoutOutput, errors=(400, 401, 403))
    def post(self, request):
        if not isinstance(request.auth, ApiToken):
            raise ValidationError(
                {"non_field_errors": [_("Alleen een token kan zo worden ingetrokken.")]}
            )
        tokens.api_token_revoke(token=request.auth)
        return Response(LogoutOutput({"detail": _("Het token is ingetrokken.")}).data)


urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("auth/logout/", LogoutView.as_view(), name="logout"),
]
