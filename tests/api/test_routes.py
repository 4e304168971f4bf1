"""Every route under /api/v1/ requires sign-in and declares an access rule per method.

Generated from the URL resolver: a route added later is checked without anyone listing it.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from core.api.base import ApiView, DeclaredAccess

from .routes import api_routes

ROUTES = api_routes()
# Routes anyone may call without signing in. Adding one here is a security decision.
PUBLIC = {("api:token", "POST")}


def _cases():
    return [
        pytest.param(route, method, id=f"{route.name} {method}")
        for route in ROUTES
        for method in route.methods
    ]


def test_the_api_has_routes():
    names = {route.name for route in ROUTES}
    assert {"api:token", "api:dossier-list", "api:entry-list", "api:access-log"} <= names


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_every_view_stands_on_the_api_base(route):
    assert route.view_class is not None, f"{route.route} is not a class-based API view"
    assert issubclass(route.view_class, ApiView), f"{route.name} must subclass ApiView"
    assert route.view_class.permission_classes == [DeclaredAccess], (
        f"{route.name} replaces the access check"
    )
    assert "options" not in route.view_class.http_method_names


@pytest.mark.parametrize(("route", "method"), _cases())
def test_every_method_declares_who_may_call_it(route, method):
    rule = route.view_class().access_rule(method)
    assert rule is not None, f"{route.name} {method} has no Access rule"
    assert str(rule.who).strip(), f"{route.name} {method} does not say who may call it"
    assert rule.public == ((route.name, method) in PUBLIC)


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method"), _cases())
def test_anonymous_callers_are_refused(route, method):
    if (route.name, method) in PUBLIC:
        pytest.skip("public by design")
    response = APIClient().generic(method, route.path(), "{}", content_type="application/json")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_options_is_not_answered(route):
    response = APIClient().options(route.path())
    assert response.status_code in (401, 403, 405)
