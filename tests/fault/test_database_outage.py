"""The database drops out mid-request: a calm 503 (JSON in the API), and the next request works."""

from __future__ import annotations

import logging

import pytest
from django.db import OperationalError, close_old_connections, connection
from django.test import Client
from django.urls import reverse

from tests.api.conftest import token_client

pytestmark = [pytest.mark.fault]


class DropOnce:
    """A query wrapper that fails the first query touching `table`, as a dropped connection does."""

    def __init__(self, table: str, drop=None):
        self.table = table
        self.drop = drop
        self.dropped = False

    def __call__(self, execute, sql, params, many, context):
        if not self.dropped and self.table in sql:
            self.dropped = True
            if self.drop is None:
                raise OperationalError("server closed the connection unexpectedly (db-host:5432)")
            self.drop()
        return execute(sql, params, many, context)


def _dossier_page(world):
    return reverse("workspace:dossier-detail", args=[world.dossier.pk])


def _assert_calm_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Gezinsdossier is even niet bereikbaar" in page
    assert "Probeer het over een minuut opnieuw" in page
    assert "db-host" not in page and "Traceback" not in page


@pytest.mark.django_db
def test_a_page_gets_a_calm_503_and_the_next_request_works(world, caplog):
    client = world.client_for(world.lead)

    with (
        caplog.at_level(logging.WARNING, logger="core.outage"),
        connection.execute_wrapper(DropOnce("casefile_entry")),
    ):
        _assert_calm_page(client.get(_dossier_page(world)))

    assert client.get(_dossier_page(world)).status_code == 200
    logged = caplog.text
    assert f"answered 503 for GET {_dossier_page(world)}" in logged
    assert "db-host" not in logged and "lead" not in logged


@pytest.mark.django_db
def test_the_api_answers_json_503(world):
    client = token_client(world.lead)
    url = f"/api/v1/dossiers/{world.dossier.pk}/entries/"

    with connection.execute_wrapper(DropOnce("casefile_entry")):
        response = client.get(url)

    assert response.status_code == 503
    assert response.json() == {
        "detail": "De database is even niet bereikbaar. Wat u net stuurde, is misschien niet "
        "opgeslagen. Probeer het over een minuut opnieuw."
    }
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_drop_inside_the_session_middleware_is_a_calm_503_too(world):
    # The session is first read by the audit middleware, before any view runs; Django turns that
    # into a 500 at the middleware's own layer (the test client would re-raise it: not here).
    client = Client(raise_request_exception=False)
    client.force_login(world.lead)

    with connection.execute_wrapper(DropOnce("django_session")):
        _assert_calm_page(client.get(reverse("home")))

    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_a_drop_while_signing_in_is_a_calm_503(world, client):
    with connection.execute_wrapper(DropOnce("axes_accessattempt")):
        response = client.post(reverse("login"), {"username": "lead", "password": "verkeerd"})

    _assert_calm_page(response)
    ok = client.post(reverse("login"), {"username": "lead", "password": "secret-pass-123"})
    assert ok.status_code == 302


def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…): SQLite has no server to drop")


def _terminate_this_connection():
    """End this connection's server process from another connection, as a restart does."""
    import psycopg

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    def terminate():
        with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [backend])

    return terminate


@pytest.mark.django_db(transaction=True)
def test_postgresql_dropping_a_kept_connection_between_requests_goes_unnoticed(world):
    _needs_postgresql()
    client = world.client_for(world.lead)
    assert client.get(_dossier_page(world)).status_code == 200
    connection.close_at = None  # kept, as with DB_CONN_MAX_AGE > 0

    _terminate_this_connection()()
    close_old_connections()  # the WSGI handler's request boundary (the test client leaves it out)

    # CONN_HEALTH_CHECKS: the dead connection is noticed before the request uses it, and replaced.
    assert client.get(_dossier_page(world)).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_postgresql_terminating_the_connection_mid_request(world):
    """A real drop: another connection ends this one's server process while the page is built."""
    _needs_postgresql()
    client = world.client_for(world.lead)
    terminate = _terminate_this_connection()

    with connection.execute_wrapper(DropOnce("casefile_entry", drop=terminate)):
        _assert_calm_page(client.get(_dossier_page(world)))

    # What the WSGI handler does between requests (the test client leaves it out): a connection
    # that failed is tested and replaced.
    close_old_connections()
    assert client.get(_dossier_page(world)).status_code == 200
