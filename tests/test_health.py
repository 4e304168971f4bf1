"""/health/: database, broker and migrations, as JSON, with no data."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_it_reports_a_healthy_service(settings):
    settings.REDIS_URL = ""

    response = Client().get("/health/")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "pending_migrations": False,
        "broker": "in-process",
        "audit_chain": "unchecked",
    }


@pytest.mark.django_db
def test_it_needs_no_sign_in_and_shows_no_data():
    response = Client().get("/health/")

    assert set(response.json()) == {
        "status",
        "database",
        "pending_migrations",
        "broker",
        "audit_chain",
    }


@pytest.mark.django_db
def test_an_unreachable_broker_is_unhealthy(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    response = Client().get("/health/")

    assert response.status_code == 503
    assert response.json()["broker"] == "unreachable"
    assert response.json()["status"] == "unhealthy"


@pytest.mark.django_db
def test_pending_migrations_are_unhealthy(monkeypatch):
    from config import views

    monkeypatch.setattr(views, "_database", lambda: (True, True))

    response = Client().get("/health/")

    assert response.status_code == 503
    assert response.json()["pending_migrations"] is True


@pytest.mark.django_db
def test_an_unreachable_database_is_unhealthy_and_says_nothing_more(monkeypatch, settings):
    from django.db import OperationalError, connections

    settings.REDIS_URL = ""

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: secret-host:5432")

    monkeypatch.setattr(connections["default"], "cursor", refuse)

    response = Client().get("/health/")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unhealthy",
        "database": "unreachable",
        "pending_migrations": None,  # unknown
        "broker": "in-process",
        "audit_chain": "unknown",
    }
    assert b"secret-host" not in response.content
