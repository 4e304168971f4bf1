from __future__ import annotations

from celery import shared_task

from .services import report_snapshots_refresh_running


@shared_task
def report_snapshots_refresh_task() -> int:
    """Keep the running periods' reports fresh, so analysts rarely wait for the counting."""
    return report_snapshots_refresh_running()
