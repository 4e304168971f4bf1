"""Health of the service and what it depends on. No data, only whether things answer."""

from __future__ import annotations

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from redis.backoff import NoBackoff
from redis.retry import Retry

from casefile.models import AuditCheck
from core.brand import brand_css
from documents.checks import scanning_status
from outbox.selectors import backlog_count

BROKER_TIMEOUT_SECONDS = 0.5


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
    # Short timeouts and no retries: a broker that is down or hangs is reported, never waited on.
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=BROKER_TIMEOUT_SECONDS,
        socket_timeout=BROKER_TIMEOUT_SECONDS,
        retry=Retry(NoBackoff(), retries=0),
    )
    try:
        client.ping()
    except Exception:
        return "unreachable"
    finally:
        client.close()
    return "ok"


def _outbox() -> str | None:
    """'backlog' when side effects wait longer than a few minutes (None: unknown)."""
    try:
        return "backlog" if backlog_count() else "ok"
    except Exception:  # no database, no answer; the database field says why
        return None


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
    """ok; degraded (pages work, queued work waits for the broker); unhealthy (503: no pages)."""
    database_ok, pending = _database()
    broker = _broker()
    outbox = _outbox() if database_ok else None
    # Pages keep working while the broker is away or e-mails wait: degraded, not down.
    if not database_ok or pending is not False:
        status = "unhealthy"
    elif broker == "unreachable" or outbox == "backlog":
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {
            "status": status,
            "database": "ok" if database_ok else "unreachable",
            "pending_migrations": pending,
            "broker": broker,
            "outbox": outbox,
            "audit_chain": _audit_chain(),
            # Virus scanning of uploaded documents: "off" (no clamd configured: new versions are
            # marked "niet gescand"), "ok" or "unreachable" (uploads are refused meanwhile).
            "virus_scan": scanning_status(),
        },
        status=503 if status == "unhealthy" else 200,
    )


def brand_stylesheet(request):
    """The municipality's colours as design tokens (core/brand.py); settings only, no data.

    Its URL carries the brand's fingerprint, so browsers may keep it for a year: a new brand is a
    new URL. It is the one answer exempt from no-store (core/headers.py), as it holds nothing
    about anyone.
    """
    response = HttpResponse(brand_css(settings.BRAND), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response.public_asset = True
    return response
