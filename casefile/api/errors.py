"""Every API error as JSON: `{"detail": "..."}`, or per-field messages for bad input.

Services speak Django (`ValidationError`, `PermissionDenied`, `Http404`); this one handler
translates them, so views never catch them one by one. Set as `EXCEPTION_HANDLER` in settings.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=_validation_detail(exc))
    # DRF turns Http404 and Django's PermissionDenied into 404 and 403 itself, keeping the message.
    return drf_exception_handler(exc, context)


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


VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Wat er mis is met de invoer: per veld een lijst met meldingen; `non_field_errors` of "
        "`detail` voor wat niet bij één veld hoort."
    ),
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
