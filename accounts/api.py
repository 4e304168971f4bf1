"""Signing in through the API: a token for a username and password (DESIGN §5)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from django.urls import path
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import Throttled
from rest_framework.response import Response
from rest_framework.serializers import ValidationError

from core.api import Access, ApiView, documented

from . import login


class TokenInput(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()


class TokenView(ApiView):
    authentication_classes = []
    access = {"POST": Access(who=_("Iedereen met een actief account."), public=True)}

    @documented(
        summary="Token ophalen",
        request=TokenInput,
        response=TokenOutput,
        errors=(400, 429),
        description="Stuur het token mee als `Authorization: Token <token>`. Na "
        "`LOGIN_MAX_FAILURES` (standaard 5) verkeerde wachtwoorden voor één naam vanaf één adres "
        "volgt een pauze (429), net als bij het aanmelden op de site.",
    )
    def post(self, request):
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        username = data.validated_data["username"]
        # The same pause after wrong passwords as the sign-in page, or this would bypass it.
        if login.sign_in_blocked(request, username):
            raise Throttled(
                detail=_(
                    "U heeft te vaak een verkeerd wachtwoord ingevuld. Probeer het over "
                    "%(minutes)s minuten opnieuw."
                )
                % {"minutes": settings.LOGIN_LOCKOUT_SECONDS // 60}
            )
        user = authenticate(request, **data.validated_data)
        if user is None:
            login.sign_in_failed(request, username)
            raise ValidationError(
                {"non_field_errors": [_("Gebruikersnaam of wachtwoord klopt niet.")]}
            )
        login.sign_in_succeeded(request, username)
        # DRF's own ObtainAuthToken does exactly this; the token row is not case data.
        token, _created = Token.objects.get_or_create(user=user)
        return Response(TokenOutput({"token": token.key}).data)


urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
]
