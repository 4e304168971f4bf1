"""/health/: database, broker, migrations and the outbox, as JSON, with no data."""

from __future__ import annotations

import socket
import time

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
        "outbox": "ok",
        "audit_chain": "unchecked",
        "virus_scan": "off",
    }


@pytest.mark.django_db
def test_it_needs_no_sign_in_and_shows_no_data():
    response = Client().get("/health/")

    assert set(response.json()) == {
        "status",
        "database",
        "pending_migrations",
        "broker",
        "outbox",
        "audit_chain",
        "virus_scan",
    }


@pytest.mark.django_db
def test_an_unreachable_broker_is_degraded_not_down(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    started = time.monotonic()
    response = Client().get("/health/")

    assert time.monotonic() - started < 2
    assert response.status_code == 200  # pages keep working; queued work waits
    assert response.json()["broker"] == "unreachable"
    assert response.json()["status"] == "degraded"


@pytest.mark.django_db
def test_a_broker_that_accepts_but_never_answers_is_not_waited_on(settings):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        settings.REDIS_URL = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"

        started = time.monotonic()
        response = Client().get("/health/")

    assert time.monotonic() - started < 2
    assert response.json()["status"] == "degraded"


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
        "outbox": None,  # unknown
        "audit_chain": "unknown",
        "virus_scan": "off",
    }
    assert b"secret-host" not in response.content
