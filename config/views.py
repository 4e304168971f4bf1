"""Health of the service and what it depends on. No data, only whether things answer."""

from __future__ import annotations

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse

from outbox.selectors import backlog_count


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


def _outbox() -> str | None:
    """'backlog' when side effects wait longer than a few minutes (None: unknown)."""
    try:
        return "backlog" if backlog_count() else "ok"
    except Exception:  # no database, no answer; the database field says why
        return None


def health(request):
    database_ok, pending = _database()
    broker = _broker()
    outbox = _outbox() if database_ok else None
    healthy = database_ok and pending is False and broker != "unreachable"
    # Pages keep working while e-mails wait: degraded, not down.
    status = "unhealthy" if not healthy else "degraded" if outbox == "backlog" else "ok"
    return JsonResponse(
        {
            "status": status,
            "database": "ok" if database_ok else "unreachable",
            "pending_migrations": pending,
            "broker": broker,
            "outbox": outbox,
        },
        status=200 if healthy else 503,
    )
