"""The last route under /api/v1/: unknown paths and malformed ids get a JSON 404."""

from __future__ import annotations

from django.http import Http404
from django.urls import re_path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from .base import Access, ApiView


@extend_schema_view(
    **{method: extend_schema(exclude=True) for method in ("get", "post", "put", "patch", "delete")}
)
class NotFoundView(ApiView):
    """Unknown paths and malformed ids answer a JSON 404, not the HTML page."""

    access = {
        method: Access(who=_("Iedereen die is aangemeld."))
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
    }

    def get(self, request, *args, **kwargs):
        raise Http404

    post = put = patch = delete = get


not_found = re_path(r"^.*/$", NotFoundView.as_view(), name="not-found")
