"""Stored municipality reports (reports.services, reports.tasks): reused, refreshed, final."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from accounts.models import Municipality
from households.models import Household, Member
from reports import figures, services
from reports.models import ReportSnapshot
from reports.periods import current_year, period_parse
from reports.tasks import report_snapshots_refresh_task
from tests.casefile.report_world import PERSONAL, ReportWorld, at
from tests.factories import MunicipalityFactory, open_dossier

# Noon today: an hour later is still today, so a running period's snapshot can be fresh.
NOW = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(12)))


@pytest.fixture
def report_world(db, settings):
    settings.REPORT_ROUNDING = 1  # the exact counts of the hand-built world
    return ReportWorld()


def _get(world, period, now=NOW):
    return services.report_get_or_refresh(municipality=world.utrecht, period=period, now=now)


def _rows(report):
    return [
        (f.section, f.key, f.label, f.value, f.unit, f.suppressed, f.note, f.reason)
        for f in report.figures
    ]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_stored_report_equals_the_figures_counted_directly(report_world, language):
    period = period_parse("2024")
    services.report_snapshot_refresh(municipality=report_world.utrecht, period=period, now=NOW)

    with translation.override(language):
        stored = _get(report_world, period)
        direct = figures.municipality_report(municipality=report_world.utrecht, period=period)

    assert _rows(stored) == _rows(direct)
    assert stored.notes == direct.notes
    assert (stored.date_from, stored.date_to, stored.computed_at) == (
        direct.date_from,
        direct.date_to,
        NOW,
    )


def test_a_fresh_snapshot_is_read_in_one_query(report_world):
    period = current_year()
    _get(report_world, period)

    with CaptureQueriesContext(connection) as queries:
        report = _get(report_world, period, now=NOW + datetime.timedelta(minutes=59))

    assert len(queries) == 1
    assert report.computed_at == NOW


def test_a_running_period_is_counted_again_once_older_than_the_maximum_age(report_world, settings):
    settings.REPORT_MAX_AGE_MINUTES = 60
    period = current_year()
    _get(report_world, period)
    later = NOW + datetime.timedelta(minutes=61)

    report = _get(report_world, period, now=later)

    assert report.computed_at == later
    assert ReportSnapshot.objects.get(period=period.code).computed_at == later


def test_a_snapshot_counted_after_its_period_ended_is_final(report_world):
    period = period_parse("2024")
    _get(report_world, period)
    dossier = open_dossier(lead=report_world.lead, members=1)
    dossier.opened_at = at(2024, 6, 1)
    dossier.save()

    with CaptureQueriesContext(connection) as queries:
        report = _get(report_world, period, now=NOW + datetime.timedelta(days=400))

    assert len(queries) == 1
    assert report.computed_at == NOW


def test_a_snapshot_counted_while_the_period_ran_is_counted_again_after_it_ended(report_world):
    period = period_parse("2024")
    during = timezone.make_aware(datetime.datetime(2024, 12, 31, 23, 30))
    services.report_snapshot_refresh(municipality=report_world.utrecht, period=period, now=during)
    assert ReportSnapshot.objects.get().date_to == datetime.date(2024, 12, 31)

    report = _get(report_world, period, now=during + datetime.timedelta(minutes=40))

    assert report.computed_at == during + datetime.timedelta(minutes=40)  # now final


def test_a_running_period_is_counted_again_on_a_new_day(report_world):
    first = timezone.make_aware(datetime.datetime(2025, 3, 4, 23, 50))
    period = period_parse("2025", today=first.date())
    services.report_snapshot_refresh(municipality=report_world.utrecht, period=period, now=first)
    after_midnight = first + datetime.timedelta(minutes=20)

    report = _get(report_world, period, now=after_midnight)

    assert report.date_to == datetime.date(2025, 3, 5)


def test_other_suppression_settings_count_the_report_again(report_world, settings):
    period = period_parse("2024")
    _get(report_world, period)
    settings.REPORT_ROUNDING = 5

    report = _get(report_world, period, now=NOW + datetime.timedelta(minutes=1))

    assert report.rounding == 5
    assert all(f.value % 5 == 0 for f in report.figures if f.unit == "count" and f.value)


def test_there_is_one_snapshot_per_municipality_and_period(report_world):
    period = period_parse("2024")
    for minutes in (0, 1):
        services.report_snapshot_refresh(
            municipality=report_world.utrecht,
            period=period,
            now=NOW + datetime.timedelta(minutes=minutes),
        )

    assert ReportSnapshot.objects.filter(municipality=report_world.utrecht).count() == 1


def test_a_snapshot_holds_only_published_counts(report_world):
    _get(report_world, period_parse("2024"))

    snapshot = ReportSnapshot.objects.get()
    stored = json.dumps(snapshot.figures)
    for figure in snapshot.figures:
        assert set(figure) == set(services.STORED)
        assert figure["value"] is None or isinstance(figure["value"], int | float)
        assert figure["value"] is None or not figure["suppressed"]
    for word in PERSONAL:
        assert word not in stored
    for label in Household.objects.values_list("label", flat=True):
        assert label not in stored
    for member in Member.objects.all():
        assert member.date_of_birth.isoformat() not in stored
        assert str(member.pk) not in stored and str(member.household_id) not in stored


def test_the_task_refreshes_the_running_periods_of_every_municipality(db):
    MunicipalityFactory(code="GM0344", name="Utrecht")
    MunicipalityFactory(code="GM0307", name="Amersfoort")
    today = timezone.localdate()
    running = {str(today.year), f"{today.year}-Q{(today.month + 2) // 3}", f"{today:%Y-%m}"}

    count = report_snapshots_refresh_task.delay().get()

    stored = set(ReportSnapshot.objects.values_list("municipality__code", "period"))
    codes = set(Municipality.objects.values_list("code", flat=True))
    assert count == len(stored) == 3 * len(codes)
    assert stored == {(code, period) for code in codes for period in running}
