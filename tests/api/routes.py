"""Every route under /api/v1/, found by walking the URL resolver (not a hand-kept list)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

API_PREFIX = "api/v1/"
HANDLERS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class ApiRoute:
    name: str  # "api:entry-list"
    route: str  # "api/v1/dossiers/<uuid:dossier_id>/entries/"
    view_class: type
    kwargs: tuple[str, ...]  # names of the URL's parameters

    @property
    def methods(self) -> list[str]:
        return [m.upper() for m in HANDLERS if hasattr(self.view_class, m)]

    def path(self, **values) -> str:
        """A concrete path; parameters not given get a random UUID."""
        if not self.route.startswith(API_PREFIX) or "(" in self.route or "^" in self.route:
            return "/" + API_PREFIX + "no-such-thing/"
        path = self.route
        for name in self.kwargs:
            value = values.get(name, uuid.uuid4())
            start = path.index("<")
            path = path[:start] + str(value) + path[path.index(">", start) + 1 :]
        return "/" + path


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from _walk(pattern.url_patterns, route, ns)
        elif isinstance(pattern, URLPattern):
            yield route, namespace, pattern


def api_routes() -> list[ApiRoute]:
    routes = []
    for route, namespace, pattern in _walk(get_resolver().url_patterns):
        if not route.startswith(API_PREFIX):
            continue
        kwargs = tuple(re.findall(r"<(?:\w+:)?(\w+)>", route))
        name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
        view_class = getattr(pattern.callback, "view_class", None) or getattr(
            pattern.callback, "cls", None
        )
        routes.append(ApiRoute(name=name, route=route, view_class=view_class, kwargs=kwargs))
    return routes
