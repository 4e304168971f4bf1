"""What a request says about where it came from."""

from __future__ import annotations


def client_address(request) -> str | None:
    """The address of the client, as the audit log records it (R12)."""
    return request.META.get("REMOTE_ADDR")
