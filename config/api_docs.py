"""`/api/docs/`: the API's endpoints as a plain page, readable without JavaScript.

The list comes from the same OpenAPI document as `/api/schema/` (drf-spectacular), so it never
drifts from the code. Swagger UI stays available at `/api/docs/swagger/` for those who want to
try requests in the browser; it needs JavaScript and is not the page the docs link leads to.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import get_language
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularSwaggerSplitView

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    anchor: str


@dataclass(frozen=True)
class Group:
    name: str
    operations: list[Operation]


@functools.cache
def _groups(language: str | None) -> tuple[str, list[Group]]:
    """The schema's operations grouped by resource, in the schema's order (one build per language)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    groups: dict[str, list[Operation]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            # Grouped by resource: /api/v1/dossiers/… under "dossiers".
            tag = path.strip("/").split("/")[2] if path.count("/") > 3 else path
            summary = operation.get("summary") or operation.get("description", "").split("\n")[0]
            groups.setdefault(tag, []).append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=summary,
                    anchor=operation.get("operationId", f"{method}-{path}"),
                )
            )
    description = schema.get("info", {}).get("description", "")
    return description, [Group(name, operations) for name, operations in groups.items()]


def api_docs(request):
    description, groups = _groups(get_language())
    context = {
        "title": settings.SPECTACULAR_SETTINGS.get("TITLE", "API"),
        "version": settings.SPECTACULAR_SETTINGS.get("VERSION", ""),
        "description": description,
        "groups": groups,
    }
    return render(request, "api/docs.html", context)


# Swagger UI's page brings a <style> block and its stylesheet draws icons from data: URLs; its
# scripts are files (the split view serves the start-up script at ?script, not inline).
# Only this one page may use inline style and data: images; inline script stays refused.
api_docs_swagger = csp_update({"style-src": [SELF, UNSAFE_INLINE], "img-src": [SELF, "data:"]})(
    SpectacularSwaggerSplitView.as_view(url_name="api-schema")
)
