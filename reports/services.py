"""Stored municipality reports (R16): count one and store it, or read it back while fresh.

A snapshot counted after its period had ended is final: the period's figures are published as
they were then. A snapshot of a running period is used while it is younger than
`REPORT_MAX_AGE_MINUTES` and counted up to today; otherwise the request that asks counts it again
(no broker, no beat needed), and `reports.tasks` keeps the running periods fresh in between.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from accounts.models import Municipality

from . import periods
from .figures import Figure, Report, figure_label, figure_note, municipality_report
from .models import ReportSnapshot
from .periods import Period

# What a snapshot keeps of each figure: labels and notes are made again in the reader's language.
STORED = ("section", "key", "value", "unit", "suppressed", "reason")


def report_snapshot_refresh(
    *, municipality: Municipality, period: Period, now: datetime.datetime | None = None
) -> Report:
    """Count one report and store (or replace) its snapshot; returns the report."""
    now = now or timezone.now()
    report = municipality_report(
        municipality=municipality, period=period, today=timezone.localdate(now)
    )
    report.computed_at = now
    snapshot = ReportSnapshot(
        municipality=municipality,
        period=period.code,
        date_from=report.date_from,
        date_to=report.date_to,
        computed_at=now,
        min_count=report.min_count,
        rounding=report.rounding,
        figures=[{name: getattr(figure, name) for name in STORED} for figure in report.figures],
    )
    # One statement, and two requests counting the same report at once both succeed.
    ReportSnapshot.objects.bulk_create(
        [snapshot],
        update_conflicts=True,
        unique_fields=["municipality", "period"],
        update_fields=["date_from", "date_to", "computed_at", "min_count", "rounding", "figures"],
    )
    return report


def report_get_or_refresh(
    *, municipality: Municipality, period: Period, now: datetime.datetime | None = None
) -> Report:
    """The published report: from its snapshot while that is fresh, else counted now."""
    now = now or timezone.now()
    snapshot = ReportSnapshot.objects.filter(municipality=municipality, period=period.code).first()
    if snapshot is not None and snapshot_is_fresh(snapshot, period=period, now=now):
        return _report_from(snapshot, municipality=municipality, period=period)
    return report_snapshot_refresh(municipality=municipality, period=period, now=now)


def snapshot_is_fresh(snapshot: ReportSnapshot, *, period: Period, now: datetime.datetime) -> bool:
    if (snapshot.min_count, snapshot.rounding) != (
        settings.REPORT_MIN_COUNT,
        settings.REPORT_ROUNDING,
    ):
        return False  # published under other rules
    if timezone.localdate(snapshot.computed_at) > period.last_day:
        return True  # counted after the period ended: final
    today = timezone.localdate(now)
    if today > period.last_day or snapshot.date_to != period.until(today):
        return False  # counted while the period ran, or up to an earlier day
    return now - snapshot.computed_at < datetime.timedelta(minutes=settings.REPORT_MAX_AGE_MINUTES)


def report_snapshots_refresh_running(*, now: datetime.datetime | None = None) -> int:
    """Refresh this year's, quarter's and month's report of every municipality; returns how many."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    running = [
        periods.period_parse(code, today=today)
        for code in (f"{today.year}", f"{today.year}-Q{(today.month + 2) // 3}", f"{today:%Y-%m}")
    ]
    count = 0
    for municipality in Municipality.objects.order_by("code"):
        for period in running:
            report_snapshot_refresh(municipality=municipality, period=period, now=now)
            count += 1
    return count


def _report_from(snapshot: ReportSnapshot, *, municipality: Municipality, period: Period) -> Report:
    return Report(
        municipality=municipality,
        period=period,
        date_from=snapshot.date_from,
        date_to=snapshot.date_to,
        min_count=snapshot.min_count,
        rounding=snapshot.rounding,
        figures=[
            Figure(
                **stored,
                label=figure_label(stored["key"]),
                note=figure_note(stored["reason"], min_count=snapshot.min_count),
            )
            for stored in snapshot.figures
        ],
        computed_at=snapshot.computed_at,
    )
