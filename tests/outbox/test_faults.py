"""Faults around side effects (issue 11): the broker down or hanging, a worker killed mid-task.

Each asserts: no 500, nothing lost, nothing sent twice. The commit is simulated by running the
on-commit callbacks, as the request's own thread does after a real commit.
"""

from __future__ import annotations

import datetime
import io
import time

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from casefile.models import Dossier
from config.celery import app as celery_app
from outbox import services
from outbox.models import Message

from .conftest import broker_at, closed_port

pytestmark = [pytest.mark.django_db, pytest.mark.fault]

SARA = ["sara@example.org"]


class Killed(BaseException):
    """What SIGKILL leaves behind: no `except Exception` runs, nothing is marked."""


@pytest.fixture
def demo():
    call_command("load_demo", password="demo-pass", stdout=io.StringIO())
    # The demo's own hearing invitations wait in the outbox too; these tests are about sara.
    Message.objects.all().delete()


def anna_adds_sara(capture) -> tuple[object, float]:
    anna = Client()
    assert anna.login(username="anna", password="demo-pass", request=HttpRequest())
    jansen = Dossier.objects.get(household__label="Jansen")
    sara = User.objects.get(username="sara")
    form = reverse("workspace:involvement-create", args=[jansen.pk])
    # She is on the dossier page first, as a person is (the form is on it).
    assert anna.get(reverse("workspace:dossier-detail", args=[jansen.pk])).status_code == 200
    started = time.monotonic()
    with capture(execute=True):
        response = anna.post(
            form,
            {"professional": sara.pk, "expertise": "Veiligheid", "reason": "Zorgen over Daan"},
        )
    return response, time.monotonic() - started


def to_sara(mailoutbox) -> list:
    return [mail for mail in mailoutbox if mail.to == SARA]


def later(**delta) -> datetime.datetime:
    """The relay's clock, moved on: the next attempts lie in the past."""
    return timezone.now() + datetime.timedelta(**(delta or {"minutes": 2}))


def the_message() -> Message:
    return Message.objects.get(task="casefile.tasks.involvement_added_notify")


