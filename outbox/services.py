"""The transactional outbox: every side effect (e-mail, PDF copy, file removal) leaves through here.

    service (in its transaction) ── message_add ──▶ Message: pending
    after commit ── message_hand_over ──▶ Celery (or in-process without REDIS_URL)
    worker ── message_perform: claim pending→sending ▶ the effect ▶ sent
    beat / `manage.py relay_outbox` ── messages_relay ──▶ hands over what is still due

A request never waits on the broker: it hands its own messages over once, with a one-second
connect timeout, no publish retries and no result backend; if the broker does not take them they
stay pending and the relay tries again, waiting as long as the message has already waited
(at least a minute, at most an hour): exponential backoff without a counter. Without
`REDIS_URL` (tasks always eager) the effect runs in-process after the commit, as before; a
failure is recorded and retried by the relay, never shown to the user.

Once, not twice. `message_perform` claims the row with one conditional UPDATE (pending→sending)
before the effect and marks it sent right after, so a task delivered twice (`acks_late`, a
worker killed before its acknowledgement, a message handed over twice) performs the effect once.
The residual window, honestly: a worker that dies *after claiming* leaves the row "sending";
after `CLAIM_LEASE` the relay opens it again, because nobody can tell whether the effect
happened. If the worker died before or during the effect, that is the one delivery; if it died
in the milliseconds between the mail server accepting the e-mail and the UPDATE to "sent", it is
sent a second time, a quarter of an hour later. So a message is sent again at most once: a claim
lost a second time makes it "failed". Both copies of an e-mail carry the same Message-ID, made
from the message (outbox/mail.py): a mailbox that deduplicates by Message-ID (Gmail does) shows
the reader one, others show two. A message is never lost silently: after `MAX_ATTEMPTS` failures or two lost
claims it is "failed" and /health/ says degraded until someone runs
`relay_outbox --retry-failed`.

Why our own small table and not django-celery-outbox (0.4.3, its PyPI page and docs read): it
replaces the Celery app class and relays from a separate daemon with SELECT … FOR UPDATE SKIP
LOCKED, which SQLite (our default database) lacks; its relay is that daemon, where we need the
effect to run in-process, after the commit, on a machine without Redis; and it makes publishing
at-least-once but leaves the consumer's idempotency to us ("consumers still need to be
idempotent"), which is the part that keeps a family from getting an e-mail twice. What remains is Celery's own machinery
(`transaction.on_commit`, `acks_late`, `reject_on_worker_lost`) plus this table, as the issue
suggests.
"""

from __future__ import annotations

import datetime
import inspect
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from .models import Message

logger = logging.getLogger(__name__)

# Seconds a request may spend connecting to the broker before it leaves the message pending.
BROKER_TIMEOUT = 1.0
# After the broker refused, this process does not try it again for a while (requests stay fast).
BROKER_QUIET_SECONDS = 30.0
MIN_DELAY = datetime.timedelta(minutes=1)
MAX_DELAY = datetime.timedelta(hours=1)
# A claim older than this belongs to a worker that died; tasks are killed long before it.
CLAIM_LEASE = datetime.timedelta(minutes=15)
TASK_TIME_LIMIT = 5 * 60
MAX_ATTEMPTS = 20
# Performed messages are kept this long, then removed (their keys no longer needed).
KEEP_SENT = datetime.timedelta(days=30)

_broker_quiet_until = 0.0
# The message whose effect runs now: an e-mail takes its Message-ID from it (outbox/mail.py).
performing: ContextVar[Message | None] = ContextVar("outbox_performing", default=None)


class BrokerQuiet(Exception):
    """The broker refused a moment ago; the message waits for the relay."""


