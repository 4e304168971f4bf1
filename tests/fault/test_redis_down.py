"""Redis stopped or never there: signing in (page and token) and reading pages still work."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.otp import recovery_code, second_factor_given

from .conftest import DEMO_PASSWORD, RECOVERY_CODES

pytestmark = [pytest.mark.fault]


def _point_at(settings, url: str) -> None:
    settings.REDIS_URL = url
    settings.CELERY_BROKER_URL = url
    settings.CELERY_RESULT_BACKEND = url


def _use_the_site(world) -> list[int]:
    """Sign in on the page and for a token, open pages: every status code on the way."""
    page = Client()
    token = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "lead", "password": "secret-pass-123", "otp": recovery_code(world.lead)},
        format="json",
    )
    signed_in = page.post(reverse("login"), {"username": "lead", "password": "secret-pass-123"})
    second_factor_given(page, world.lead)  # the second step (django-otp) needs no Redis either
    wrong = Client().post(reverse("login"), {"username": "involved", "password": "verkeerd"})
    assert signed_in.status_code == 302
    assert wrong.status_code == 200 and "wachtwoord" in wrong.content.decode().lower()
    assert token.status_code == 200
    api = APIClient(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    return [
        page.get(reverse("home")).status_code,
        page.get(reverse("workspace:dossier-list")).status_code,
        page.get(reverse("workspace:dossier-detail", args=[world.dossier.pk])).status_code,
        api.get("/api/v1/dossiers/").status_code,
        api.get(f"/api/v1/dossiers/{world.dossier.pk}/entries/").status_code,
    ]


@pytest.mark.django_db
def test_signing_in_and_pages_work_when_redis_is_stopped(world, settings, redis_server):
    _point_at(settings, redis_server.url)
    assert Client().get("/health/").json()["broker"] == "ok"  # it was really there

    redis_server.stop()

    assert _use_the_site(world) == [200] * 5
    health = Client().get("/health/")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"


@pytest.mark.django_db
def test_signing_in_and_pages_work_when_redis_was_never_there(world, settings, closed_port_url):
    _point_at(settings, closed_port_url)

    assert _use_the_site(world) == [200] * 5
    assert Client().get("/health/").json() == {
        "status": "degraded",
        "database": "ok",
        "pending_migrations": False,
        "broker": "unreachable",
        "outbox": "ok",
        "audit_chain": "unchecked",
        "virus_scan": "off",
    }


@pytest.mark.slow
def test_the_running_app_keeps_serving_when_its_redis_stops(start_app, redis_server):
    """The real settings with REDIS_URL, in gunicorn: nothing in a request's path needs Redis."""
    app = start_app(REDIS_URL=redis_server.url)
    assert app.browser().get("/health/").json()["status"] == "ok"

    redis_server.stop()

    visitor = app.browser()
    assert visitor.sign_in("anna", "verkeerd").status == 200
    assert visitor.sign_in("anna", DEMO_PASSWORD).status == 302
    assert visitor.second_step(RECOVERY_CODES[0]).status == 302
    assert visitor.get("/").status == 200
    assert visitor.get("/dossiers/").status == 200
    token = app.browser().token("anna", DEMO_PASSWORD, otp=RECOVERY_CODES[1])
    assert token.status == 200
    dossiers = app.browser().get("/api/v1/dossiers/", token=token.json()["token"])
    assert dossiers.status == 200
    dossier = dossiers.json()["results"][0]["id"]
    assert visitor.get(f"/dossiers/{dossier}/").status == 200
    health = app.browser().get("/health/")
    assert (health.status, health.json()["status"]) == (200, "degraded")
    assert "Traceback" not in app.log.read_text()