def test_with_the_broker_down_anna_adds_sara_at_once_and_the_email_waits(
    demo, broker_down, django_capture_on_commit_callbacks, mailoutbox
):
    response, seconds = anna_adds_sara(django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert seconds < 3.0  # about 0.7 s on an idle machine; the margin is for a loaded CI
    assert User.objects.get(username="sara").involvements.filter(ended_at__isnull=True).exists()
    message = the_message()
    assert message.status == Message.Status.PENDING
    assert message.attempts == 0
    assert message.last_error == "OperationalError"
    assert message.payload == {"involvement_id": str(message.payload["involvement_id"])}
    assert to_sara(mailoutbox) == []
    # The dossier page shows the change, and no error.
    page = Client()
    page.login(username="anna", password="demo-pass", request=HttpRequest())
    assert page.get(response.url).status_code == 200
    # While the broker stays down the relay keeps it, and says nothing to anyone.
    assert services.messages_relay(now=later()) == 0
    assert the_message().status == Message.Status.PENDING


def test_a_hanging_broker_delays_one_request_by_a_second_at_most(
    demo, broker_hanging, django_capture_on_commit_callbacks
):
    response, seconds = anna_adds_sara(django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert seconds < 4.0  # a one-second connect/read timeout, no retries, no result backend
    assert the_message().status == Message.Status.PENDING
    # The next request does not try the broker again for a while.
    bakker = Dossier.objects.get(household__label="Bakker")
    anna = Client()
    anna.login(username="anna", password="demo-pass", request=HttpRequest())
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        again = anna.post(
            reverse("workspace:involvement-create", args=[bakker.pk]),
            {
                "professional": User.objects.get(username="sara").pk,
                "expertise": "Veiligheid",
                "reason": "Zorgen",
            },
        )
    assert again.status_code == 302
    assert time.monotonic() - started < 3.0
    assert Message.objects.filter(status=Message.Status.PENDING).count() == 2


def test_when_the_broker_is_back_the_email_is_sent_once(
    demo, django_capture_on_commit_callbacks, mailoutbox
):
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        anna_adds_sara(django_capture_on_commit_callbacks)
    assert to_sara(mailoutbox) == []

    # Back, in-process as without REDIS_URL: the relay (beat or the command) sends it.
    assert services.messages_relay(now=later()) == 1
    assert len(to_sara(mailoutbox)) == 1
    message = the_message()
    assert message.status == Message.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None

    services.messages_relay(now=later(hours=3))
    call_command("relay_outbox", stdout=io.StringIO())
    assert len(to_sara(mailoutbox)) == 1


def test_a_worker_killed_after_sending_does_not_send_again(
    demo, django_capture_on_commit_callbacks, mailoutbox
):
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        anna_adds_sara(django_capture_on_commit_callbacks)
    message = the_message()
    task = celery_app.tasks[message.task]

    def send_then_die(**ids):
        task.effect(**ids)
        raise Killed

    with pytest.raises(Killed):
        services.message_perform(message_id=str(message.pk), effect=send_then_die)
    assert len(to_sara(mailoutbox)) == 1
    assert the_message().status == Message.Status.SENDING

    # acks_late: the unacknowledged task is delivered again, here or to another worker.
    task.apply(kwargs={"message_id": str(message.pk)})
    task.apply(kwargs={"message_id": str(message.pk)})
    # And the relay leaves a fresh claim alone.
    services.messages_relay(now=later(minutes=10))
    call_command("relay_outbox", stdout=io.StringIO())
    assert len(to_sara(mailoutbox)) == 1


def test_a_task_delivered_twice_after_it_finished_sends_once(
    demo, django_capture_on_commit_callbacks, mailoutbox
):
    anna_adds_sara(django_capture_on_commit_callbacks)  # in-process: sent after the commit
    message = the_message()
    task = celery_app.tasks[message.task]

    task.apply(kwargs={"message_id": str(message.pk)})

    assert len(to_sara(mailoutbox)) == 1
    assert the_message().attempts == 1


def test_a_worker_killed_before_sending_is_made_good_after_the_lease(
    demo, django_capture_on_commit_callbacks, mailoutbox
):
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        anna_adds_sara(django_capture_on_commit_callbacks)
    message = the_message()

    def die(**ids):
        raise Killed

    with pytest.raises(Killed):
        services.message_perform(message_id=str(message.pk), effect=die)
    assert to_sara(mailoutbox) == []

    after_the_lease = later(minutes=services.CLAIM_LEASE.total_seconds() / 60 + 1)
    services.messages_relay(now=after_the_lease)
    assert len(to_sara(mailoutbox)) == 1
    services.messages_relay(now=after_the_lease + datetime.timedelta(hours=2))
    assert len(to_sara(mailoutbox)) == 1


def test_the_residual_window_sends_again_at_most_once_with_the_same_message_id(
    demo, django_capture_on_commit_callbacks, mailoutbox
):
    """Killed between the mail server's yes and the UPDATE: one more copy after the lease,
    with the same Message-ID (one e-mail in the reader's mailbox); never a third."""
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        anna_adds_sara(django_capture_on_commit_callbacks)
    message = the_message()
    task = celery_app.tasks[message.task]

    def send_then_die(**ids):
        task.effect(**ids)
        raise Killed

    lease = services.CLAIM_LEASE + datetime.timedelta(minutes=1)
    with pytest.raises(Killed):
        services.message_perform(message_id=str(message.pk), effect=send_then_die)
    # Claimed again after the lease, and killed again after sending.
    services._reopen_lost_claims(timezone.now() + lease)
    with pytest.raises(Killed):
        services.message_perform(message_id=str(message.pk), effect=send_then_die)
    services.messages_relay(now=timezone.now() + lease)

    sent = to_sara(mailoutbox)
    assert len(sent) == 2
    assert sent[0].extra_headers["Message-ID"] == sent[1].extra_headers["Message-ID"]
    assert the_message().status == Message.Status.FAILED  # a person looks; /health/ says so
    services.messages_relay(now=timezone.now() + 2 * lease)
    assert len(to_sara(mailoutbox)) == 2


@pytest.fixture(params=["memory", "redis"])
def working_broker(request, settings):
    """A broker that takes messages: Celery's in-memory transport, and Redis when configured."""
    if request.param == "redis" and not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    url = "memory://localhost/" if request.param == "memory" else settings.REDIS_URL
    with broker_at(url) as queue:
        yield queue


def test_through_a_real_broker_a_redelivered_task_sends_once(
    demo, working_broker, django_capture_on_commit_callbacks, mailoutbox
):
    response, seconds = anna_adds_sara(django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert seconds < 3.0  # the margin is for a loaded CI machine
    assert the_message().last_error == ""  # handed over at once

    # A worker: take the task, run it, "die" before the acknowledgement, get it again.
    with celery_app.connection_for_read() as connection:
        queue = connection.SimpleQueue(working_broker)
        delivery = queue.get(timeout=5)
        assert delivery.headers["task"] == "casefile.tasks.involvement_added_notify"
        _args, kwargs, _embed = delivery.decode()
        assert kwargs == {"message_id": str(the_message().pk)}  # ids only, never a name
        task = celery_app.tasks[delivery.headers["task"]]
        task.apply(kwargs=kwargs)
        delivery.requeue()
        again = queue.get(timeout=5)
        task.apply(kwargs=again.decode()[1])
        again.ack()
        queue.close()

    assert len(to_sara(mailoutbox)) == 1
    assert the_message().status == Message.Status.SENT


def test_a_copy_asked_for_with_the_broker_down_is_made_when_it_is_back(
    world, settings, tmp_path, django_capture_on_commit_callbacks
):
    from portal.models import CopyRequest

    settings.MEDIA_ROOT = tmp_path
    family = world.client_for(world.family)
    with (
        broker_at(f"redis://127.0.0.1:{closed_port()}/0"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = family.post(reverse("portal:family-copy-create"))
    assert response.status_code == 302
    copy = CopyRequest.objects.get()
    assert copy.status == CopyRequest.Status.PENDING

    services.messages_relay(now=later())

    copy.refresh_from_db()
    assert copy.status == CopyRequest.Status.READY
    assert (tmp_path / copy.file_path).is_file()
