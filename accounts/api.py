"""Signing in through the API: a token for a username and password (DESIGN §5)."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
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
        "`LOGIN_MAX_FAILURES` (standaard 5) verkeerde wachtwoorden voor één naam vanaf één adres, "
        "of `LOGIN_MAX_FAILURES_PER_ADDRESS` (standaard 20) voor alle namen samen vanaf één adres, "
        "volgt een pauze (429), net als bij het aanmelden op de site.",
    )
    def post(self, request):
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        # With the request, axes counts this like the sign-in page, or this would bypass its pause.
        user = authenticate(request, **data.validated_data)
        if user is None:
            if getattr(request, "axes_locked_out", False):
                raise Throttled(detail=login.lockout_message())
            raise ValidationError(
                {"non_field_errors": [_("Gebruikersnaam of wachtwoord klopt niet.")]}
            )
        # A token is a sign-in: the signal login() sends, so axes clears this name's count.
        user_logged_in.send(sender=type(user), request=request, user=user)
        # DRF's own ObtainAuthToken does exactly this; the token row is not case data.
        token, _created = Token.objects.get_or_create(user=user)
        return Response(TokenOutput({"token": token.key}).data)


urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
]