def message_add(*, task, key: str | None = None, **ids: str | int | uuid.UUID) -> Message:
    """Queue `task(**ids)` to run once after the current transaction commits.

    Called inside the service's transaction, so the message exists exactly when the change
    does. `ids` are ids only (no names, no text); `key` defaults to the task and its ids, so
    the same change queues its message once however often it is submitted.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("message_add belongs inside the transaction of the change")
    payload = {}
    for name, value in ids.items():
        if not isinstance(value, str | int | uuid.UUID):
            raise TypeError(f"Outbox payload {name} must be an id, not {type(value).__name__}")
        payload[name] = str(value) if isinstance(value, uuid.UUID) else value
    inspect.signature(task.effect).bind(**payload)  # a typo fails now, not in a worker
    key = key or ":".join([task.name, *(str(payload[name]) for name in sorted(payload))])
    now = timezone.now()
    message, created = Message.objects.get_or_create(
        key=key,
        # The commit hands it over at once; the relay takes it only if that did not work.
        defaults={"task": task.name, "payload": payload, "next_attempt_at": now + MIN_DELAY},
    )
    if created:
        transaction.on_commit(lambda: message_hand_over(message=message))
    return message


def _delay(message: Message, now: datetime.datetime) -> datetime.timedelta:
    """Wait as long as the message has waited already: doubling, between a minute and an hour."""
    return min(max(now - message.created_at, MIN_DELAY), MAX_DELAY)


@contextmanager
def _broker() -> Iterator[object | None]:
    """A connection that gives up fast (None when tasks run in-process)."""
    if current_app.conf.task_always_eager:
        yield None
        return
    if time.monotonic() < _broker_quiet_until:
        raise BrokerQuiet
    connection = current_app.connection_for_write(
        connect_timeout=BROKER_TIMEOUT,
        transport_options={
            "max_retries": 0,
            "socket_connect_timeout": BROKER_TIMEOUT,
            "socket_timeout": BROKER_TIMEOUT,
        },
    )
    try:
        yield connection
    finally:
        connection.release()


def _publish(message: Message, connection) -> None:
    task = current_app.tasks[message.task]
    if connection is None:
        task.apply_async(kwargs={"message_id": str(message.pk)})  # in-process, now
    else:
        task.apply_async(
            kwargs={"message_id": str(message.pk)},
            connection=connection,
            retry=False,
            ignore_result=True,
        )


def _note_refusal(message: Message, error: Exception) -> None:
    global _broker_quiet_until
    if not (current_app.conf.task_always_eager or isinstance(error, BrokerQuiet)):
        _broker_quiet_until = time.monotonic() + BROKER_QUIET_SECONDS
    now = timezone.now()
    Message.objects.filter(pk=message.pk, status=Message.Status.PENDING).update(
        next_attempt_at=now + _delay(message, now), last_error=type(error).__name__[:100]
    )
    logger.warning(
        "outbox: message %s (%s) not handed over (%s); the relay tries again",
        message.pk,
        message.task,
        type(error).__name__,
    )


def message_hand_over(*, message: Message) -> bool:
    """Give one message to Celery. Never raises: a message not taken stays pending."""
    try:
        with _broker() as connection:
            _publish(message, connection)
    except Exception as error:  # the broker, the network, anything: the row keeps the message
        _note_refusal(message, error)
        return False
    return True


def messages_relay(*, limit: int = 100, now: datetime.datetime | None = None) -> int:
    """Hand over the messages that are due (run by beat and `manage.py relay_outbox`).

    Returns how many were handed over. Several relays may run at once: each takes its turn on a
    row by moving `next_attempt_at` with a conditional UPDATE, so a row goes to one of them.
    """
    now = now or timezone.now()
    _reopen_lost_claims(now)
    due = Message.objects.filter(status=Message.Status.PENDING, next_attempt_at__lte=now).order_by(
        "next_attempt_at"
    )[:limit]
    handed = 0
    try:
        with _broker() as connection:
            for message in due:
                took_turn = Message.objects.filter(
                    pk=message.pk,
                    status=Message.Status.PENDING,
                    next_attempt_at=message.next_attempt_at,
                ).update(next_attempt_at=now + _delay(message, now))
                if not took_turn:
                    continue
                try:
                    _publish(message, connection)
                except Exception as error:
                    _note_refusal(message, error)
                    break  # the broker is down: the rest waits for the next round
                handed += 1
    except BrokerQuiet:
        pass
    return handed


def _reopen_lost_claims(now: datetime.datetime) -> None:
    """A claim older than the lease belongs to a worker that died: open it again, once."""
    lost = Message.objects.filter(status=Message.Status.SENDING, claimed_at__lt=now - CLAIM_LEASE)
    # The second time a claim is lost the message is given up: a person looks (--retry-failed).
    lost.filter(reclaimed=True).update(status=Message.Status.FAILED, last_error="WorkerLost")
    lost.update(
        status=Message.Status.PENDING, reclaimed=True, next_attempt_at=now, last_error="WorkerLost"
    )


def messages_retry_failed() -> int:
    """Give up on giving up: failed messages become pending again (an operator's decision)."""
    return Message.objects.filter(status=Message.Status.FAILED).update(
        status=Message.Status.PENDING, attempts=0, reclaimed=False, next_attempt_at=timezone.now()
    )


def messages_purge_sent(*, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    deleted, _ = Message.objects.filter(
        status=Message.Status.SENT, sent_at__lt=now - KEEP_SENT
    ).delete()
    return deleted


def message_perform(*, message_id: str, effect: Callable[..., object]) -> bool:
    """Perform one message's effect at most once; True if it was performed now.

    The claim and the mark are single conditional UPDATEs, each its own transaction, so a
    second delivery finds the row no longer pending and does nothing. An effect that fails
    leaves the row pending for the relay (or failed after `MAX_ATTEMPTS`); nothing is raised,
    so an in-process run never reaches the user and a worker acknowledges the delivery.
    """
    now = timezone.now()
    with transaction.atomic():
        claimed = Message.objects.filter(pk=message_id, status=Message.Status.PENDING).update(
            status=Message.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    if not claimed:
        logger.info("outbox: message %s is not pending; delivered again, skipped", message_id)
        return False
    message = Message.objects.get(pk=message_id)
    token = performing.set(message)
    try:
        # Worker or in-process, the text comes out in the same language: the dossier's.
        with translation.override(settings.LANGUAGE_CODE):
            effect(**message.payload)
    except Exception as error:  # any failure is retried; only its class name is kept
        _fail(message, error)
        return False
    finally:
        performing.reset(token)
    with transaction.atomic():
        Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(
            status=Message.Status.SENT, sent_at=timezone.now(), last_error=""
        )
    return True


def _fail(message: Message, error: Exception) -> None:
    now = timezone.now()
    gave_up = message.attempts >= MAX_ATTEMPTS
    Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(
        status=Message.Status.FAILED if gave_up else Message.Status.PENDING,
        next_attempt_at=now + _delay(message, now),
        last_error=type(error).__name__[:100],
    )
    logger.log(
        logging.ERROR if gave_up else logging.WARNING,
        "outbox: message %s (%s) failed with %s, attempt %d%s",
        message.pk,
        message.task,
        type(error).__name__,
        message.attempts,
        "; given up" if gave_up else "; tried again later",
    )
