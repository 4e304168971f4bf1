"""What every API view stands on: authentication and one declared access rule per method.

Every view under `/api/v1/` subclasses `ApiView` and declares `access = {"GET": Access(...)}`:

- `DeclaredAccess` (the only permission class) refuses anonymous callers (401), callers whose
  role may not use the method at all (403, decided before any lookup, so nothing leaks), and
  a handler with no declared rule (fail closed).
- Objects are fetched through `casefile.access` and the selectors (404 when the caller may not
  see them); then `Access.may` decides the action on that object (403 with `refusal`).
  Views that read a dossier stand on `casefile.api.DossierApiView`, which adds that lookup.
- `Access.who` is printed in the OpenAPI description of the method.

`tests/api/test_routes.py` walks the URL resolver and fails for any route whose view does not
follow this, so a new endpoint cannot skip it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission

from core.http import client_address

from .errors import VALIDATION_ERROR_SCHEMA, ConflictOutput, ErrorOutput


@dataclass(frozen=True)
class Access:
    """Who may call one method of an endpoint."""

    who: str  # in words, for the API documentation
    role: Callable[[Any], bool] | None = None  # may this user call it at all? else 403
    role_refusal: str = _("Met uw rol kunt u dit niet doen.")
    may: Callable[[Any, Any], bool] | None = None  # may they do it to this object? else 403
    refusal: str = _("U mag dit niet doen.")
    public: bool = False  # no sign-in needed (only the token endpoint)


class DeclaredAccess(BasePermission):
    """Applies the view's declared `Access` for the request's method."""

    def has_permission(self, request, view) -> bool:
        rule = view.access_rule(request.method)
        user = request.user
        signed_in = user is not None and user.is_authenticated
        if rule is None:
            # No handler (or a method this API does not answer, like OPTIONS): DRF answers 405.
            # A handler without a rule: refused.
            method = request.method.lower()
            unanswered = method not in view.http_method_names or not hasattr(view, method)
            return signed_in and unanswered
        if rule.public:
            return True
        if not signed_in:
            return False  # DRF answers 401
        if rule.role is not None and not rule.role(user):
            self.message = rule.role_refusal
            return False
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        rule = view.access_rule(request.method)
        if rule is None:
            return False
        if rule.may is not None and not rule.may(request.user, obj):
            self.message = rule.refusal
            return False
        return True


class ApiSchema(AutoSchema):
    """Adds who may call each method, from the view's `access`, to its description."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        rule = self.view.access_rule(self.method) if operation is not None else None
        if rule is not None:
            who = f"**Wie mag dit:** {rule.who}"
            description = operation.get("description")
            operation["description"] = f"{description}\n\n{who}" if description else who
        return operation


class Page(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


class ApiView(GenericAPIView):
    permission_classes = [DeclaredAccess]
    # No OPTIONS: every method answers only what its rule allows.
    http_method_names = ["get", "post", "put", "patch", "delete", "head"]
    pagination_class = Page
    schema = ApiSchema()
    access: ClassVar[dict[str, Access]] = {}

    def access_rule(self, method: str) -> Access | None:
        method = method.upper()
        return self.access.get("GET" if method == "HEAD" else method)

    @property
    def remote_addr(self) -> str | None:
        return client_address(self.request)


ERROR_RESPONSES = {
    400: OpenApiResponse(VALIDATION_ERROR_SCHEMA, description=_("Ongeldige invoer.")),
    401: OpenApiResponse(ErrorOutput, description=_("Niet aangemeld.")),
    403: OpenApiResponse(ErrorOutput, description=_("Uw rol mag dit niet.")),
    404: OpenApiResponse(
        ErrorOutput, description=_("Bestaat niet, of u mag het niet zien (of: geen zo'n pagina).")
    ),
    409: OpenApiResponse(
        ConflictOutput,
        description=_(
            "Iemand anders was u voor: het besluit of verzoek is al verder, of de gegevens zijn "
            "intussen gewijzigd (dan staan beide versies erbij). Er is niets veranderd."
        ),
    ),
    429: OpenApiResponse(ErrorOutput, description=_("Te vaak geprobeerd; wacht even.")),
}


def documented(
    *,
    summary: str,
    response,
    status: int = 200,
    request=None,
    errors: tuple[int, ...] = (400, 401, 403, 404),
    **kwargs,
):
    """`extend_schema` with the error shapes this API answers with."""
    responses = {status: response, **{code: ERROR_RESPONSES[code] for code in errors}}
    return extend_schema(summary=summary, request=request, responses=responses, **kwargs)
