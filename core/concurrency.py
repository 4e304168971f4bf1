"""Two people at once: a stale form never overwrites, and a state changes only once.

Services call these inside their transaction (`core.services.service`):

- `lock(instance)` rereads a row under a row lock (SELECT … FOR UPDATE), so a state check sees
  the newest state and a second, simultaneous transition waits for the first and then refuses.
- `check_version(instance, expected, …)` does the same for an editable record and refuses when
  its `version` is no longer the one the form was loaded with; the caller then bumps it with
  `next_version` and saves through the ORM, so django-auditlog records the change (R12).

Both raise `Conflict`, a `ValidationError`: pages show it like any refusal, the API answers 409.
On SQLite `select_for_update` is a no-op; there the database's own write lock serialises the
transactions, and the recheck inside the transaction still refuses the second.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=models.Model)

STALE_MESSAGE = _(
    "Iemand anders heeft dit intussen gewijzigd. Er is niets opgeslagen. Hieronder ziet u wat "
    "er nu staat, naast uw eigen tekst. Neem over wat u wilt houden en sla opnieuw op."
)


class Conflict(ValidationError):
    """Someone else changed it first. `current` and `submitted` say what each side holds."""

    def __init__(
        self,
        message,
        *,
        current: Mapping[str, Any] | None = None,
        submitted: Mapping[str, Any] | None = None,
    ):
        super().__init__(message, code="conflict")
        self.current = dict(current or {})
        self.submitted = dict(submitted or {})


def lock(instance: M) -> M:
    """Reread `instance` in place under a row lock; call inside a transaction."""
    queryset = type(instance)._default_manager.select_for_update()
    instance.refresh_from_db(from_queryset=queryset)
    return instance


def check_version(
    instance: models.Model,
    expected: int | None,
    *,
    fields: Iterable[str],
    submitted: Mapping[str, Any],
) -> None:
    """Lock the row; refuse with both versions if it changed since `expected` was read.

    `expected` None means the caller loaded no version (a script, an older client): the row is
    still locked, so its save is not interleaved, but the last write wins.
    """
    lock(instance)
    if expected is not None and expected != instance.version:
        raise Conflict(
            STALE_MESSAGE,
            current={field: getattr(instance, field) for field in fields}
            | {"version": instance.version},
            submitted={**submitted, "version": expected},
        )


def next_version(instance: models.Model) -> None:
    """The next version, to be saved with the change."""
    instance.version += 1
