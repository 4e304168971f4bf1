"""The OpenAPI document validates, documents every endpoint, and the docs work offline."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client

from .routes import api_routes


def test_the_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))


@pytest.fixture
def schema(db):
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_every_documented_operation_says_who_may_call_it_and_its_errors(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            assert "**Wie mag dit:**" in operation["description"], (path, method)
            assert operation.get("summary"), (path, method)
            codes = set(operation["responses"])
            assert codes & {"200", "201"}, (path, method)
            if path != "/api/v1/auth/token/":
                assert {"401", "403"} <= codes, (path, method)


def test_every_route_but_the_catch_all_is_documented(schema):
    documented = {
        (path, method.upper())
        for path, operations in schema["paths"].items()
        for method in operations
    }
    for route in api_routes():
        if route.name == "api:not-found":
            continue
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.route)
        for method in route.methods:
            assert (path, method) in documented, f"{route.name} {method} is not in the schema"


def test_the_interactive_docs_load_without_network(db):
    html = Client().get("/api/docs/swagger/").content.decode()

    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert any("swagger-ui" in asset for asset in assets)
    for asset in assets:
        assert asset.startswith("/"), f"{asset} is not served by this site"
    assert "cdn" not in html.lower()
    assert "//unpkg" not in html and "jsdelivr" not in html


def test_the_docs_assets_are_served(db, settings):
    html = Client().get("/api/docs/swagger/").content.decode()
    static = [a for a in re.findall(r"""src=["']([^"']+)["']""", html) if a.startswith("/static/")]

    from django.contrib.staticfiles import finders

    for asset in static:
        assert finders.find(asset.removeprefix(settings.STATIC_URL)), asset
