"""R12 in the database itself: audit rows, access events, seals, entries, views and decided
decisions refuse UPDATE and DELETE from any SQL, on SQLite and PostgreSQL alike. Only
destruction (R15) may write its stub, in the declared columns, and nothing else."""

# SQL here is built from table and column names in the test, never from input.
# ruff: noqa: S608

from __future__ import annotations

import json

import pytest
from auditlog.models import LogEntry
from django.db import DatabaseError, connection, transaction

from casefile import reads, services
from casefile.models import AccessEvent, AuditSeal, Entry
from core.db import STUB, destroying
from documents.models import Document, DocumentVersion
from procedures import services as procedure_services
from procedures.models import Decision, DecisionView

from .procedure_helpers import in_hearing, pass_deadline, propose

pytestmark = pytest.mark.django_db

SECRET = "Vader dronk veel op zaterdag"


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def refused(statement: str, params=()) -> bool:
    """True when the database refuses the statement; the test's transaction stays usable."""
    try:
        with transaction.atomic():
            sql(statement, params)
    except DatabaseError as error:
        assert "R12" in str(error), error  # the guard's refusal, not a mistake in the SQL
        return True
    return False


def table(model) -> str:
    return model._meta.db_table


def pk(row) -> str:
    """The primary key as the database compares it (SQLite keeps UUIDs as 32 hex digits)."""
    return row._meta.pk.get_db_prep_value(row.pk, connection)


@pytest.fixture
def entry(world):
    return services.entry_add(actor=world.lead, dossier=world.dossier, text=SECRET)


@pytest.fixture
def view(world):
    decision = in_hearing(world)
    return procedure_services.decision_view_give(
        actor=world.family,
        invitation=decision.invitations.get(member=world.parent),
        stance="partly",
        text=SECRET,
    )


@pytest.fixture
def decided(world):
    decision = pass_deadline(in_hearing(world))
    return procedure_services.decision_decide(
        actor=world.lead, decision=decision, outcome="Time-out bij ruzie", weighing=""
    )


def rows(world, entry, view, decided):
    access = reads.record(user=world.lead, dossier=world.dossier, action="view", remote_addr=None)
    return {
        "audit row": (LogEntry, LogEntry.objects.latest("id"), "object_repr"),
        "access event": (AccessEvent, access, "role"),
        "seal": (AuditSeal, AuditSeal.objects.latest("id"), "digest"),
        "entry": (Entry, entry, "text"),
        "view": (DecisionView, view, "text"),
        "decided decision": (Decision, decided, "outcome"),
    }


@pytest.mark.parametrize(
    "kind", ["audit row", "access event", "seal", "entry", "view", "decided decision"]
)
def test_update_and_delete_fail_in_the_database(world, entry, view, decided, kind):
    model, row, column = rows(world, entry, view, decided)[kind]
    where = f"WHERE {model._meta.pk.column} = %s"

    assert refused(f"UPDATE {table(model)} SET {column} = %s {where}", ["x", pk(row)])
    assert refused(f"DELETE FROM {table(model)} {where}", [pk(row)])
    assert model.objects.filter(pk=row.pk).exists()


def test_a_decided_decision_cannot_be_updated_but_a_draft_can(world, decided):
    draft = propose(world)

    with pytest.raises(DatabaseError), transaction.atomic():
        Decision.objects.filter(pk=decided.pk).update(outcome="Iets anders")
    Decision.objects.filter(pk=draft.pk).update(title="Een betere titel")

    assert Decision.objects.get(pk=decided.pk).outcome == "Time-out bij ruzie"
    assert Decision.objects.get(pk=draft.pk).title == "Een betere titel"


