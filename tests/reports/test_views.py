"""The report page and API read the stored report and say when it was counted."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from reports import services
from reports.models import ReportSnapshot
from reports.periods import current_year, period_parse
from tests.api.conftest import token_client
from tests.casefile.report_world import ReportWorld

PAGE = "/rapportages/"
API = "/api/v1/reports/municipality/"
COUNTED = timezone.make_aware(datetime.datetime(2026, 12, 7, 14, 5))


@pytest.fixture
def report_world(db, settings):
    settings.REPORT_ROUNDING = 1  # the exact counts of the hand-built world
    return ReportWorld()


@pytest.fixture
def stored_2024(report_world):
    """The 2024 report, counted on 7 December 2026 at 14:05 (after 2024 ended: final)."""
    services.report_snapshot_refresh(
        municipality=report_world.utrecht, period=period_parse("2024"), now=COUNTED
    )


def test_the_page_says_when_the_figures_were_counted(stored_2024, world, client_for):
    html = client_for(world.analyst).get(PAGE, {"period": "2024"}).content.decode()

    assert "Bijgewerkt op 7 december 2026 om 14:05." in html


def test_the_page_says_it_in_english_too(stored_2024, world, client_for):
    response = client_for(world.analyst).get(PAGE, {"period": "2024"}, HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert "Updated on 7 December 2026 at 14:05." in html
    assert "All measures: at start" in html  # labels are made in the reader's language


def test_the_api_gives_the_time_as_iso(stored_2024, world):
    data = token_client(world.analyst).get(API + "?period=2024").json()

    assert datetime.datetime.fromisoformat(data["computed_at"]) == COUNTED


def test_the_schema_documents_the_time(db):
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    field = schema["components"]["schemas"]["ReportOutput"]["properties"]["computed_at"]
    assert field["format"] == "date-time"
    assert "computed_at" in schema["components"]["schemas"]["ReportOutput"]["required"]


# Session, user, its second factor, organisation, its municipalities, the one asked for, the
# snapshot: the figures are not counted again.
PAGE_QUERIES = 7


def test_the_page_reuses_a_fresh_snapshot(
    stored_2024, world, client_for, django_assert_num_queries
):
    client = client_for(world.analyst)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(PAGE, {"period": "2024"})

    assert response.status_code == 200


# The token with its user and organisation, the municipality asked for, the snapshot.
API_QUERIES = 3


def test_the_api_reuses_a_fresh_snapshot(stored_2024, world, django_assert_num_queries):
    client = token_client(world.analyst)
    with django_assert_num_queries(API_QUERIES):
        response = client.get(API + "?period=2024")

    assert response.status_code == 200


def test_a_stale_snapshot_is_counted_again_by_the_page(report_world, world, client_for):
    period = current_year()
    stale = timezone.now() - datetime.timedelta(hours=2)
    services.report_snapshot_refresh(municipality=report_world.utrecht, period=period, now=stale)

    response = client_for(world.analyst).get(PAGE, {"period": period.code})

    assert response.status_code == 200
    assert ReportSnapshot.objects.get(period=period.code).computed_at > stale


def test_the_first_request_counts_and_stores_the_report(report_world, world):
    response = token_client(world.analyst).get(API + "?period=2024")

    assert response.status_code == 200
    assert ReportSnapshot.objects.filter(municipality=report_world.utrecht, period="2024").exists()


def test_a_failing_broker_does_not_break_the_page(report_world, world, client_for):
    # A request counts a missing or stale report itself: it never waits for Celery.
    with mock.patch("celery.app.task.Task.apply_async", side_effect=ConnectionError("no broker")):
        response = client_for(world.analyst).get(PAGE, {"period": "2024"})

    assert response.status_code == 200
