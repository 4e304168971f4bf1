"""Who did it: every service records its actor on the audit rows it writes (R12)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from auditlog.context import auditlog_value, set_actor
from django.db import transaction

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def acting_as(actor) -> Iterator[None]:
    """Record `actor` on audit rows written inside, keeping the request's address.

    API requests authenticate by token after the audit middleware ran, and tasks and commands
    have no request at all, so the middleware alone would leave the actor empty.
    """
    try:
        current = auditlog_value.get()
    except LookupError:
        current = None
    if current is not None and current.get("actor") == actor:
        yield
        return
    try:
        with set_actor(
            actor,
            remote_addr=current.get("remote_addr") if current else None,
            remote_port=current.get("remote_port") if current else None,
        ):
            yield
    finally:
        # set_actor does not restore the outer context; without this the rest of the
        # request would write audit rows without an actor.
        if current is not None:
            auditlog_value.set(current)


def service(func: Callable[P, R]) -> Callable[P, R]:
    """A write: one transaction, audit rows carry the keyword argument `actor`."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic(), acting_as(kwargs.get("actor")):
            return func(*args, **kwargs)

    return wrapper
