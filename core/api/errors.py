"""Every API error as JSON: `{"detail": "..."}`, or per-field messages for bad input.

Services speak Django (`ValidationError`, `PermissionDenied`, `Http404`); this one handler
translates them, so views never catch them one by one. Set as `EXCEPTION_HANDLER` in settings.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core.concurrency import Conflict
from core.parsers import NestedTooDeep

TOO_BIG_MESSAGE = _("Wat u stuurde is te groot. Maak de tekst korter of stuur minder tegelijk.")
BAD_REQUEST_MESSAGE = _("Wat u stuurde kunnen we niet lezen.")


def exception_handler(exc, context):
    if isinstance(exc, Conflict):
        return Response(_conflict_body(exc), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, RequestDataTooBig):
        # Django would answer its HTML 400 page; the body is over DATA_UPLOAD_MAX_MEMORY_SIZE.
        return Response(
            {"detail": str(TOO_BIG_MESSAGE)}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=_validation_detail(exc))
    elif isinstance(exc, exceptions.ParseError) and not isinstance(exc, NestedTooDeep):
        # DRF's text names the parser's own error, in English.
        exc = exceptions.ParseError(_("De inhoud is geen geldige JSON."))
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF"):
        exc = exceptions.PermissionDenied(
            _(
                "Het CSRF-token ontbreekt of klopt niet. Stuur de X-CSRFToken-header mee, "
                "of gebruik een token (Authorization: Token …)."
            )
        )
    # DRF turns Http404 and Django's PermissionDenied into 404 and 403 itself, keeping the message.
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = _in_dutch(response.data)
    return response


def _conflict_body(conflict: Conflict) -> dict:
    """409: what went wrong, and for an edit both versions, so the client can merge them."""
    body: dict = {"detail": " ".join(conflict.messages)}
    if conflict.current or conflict.submitted:
        body["current"] = conflict.current
        body["submitted"] = conflict.submitted
    return body


# DRF messages its Dutch catalogue leaves in English (or in the informal "je"), as DRF renders
# them, with what we say instead.
_DRF_MESSAGES = {
    "Not a valid string.": _("Vul hier tekst in."),
    "No data provided": _("Er is niets meegestuurd."),
    "Must be a valid boolean.": _("Vul true of false in."),
    "Je hebt geen toestemming om deze actie uit te voeren.": _("U mag dit niet doen."),
}


def _in_dutch(data):
    if isinstance(data, dict):
        return {key: _in_dutch(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_in_dutch(value) for value in data]
    if isinstance(data, ErrorDetail):
        text = str(data)
        if text in _DRF_MESSAGES:
            return ErrorDetail(str(_DRF_MESSAGES[text]), code=data.code)
        if text.startswith("Date heeft het verkeerde formaat"):
            return ErrorDetail(str(DATE_MESSAGE), code=data.code)
    return data


DATE_MESSAGE = _("Schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2026-01-31.")


def _validation_detail(error: DjangoValidationError) -> dict[str, list[str]] | dict[str, str]:
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
    return {"detail": " ".join(error.messages)}


# --- the shapes, for the OpenAPI document ---------------------------------------------------


class ErrorOutput(serializers.Serializer):
    detail = serializers.CharField(help_text="Wat er misging, in gewone taal.")


class ConflictOutput(serializers.Serializer):
    detail = serializers.CharField(help_text="Wat er misging, in gewone taal.")
    current = serializers.DictField(
        required=False, help_text="Bij een wijziging: wat er nu is opgeslagen, met `version`."
    )
    submitted = serializers.DictField(
        required=False, help_text="Bij een wijziging: wat u stuurde, met uw `version`."
    )


VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Wat er mis is met de invoer: per veld een lijst met meldingen; `non_field_errors` of "
        "`detail` voor wat niet bij één veld hoort."
    ),
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
