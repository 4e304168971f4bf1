"""The hash chain over audit rows and access events (R12, BIO 8.15): `verify_audit` finds a row
changed, removed or added behind the application's back, names it, and the daily check shows the
break on /health/ and mails the administrators without personal data."""

# SQL here is built from table and column names in the test, never from input.
# ruff: noqa: S608

from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from accounts.models import User
from casefile import reads, seals, services
from casefile.models import AccessEvent, AuditCheck, AuditSeal
from casefile.tasks import audit_verify_task
from procedures import services as procedure_services
from tests.factories import AdministratorFactory

pytestmark = pytest.mark.django_db

SECRET = "Vader dronk veel op zaterdag"


def behind_the_back(table: str, statement: str, params=()) -> None:
    """What someone with the owner's rights can do: lift the table's triggers, change a row."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER "{name}"')  # the test's transaction restores it
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no ALTER with checks pending
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute(statement, params)
        if connection.vendor != "sqlite":
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def verify_audit() -> str:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


@pytest.fixture
def trail(world):
    """A dossier with entries, a read and a hearing: audit rows and access events to seal."""
    entry = services.entry_add(actor=world.lead, dossier=world.dossier, text=SECRET)
    reads.record(user=world.involved, dossier=world.dossier, action="view", remote_addr="10.0.0.1")
    reads.record_many(user=world.lead, dossiers=[world.dossier], action="list", remote_addr=None)
    return entry


def test_every_audit_row_and_access_event_is_sealed_and_the_chain_is_intact(trail):
    assert AuditSeal.objects.filter(kind="log").count() == LogEntry.objects.count()
    assert AuditSeal.objects.filter(kind="access").count() == AccessEvent.objects.count()

    assert "intact" in verify_audit()
    assert AuditCheck.objects.get().intact


def test_it_names_an_audit_row_changed_behind_its_back(trail):
    row = LogEntry.objects.filter(object_pk=str(trail.pk)).latest("id")
    behind_the_back(
        "auditlog_logentry",
        "UPDATE auditlog_logentry SET changes_text = 'niets aan de hand' WHERE id = %s",
        [row.pk],
    )

    with pytest.raises(CommandError, match=f"audit row {row.pk} was changed"):
        verify_audit()
    assert not AuditCheck.objects.get().intact


def test_it_names_an_access_event_removed_behind_its_back(trail):
    event = AccessEvent.objects.get(action="view")
    column = AccessEvent._meta.pk.get_db_prep_value(event.pk, connection)
    behind_the_back(
        "casefile_accessevent", "DELETE FROM casefile_accessevent WHERE id = %s", [column]
    )

    with pytest.raises(CommandError, match=f"access event {event.pk} was removed"):
        verify_audit()


def test_it_names_a_row_added_behind_its_back(trail):
    row = LogEntry.objects.latest("id")
    with connection.cursor() as cursor:  # INSERT is allowed, but only the application seals
        cursor.execute(
            "INSERT INTO auditlog_logentry (content_type_id, object_pk, object_repr, action,"
            " changes_text, timestamp, actor_id) SELECT content_type_id, object_pk, object_repr,"
            " action, changes_text, timestamp, actor_id FROM auditlog_logentry WHERE id = %s",
            [row.pk],
        )

    with pytest.raises(CommandError, match=r"audit row \d+ has no seal"):
        verify_audit()


def test_it_names_a_seal_rewritten_behind_its_back(trail):
    seal = AuditSeal.objects.filter(kind="access").first()
    behind_the_back(
        "casefile_auditseal", "UPDATE casefile_auditseal SET digest = 'x' WHERE id = %s", [seal.pk]
    )

    with pytest.raises(CommandError, match=f"seal {seal.pk} "):
        verify_audit()


def test_a_destruction_keeps_the_chain_intact(world, trail):
    request = procedure_services.destruction_request_file(
        actor=world.family, dossier=world.dossier, scope="dossier"
    )
    procedure_services.destruction_request_accept(actor=world.lead, request=request)

    assert SECRET not in str(list(LogEntry.objects.values_list("changes", flat=True)))
    assert AuditSeal.objects.filter(kind="scrub").exists()
    assert "intact" in verify_audit()


def test_a_scrub_that_is_not_a_destruction_breaks_the_chain(trail):
    row = LogEntry.objects.filter(object_pk=str(trail.pk)).latest("id")
    behind_the_back(
        "auditlog_logentry",
        "UPDATE auditlog_logentry SET object_repr = '[vernietigd]' WHERE id = %s",
        [row.pk],
    )

    with pytest.raises(CommandError, match=f"audit row {row.pk} was changed"):
        verify_audit()


def test_the_daily_check_shows_a_break_on_health_and_mails_the_administrators(
    trail, django_capture_on_commit_callbacks
):
    AdministratorFactory(email="beheer@example.org")
    assert Client().get("/health/").json()["audit_chain"] == "unchecked"
    audit_verify_task.delay()
    assert Client().get("/health/").json()["audit_chain"] == "ok"
    row = LogEntry.objects.filter(object_pk=str(trail.pk)).latest("id")
    behind_the_back(
        "auditlog_logentry",
        "UPDATE auditlog_logentry SET changes_text = 'x' WHERE id = %s",
        [row.pk],
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        audit_verify_task.delay()

    health = Client().get("/health/").json()
    assert health["audit_chain"] == "broken"
    # One e-mail to each active administrator, and only to them, through the outbox.
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        User.objects.filter(role="administrator", is_active=True).values_list("email", flat=True)
    )
    assert "beheer@example.org" in [message.to[0] for message in mail.outbox]
    assert all(f"audit row {row.pk} was changed" in message.body for message in mail.outbox)
    assert all(
        SECRET not in message.body and world_names_absent(message.body) for message in mail.outbox
    )


def world_names_absent(text: str) -> bool:
    return not any(name in text for name in ("Ouder", "Tiener", "Kind", "lead"))


def test_rows_written_in_bulk_are_sealed_oldest_first(world):
    AccessEvent.objects.bulk_create(
        [AccessEvent(user=world.lead, role="x", dossier=world.dossier, action="view")]
    )
    with pytest.raises(CommandError, match="has no seal"):
        verify_audit()

    assert seals.seal_unsealed() == 1
    assert "intact" in verify_audit()


def test_the_digest_covers_every_column_of_both_tables():
    """A column added by an upgrade must be a decision: add it, with care for older digests."""
    for kind, model in ((AuditSeal.Kind.LOG, LogEntry), (AuditSeal.Kind.ACCESS, AccessEvent)):
        assert set(seals.COLUMNS[kind]) == {f.attname for f in model._meta.concrete_fields}


def test_the_sealing_receivers_survive_garbage_collection():
    """They are local to AppConfig.ready(): a weak reference to them would be collected, and the
    running app (gunicorn, DEBUG off) would write audit rows and access events without seals."""
    import gc

    from django.db.models.signals import post_save

    gc.collect()
    for model in (LogEntry, AccessEvent):
        receivers = post_save._live_receivers(model)
        sync_receivers = receivers[0] if isinstance(receivers, tuple) else receivers
        assert any(receiver.__name__ == "seal_new" for receiver in sync_receivers), model


def test_a_digest_from_the_written_values_equals_the_one_verify_reads(trail):
    """seed_scale seals from what it wrote (`digest_of`); verify reads the row back."""
    row = LogEntry.objects.filter(object_pk=str(trail.pk)).latest("id")
    names = seals.COLUMNS[AuditSeal.Kind.LOG]
    values = {name: getattr(row, name) for name in names}
    stored = AuditSeal.objects.get(kind="log", row=str(row.pk)).digest

    assert seals.digest_of("log", values) == stored
    text = {"changes": seals.canonical(values["changes"])}  # written as canonical JSON text
    assert seals.digest_of("log", {**values, "changes": None}, canonical_json=text) == stored
    with pytest.raises(ValueError, match="covers exactly"):
        seals.digest_of("log", {**values, "extra": 1})
