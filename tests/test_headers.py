"""Security headers (issue 10, item 7): CSP, no-store, HSTS, Permissions-Policy.

They are on in development too (DEBUG is on by default), except HSTS, which only production sets.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from portal.models import CopyRequest

from .api.conftest import token_client
from .test_settings import load_settings

pytestmark = pytest.mark.django_db

POLICY_PARTS = [
    "default-src 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
]


def assert_protected(response):
    policy = response["Content-Security-Policy"]
    for part in POLICY_PARTS:
        assert part in policy
    assert "unsafe-inline" not in policy
    assert "no-store" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_dossier_page_carries_csp_and_no_store(world):
    response = world.client_for(world.lead).get(
        reverse("workspace:dossier-detail", args=[world.dossier.pk])
    )
    assert response.status_code == 200
    assert_protected(response)


def test_the_family_page_carries_csp_and_no_store(world):
    response = world.client_for(world.family).get(reverse("portal:family-home"))
    assert response.status_code == 200
    assert_protected(response)


def test_an_api_answer_carries_csp_and_no_store(world):
    response = token_client(world.lead).get(f"/api/v1/dossiers/{world.dossier.pk}/entries/")
    assert response.status_code == 200
    assert_protected(response)


def test_a_view_that_sets_its_own_caching_still_gets_no_store(world):
    # The search answer sets `no-store` itself; the middleware keeps it and adds the rest.
    response = token_client(world.safety).post(
        "/api/v1/households/search/",
        {"name": "Ouder", "birth_date": world.parent.date_of_birth.isoformat()},
        format="json",
    )
    assert response.status_code == 200
    assert_protected(response)


def test_the_pdf_download_carries_no_store(
    world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client = world.client_for(world.lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:copy-create", args=[world.dossier.pk]))
    copy = CopyRequest.objects.get(dossier=world.dossier)
    response = client.get(reverse("portal:copy-download", args=[copy.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_protected(response)
    response.close()


def test_the_login_page_carries_the_headers_too():
    assert_protected(Client().get(reverse("login")))


def test_static_files_keep_their_caching(settings):
    settings.WHITENOISE_USE_FINDERS = (
        True  # serve /static/ without collectstatic, as in development
    )
    response = Client().get(settings.STATIC_URL + "css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    response.close()


def test_swagger_ui_may_use_inline_style_and_nothing_else_is_loosened(world):
    response = world.client_for(world.lead).get("/api/docs/swagger/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "img-src 'self' data:" in policy
    assert "script-src" not in policy  # scripts fall back to default-src 'self'
    assert "frame-ancestors 'none'" in policy
    # Its start-up script is a file, not inline.
    assert b"<script>" not in response.content
    assert Client().get("/api/docs/swagger/?script").status_code == 200


def test_the_admin_is_not_exempt(world):
    response = world.client_for(world.administrator).get("/admin/")
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@override_settings(SECURE_HSTS_SECONDS=31536000)
def test_hsts_with_subdomains_over_https():
    response = Client().get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_production_turns_hsts_on_for_a_year_and_development_does_not():
    code = "import config.settings as s; print(getattr(s, 'SECURE_HSTS_SECONDS', 0))"
    production = load_settings(DEBUG="false", SECRET_KEY="x", code=code)
    development = load_settings(DEBUG="true", code=code)
    shorter = load_settings(DEBUG="false", SECRET_KEY="x", SECURE_HSTS_SECONDS="60", code=code)
    assert production.stdout.split() == ["31536000"]
    assert development.stdout.split() == ["0"]
    assert shorter.stdout.split() == ["60"]


# --- no inline script or style ------------------------------------------------------------------

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"]
# Rendered by WeasyPrint into a PDF, never served to a browser.
NOT_SERVED = {"portal/copy_pdf.html"}
INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),  # a script without src
    re.compile(r"<style\b", re.IGNORECASE),
    re.compile(r"\sstyle\s*=", re.IGNORECASE),
    re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),  # onclick=, onload= …
    re.compile(r"javascript:", re.IGNORECASE),
]


def _templates():
    for directory in TEMPLATE_DIRS:
        for path in sorted(directory.rglob("*.html")):
            name = path.relative_to(directory).as_posix()
            if name not in NOT_SERVED:
                yield name, path


TEMPLATES = dict(_templates())


@pytest.mark.parametrize("name", TEMPLATES)
def test_no_template_has_inline_script_or_style(name):
    text = TEMPLATES[name].read_text(encoding="utf-8")
    found = [pattern.pattern for pattern in INLINE if pattern.search(text)]
    assert not found, f"{name}: {found}"


def test_the_check_would_find_inline_script_and_style():
    samples = ["<script>alert(1)</script>", '<p style="color:red">', '<a onclick="x()">', "<style>"]
    for sample in samples:
        assert any(pattern.search(sample) for pattern in INLINE), sample
    assert not any(
        pattern.search('<script src="/static/x.js" defer></script>') for pattern in INLINE
    )
