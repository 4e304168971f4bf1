"""`/api/docs/` is a plain page: every endpoint of the schema, readable without JavaScript."""

from __future__ import annotations

import re

from django.test import Client

from .routes import api_routes


def test_the_docs_page_lists_every_endpoint_without_javascript(db):
    response = Client().get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script" not in html.split("</head>")[1]  # nothing in the body needs a script
    for route in api_routes():
        if route.name == "api:not-found":
            continue
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.route)
        for method in route.methods:
            row = f'<code>{method}</code></td>\n        <th scope="row"><code>{path}</code>'
            assert row in html, f"{route.name} {method} is not on /api/docs/"
    assert 'href="/api/schema/"' in html
    assert 'href="/api/docs/swagger/"' in html
    assert "Token ophalen" in html  # the operations' summaries


def test_the_docs_page_needs_no_loosened_policy(db):
    response = Client().get("/api/docs/")

    assert "unsafe-inline" not in response["Content-Security-Policy"]
