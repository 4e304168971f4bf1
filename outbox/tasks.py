"""The Celery side of the outbox: the decorator for effect tasks, and the periodic relay."""

from __future__ import annotations

from collections.abc import Callable

from celery import shared_task

from . import services


def side_effect(effect: Callable[..., object]):
    """Make `effect(**ids)` the Celery task that performs an outbox message at most once.

    Queue it with `outbox.services.message_add(task=<the task>, **ids)`; the task itself takes
    the message id, claims the message and calls `effect` with the ids it holds. `acks_late`
    and `reject_on_worker_lost` make a killed worker's message come back; the claim makes the
    second delivery do nothing.
    """

    def run(message_id: str) -> bool:
        return services.message_perform(message_id=message_id, effect=effect)

    run.__name__ = effect.__name__
    run.__qualname__ = effect.__qualname__
    run.__module__ = effect.__module__
    run.__doc__ = effect.__doc__
    task = shared_task(
        name=f"{effect.__module__}.{effect.__name__}",
        acks_late=True,
        reject_on_worker_lost=True,
        ignore_result=True,
        time_limit=services.TASK_TIME_LIMIT,
    )(run)
    task.effect = effect
    return task


@shared_task(ignore_result=True)
def outbox_relay_task() -> int:
    """Every minute (beat): hand over what is due, and forget what was done a month ago."""
    services.messages_purge_sent()
    return services.messages_relay()
