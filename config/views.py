"""Health of the service and what it depends on. No data, only whether things answer."""

from __future__ import annotations

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse

from casefile.models import AuditCheck


def _database() -> tuple[bool, bool | None]:
    """Whether the database answers, and whether migrations are pending (None: unknown)."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except Exception:  # any failure means "not healthy"; the reason stays out of the answer
        return False, None
    return True, pending


def _broker() -> str:
    if not settings.REDIS_URL:
        return "in-process"
    try:
        import redis

        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except Exception:
        return "unreachable"
    return "ok"


def _audit_chain() -> str:
    """The last daily walk along the audit chain (casefile.seals): ok, broken or unchecked.

    A broken chain is a finding for the administrators, not an outage: the status stays as is.
    """
    try:
        last = AuditCheck.objects.order_by("-checked_at", "-id").first()
    except Exception:  # the database is reported above
        return "unknown"
    if last is None:
        return "unchecked"
    return "ok" if last.intact else "broken"


def health(request):
    database_ok, pending = _database()
    broker = _broker()
    healthy = database_ok and pending is False and broker != "unreachable"
    return JsonResponse(
        {
            "status": "ok" if healthy else "unhealthy",
            "database": "ok" if database_ok else "unreachable",
            "pending_migrations": pending,
            "broker": broker,
            "audit_chain": _audit_chain(),
        },
        status=200 if healthy else 503,
    )