def test_a_withdrawn_decision_cannot_be_updated(world):
    decision = procedure_services.decision_withdraw(
        actor=world.lead, decision=propose(world), reason="Niet meer nodig"
    )

    with pytest.raises(DatabaseError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(title="Anders")


def test_an_urgent_decision_takes_its_weighing_once_and_nothing_else(world):
    decision = procedure_services.decision_decide_urgent(
        actor=world.lead, decision=propose(world), outcome="Naar oma", urgent_reason="Acuut"
    )
    decided = Decision.objects.filter(pk=decision.pk)
    with pytest.raises(DatabaseError), transaction.atomic():
        decided.update(weighing="Gewogen", outcome="Toch niet naar oma")

    decided.update(weighing="Gewogen", weighed_at=decision.decided_at)

    with pytest.raises(DatabaseError), transaction.atomic():
        decided.update(weighing="Anders gewogen")
    assert decided.get().weighing == "Gewogen"


def test_a_user_is_never_deleted_so_audit_rows_keep_their_actor(world, entry):
    row = LogEntry.objects.filter(actor=world.lead).latest("id")

    with pytest.raises(DatabaseError), transaction.atomic():
        world.lead.delete()
    assert refused("DELETE FROM accounts_user WHERE id = %s", [pk(world.lead)])
    assert LogEntry.objects.get(pk=row.pk).actor == world.lead


def test_destruction_may_write_the_stub_and_nothing_else(entry):
    update = "UPDATE casefile_entry SET text = %s WHERE id = %s"

    assert refused(update, [STUB, pk(entry)])  # not outside a destruction
    with transaction.atomic(), destroying():
        assert refused(update, ["Iets anders", pk(entry)])
        assert refused(
            "UPDATE casefile_entry SET visibility = 'withheld' WHERE id = %s", [pk(entry)]
        )
        assert refused("DELETE FROM casefile_entry WHERE id = %s", [pk(entry)])
        sql(update, [STUB, pk(entry)])
    assert refused(update, [SECRET, pk(entry)])  # and not after it
    assert Entry.objects.get(pk=entry.pk).text == STUB


def test_destruction_may_scrub_an_audit_row_and_not_rewrite_it(entry):
    row = LogEntry.objects.filter(object_pk=str(entry.pk)).latest("id")
    stub = dict.fromkeys(row.changes, STUB)
    other = stub | {"text": "iets anders"}
    scrub = "UPDATE auditlog_logentry SET changes = %s, changes_text = '', object_repr = %s"

    with transaction.atomic(), destroying():
        assert refused(f"{scrub} WHERE id = %s", [json.dumps(other), STUB, row.pk])
        assert refused(f"{scrub} WHERE id = %s", [json.dumps(stub | {"x": STUB}), STUB, row.pk])
        assert refused(f"{scrub} WHERE id = %s", [json.dumps(stub), "Andere tekst", row.pk])
        assert refused("UPDATE auditlog_logentry SET actor_id = NULL WHERE id = %s", [row.pk])
        LogEntry.objects.filter(pk=row.pk).update(changes=stub, changes_text="", object_repr=STUB)

    assert LogEntry.objects.get(pk=row.pk).changes == stub
    assert LogEntry.objects.get(pk=row.pk).actor == entry.author


def test_a_failed_destruction_leaves_the_guards_closed(entry):
    with transaction.atomic():
        with pytest.raises(RuntimeError), destroying():
            raise RuntimeError("halfway")
        assert refused("UPDATE casefile_entry SET text = %s WHERE id = %s", [STUB, pk(entry)])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL compares whole rows")
@pytest.mark.parametrize(
    "model", [Entry, LogEntry, Decision, DecisionView, Document, DocumentVersion]
)
def test_the_sqlite_guards_name_every_column(model):
    """A column added after the guard would be free to change: run `guard` again for it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s",
            [f"{table(model)}_guard_update"],
        )
        (trigger,) = cursor.fetchone()
        columns = connection.introspection.get_table_description(cursor, table(model))
    assert all(f"NEW.{column.name} IS OLD.{column.name}" in trigger for column in columns)
