"""PostgreSQL: the application's role, with exactly the GRANTs of deploy/postgres/app-role.sql,
does its work but cannot change the audit trail, nor drop or disable the triggers (R12)."""

# SQL here is built from table and column names in the test, never from input.
# ruff: noqa: S608

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from casefile import reads, seals, services
from casefile.models import Entry
from core.db import STUB

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="roles are PostgreSQL's"),
]

ROLE_SQL = Path(settings.BASE_DIR) / "deploy" / "postgres" / "app-role.sql"


def documented_grants(role: str, owner: str, database: str) -> list[str]:
    """The GRANT, REVOKE and ALTER DEFAULT PRIVILEGES statements of the documented file, for
    this test's role, owner and database (CREATE ROLE is done by the test: it needs no login)."""
    text = re.sub(r"--.*", "", ROLE_SQL.read_text())
    statements = [" ".join(part.split()) for part in text.split(";") if part.strip()]
    kept = [s for s in statements if s.startswith(("GRANT", "REVOKE", "ALTER DEFAULT"))]
    assert len(kept) >= 6, "the documented GRANTs moved: update this test"
    return [
        s.replace("gezinsdossier_app", role)
        .replace("FOR ROLE gezinsdossier ", f'FOR ROLE "{owner}" ')
        .replace("DATABASE gezinsdossier ", f'DATABASE "{database}" ')
        for s in kept
    ]


def refused(statement: str, params=()) -> bool:
    """True when a trigger (R12) or a missing privilege or ownership refuses the statement."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    except DatabaseError as error:
        assert re.search(r"R12|permission denied|must be owner", str(error)), error
        return True
    return False


@pytest.fixture
def as_app_role(world):
    role = f"gd_test_app_{uuid.uuid4().hex[:8]}"  # created in the test's transaction: rolled back
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, current_database()")
        owner, database = cursor.fetchone()
        cursor.execute(f"CREATE ROLE {role} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE")
        for statement in documented_grants(role, owner, database):
            cursor.execute(statement)
        cursor.execute(f"SET ROLE {role}")
    yield world
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def test_the_app_role_works_but_cannot_change_the_audit_trail(as_app_role):
    world = as_app_role
    entry = services.entry_add(actor=world.lead, dossier=world.dossier, text="Huisbezoek")
    reads.record(user=world.lead, dossier=world.dossier, action="view", remote_addr=None)
    where = "WHERE id = %s"

    assert not refused(
        "UPDATE casefile_dossier SET summary = 'Samenvatting' " + where, [world.dossier.pk]
    )
    for table, column in [
        ("casefile_entry", "text"),
        ("auditlog_logentry", "object_repr"),
        ("casefile_accessevent", "role"),
        ("casefile_auditseal", "digest"),
    ]:
        row = f"(SELECT id FROM {table} ORDER BY id LIMIT 1)"
        assert not refused(f"SELECT 1 / count(*) FROM {table}"), table  # reads, and has a row
        assert refused(f"UPDATE {table} SET {column} = 'x' WHERE id = {row}"), table
        assert refused(f"DELETE FROM {table} WHERE id = {row}"), table
        assert refused(f"TRUNCATE {table} CASCADE"), table
    with transaction.atomic(), connection.cursor() as cursor:  # the bypass opens the stub only
        cursor.execute("SELECT set_config('gezinsdossier.destruction', 'on', true)")
        assert refused("UPDATE casefile_entry SET text = 'Iets anders' " + where, [entry.pk])
        assert not refused("UPDATE casefile_entry SET text = %s " + where, [STUB, entry.pk])
        cursor.execute("SELECT set_config('gezinsdossier.destruction', 'off', true)")
    assert Entry.objects.get(pk=entry.pk).text == STUB
    assert seals.verify().intact  # what the role wrote was sealed


def test_the_app_role_cannot_drop_or_disable_the_triggers(as_app_role):
    assert refused("DROP TRIGGER casefile_entry_guard ON casefile_entry")
    assert refused("ALTER TABLE auditlog_logentry DISABLE TRIGGER auditlog_logentry_guard")
    assert refused("ALTER TABLE casefile_accessevent DISABLE TRIGGER ALL")
    assert refused("DROP FUNCTION casefile_entry_guard() CASCADE")
    assert refused(
        "CREATE OR REPLACE FUNCTION casefile_entry_guard() RETURNS trigger AS $$"
        " BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql"
    )
    assert refused("DROP TABLE casefile_auditseal")
    assert refused("CREATE TABLE casefile_other (id integer)")
