"""What a request says about where it came from.

Behind reverse proxies every request comes from the last proxy's address. Each proxy appends
the address it saw to `X-Forwarded-For`, but the client writes the start of that header itself,
so only the entries the trusted proxies added can be believed. `TRUSTED_PROXY_COUNT` (default
0: no proxy, the header is ignored) says how many there are; the client is the address the
outermost of them saw. Sign-in limits (django-axes), access events and the audit log all use
this one address (R12).
"""

from __future__ import annotations

import ipaddress

from auditlog.middleware import AuditlogMiddleware as _AuditlogMiddleware
from django.conf import settings


def client_address(request) -> str | None:
    """The client's address: `REMOTE_ADDR`, or the one the outermost trusted proxy saw."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    chain = [*hops, remote]
    candidate = chain[-(count + 1)] if len(chain) > count else chain[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote  # not an address: a misconfigured proxy, never the client's word


class AuditlogMiddleware(_AuditlogMiddleware):
    """django-auditlog's middleware, with the client address decided here, not taken from the
    first `X-Forwarded-For` entry (which any client can write)."""

    @staticmethod
    def _get_remote_addr(request):
        return client_address(request)

    @staticmethod
    def _get_remote_port(request):
        return None
