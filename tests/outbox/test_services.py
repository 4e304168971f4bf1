"""The outbox: written with the change, performed once, retried with backoff, never raised."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from casefile import notifications
from casefile import services as casefile_services
from casefile.tasks import involvement_added_notify
from outbox import services
from outbox.mail import email_send
from outbox.models import Message
from tests.factories import SafetyUserFactory, open_dossier

pytestmark = pytest.mark.django_db


def add_professional(dossier, **professional):
    return casefile_services.involvement_add(
        actor=dossier.lead,
        dossier=dossier,
        professional=SafetyUserFactory(**professional),
        expertise="Veiligheid",
        reason="Zorgen over de kinderen",
    )


def later(**delta) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(**(delta or {"minutes": 2}))


def test_the_message_is_written_in_the_transaction_of_the_change():
    dossier = open_dossier()
    with pytest.raises(RuntimeError), transaction.atomic():
        add_professional(dossier)
        assert Message.objects.count() == 1
        raise RuntimeError("the change fails after all")
    assert not Message.objects.exists()


def test_it_holds_ids_only():
    dossier = open_dossier()
    involvement = add_professional(dossier, first_name="Sara", email="sara@example.org")
    message = Message.objects.get()
    assert message.payload == {"involvement_id": str(involvement.pk)}
    assert message.task == "casefile.tasks.involvement_added_notify"
    assert "Sara" not in str(message.payload) and "sara@" not in message.key


def test_it_refuses_anything_but_ids_and_unknown_names():
    with transaction.atomic():
        with pytest.raises(TypeError):
            services.message_add(task=involvement_added_notify, involvement_id={"name": "Sara"})
        with pytest.raises(TypeError):
            services.message_add(task=involvement_added_notify, involvment_id="1")


def test_it_refuses_to_queue_outside_a_transaction(monkeypatch):
    monkeypatch.setattr(transaction.get_connection(), "in_atomic_block", False)
    with pytest.raises(RuntimeError, match="inside the transaction"):
        services.message_add(task=involvement_added_notify, involvement_id="1")


def test_the_same_change_queues_one_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        first = services.message_add(task=involvement_added_notify, involvement_id="42")
        second = services.message_add(task=involvement_added_notify, involvement_id="42")
    assert first.pk == second.pk
    assert len(callbacks) == 1
    assert first.key == "casefile.tasks.involvement_added_notify:42"


def test_the_idempotency_key_is_unique_in_the_database():
    Message.objects.create(task="t", key="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(task="t", key="same")


def test_a_failing_effect_is_never_raised_and_is_tried_again_later(
    django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    def mail_server_down(**kwargs):
        raise ConnectionRefusedError("smtp.example.org:25 for sara@example.org")

    monkeypatch.setattr(notifications, "email_send", mail_server_down)
    dossier = open_dossier()
    with django_capture_on_commit_callbacks(execute=True):
        add_professional(dossier, email="sara@example.org")
    message = Message.objects.get()
    assert message.status == Message.Status.PENDING
    assert message.attempts == 1
    assert message.last_error == "ConnectionRefusedError"  # the class only: no address
    wait = message.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=50) < wait <= services.MIN_DELAY

    assert services.messages_relay() == 0  # not due yet
    monkeypatch.undo()
    assert services.messages_relay(now=later()) == 1
    assert len(mailoutbox) == 1
    assert Message.objects.get().status == Message.Status.SENT


def test_the_wait_doubles_with_the_age_of_the_message_between_a_minute_and_an_hour():
    now = timezone.now()

    def delay(age):
        return services._delay(Message(created_at=now - age), now)

    assert delay(datetime.timedelta(0)) == datetime.timedelta(minutes=1)
    assert delay(datetime.timedelta(minutes=10)) == datetime.timedelta(minutes=10)
    assert delay(datetime.timedelta(days=2)) == datetime.timedelta(hours=1)


def test_it_gives_up_after_the_last_attempt_and_health_says_so(
    django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    def broken(**kwargs):
        raise ValueError

    monkeypatch.setattr(notifications, "email_send", broken)
    dossier = open_dossier()
    add_professional(dossier)
    Message.objects.update(attempts=services.MAX_ATTEMPTS - 1, next_attempt_at=timezone.now())
    services.messages_relay()
    assert Message.objects.get().status == Message.Status.FAILED
    health = Client().get("/health/").json()
    assert (health["status"], health["outbox"]) == ("degraded", "backlog")

    monkeypatch.undo()
    out = io.StringIO()
    call_command("relay_outbox", retry_failed=True, stdout=out)
    assert "1 failed message(s) opened again" in out.getvalue()
    assert len(mailoutbox) == 1
    assert Client().get("/health/").json()["outbox"] == "ok"


def test_the_command_reports_what_it_did(mailoutbox):
    dossier = open_dossier()
    add_professional(dossier)  # not committed here: waits in the outbox
    Message.objects.update(next_attempt_at=timezone.now())
    out = io.StringIO()
    call_command("relay_outbox", stdout=out)
    assert out.getvalue().strip() == "1 handed over; 0 pending, 0 sending, 0 failed."
    assert len(mailoutbox) == 1


def test_a_backlog_older_than_five_minutes_makes_health_degraded_not_down():
    dossier = open_dossier()
    add_professional(dossier)
    assert Client().get("/health/").json()["outbox"] == "ok"  # just written: not a backlog
    Message.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=6))
    response = Client().get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["outbox"] == "backlog"


def test_done_messages_are_forgotten_after_a_month():
    Message.objects.create(task="t", key="old", status="sent", sent_at=later(days=-31))
    Message.objects.create(task="t", key="new", status="sent", sent_at=later(days=-1))
    Message.objects.create(task="t", key="waiting", created_at=later(days=-40))
    assert services.messages_purge_sent() == 1
    assert set(Message.objects.values_list("key", flat=True)) == {"new", "waiting"}


def test_an_email_leaves_only_through_the_outbox():
    with pytest.raises(RuntimeError, match="through the outbox"):
        email_send(subject="Hallo", body="Hallo", to="someone@example.org")


def test_every_message_carries_one_message_id_of_its_own(
    django_capture_on_commit_callbacks, mailoutbox
):
    dossier = open_dossier()
    with django_capture_on_commit_callbacks(execute=True):
        add_professional(dossier, email="a@example.org")
        add_professional(dossier, email="b@example.org")
    ids = [mail.extra_headers["Message-ID"] for mail in mailoutbox]
    assert ids == [f"<{m.pk}@127.0.0.1>" for m in Message.objects.order_by("created_at")]


APPS = ("accounts", "households", "casefile", "safety", "procedures", "portal", "reports")


def test_no_app_sends_or_queues_a_side_effect_around_the_outbox():
    root = Path(__file__).resolve().parents[2]
    around = re.compile(r"\.delay\(|\.apply_async\(|send_mail\(|EmailMessage\(|on_commit\(")
    offenders = [
        f"{path.relative_to(root)}: {line.strip()}"
        for app in APPS
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts
        for line in path.read_text().splitlines()
        if around.search(line)
    ]
    assert offenders == []
