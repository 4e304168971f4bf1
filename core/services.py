"""Who did it: every service records its actor on the audit rows it writes (R12)."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from auditlog import get_logentry_model
from auditlog.context import _set_extra_data, auditlog_value
from django.conf import settings
from django.db import transaction
from django.db.models.signals import pre_save
from django.utils import translation

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def acting_as(actor) -> Iterator[None]:
    """Record `actor` on audit rows written inside, keeping the request's address.

    API requests authenticate by token after the audit middleware ran, and tasks and commands
    have no request at all, so the middleware alone would leave the actor empty. auditlog's own
    `set_actor` neither restores an enclosing context nor uses a unique receiver id, so nested
    or back-to-back calls could lose the actor; this does the same work and restores exactly.
    """
    try:
        enclosing = auditlog_value.get()
    except LookupError:
        enclosing = {}
    duid = ("acting_as", uuid.uuid4().hex)
    context = {
        "actor": actor,
        "remote_addr": enclosing.get("remote_addr"),
        "remote_port": enclosing.get("remote_port"),
        "signal_duid": duid,
    }
    token = auditlog_value.set(context)
    log_entry = get_logentry_model()
    pre_save.connect(
        functools.partial(_set_extra_data, signal_duid=duid),
        sender=log_entry,
        dispatch_uid=duid,
        weak=False,
    )
    try:
        yield
    finally:
        pre_save.disconnect(sender=log_entry, dispatch_uid=duid)
        auditlog_value.reset(token)


def service(func: Callable[P, R]) -> Callable[P, R]:
    """A write: one transaction, audit rows carry the keyword argument `actor`.

    Text a service stores (timeline lines, summaries of what happened) is written in the
    dossier's language, Dutch, whatever language the person acting has chosen for the screens;
    so are its refusals.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with (
            transaction.atomic(),
            acting_as(kwargs.get("actor")),
            translation.override(settings.LANGUAGE_CODE),
        ):
            return func(*args, **kwargs)

    return wrapper
