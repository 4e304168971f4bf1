"""R12: access events are append-only in the database itself.

The application has no way to change or delete them; this also stops a stray query or script.
On PostgreSQL TRUNCATE is left alone, so test databases can still be emptied; on SQLite a
transactional test that flushes the database would need to drop the triggers first.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION casefile_accessevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'access events are append-only (R12)';
END;
$$ LANGUAGE plpgsql;
"""
TRIGGER = """
CREATE TRIGGER casefile_accessevent_append_only
BEFORE UPDATE OR DELETE ON casefile_accessevent
FOR EACH ROW EXECUTE FUNCTION casefile_accessevent_append_only();
"""
SQLITE_TRIGGERS = [
    f"""
CREATE TRIGGER casefile_accessevent_no_{verb.lower()}
BEFORE {verb} ON casefile_accessevent
BEGIN SELECT RAISE(ABORT, 'access events are append-only (R12)'); END;
"""
    for verb in ("UPDATE", "DELETE")
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS casefile_accessevent_no_update;",
    "DROP TRIGGER IF EXISTS casefile_accessevent_no_delete;",
]
DROP = """
DROP TRIGGER IF EXISTS casefile_accessevent_append_only ON casefile_accessevent;
DROP FUNCTION IF EXISTS casefile_accessevent_append_only();
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(FUNCTION)
        schema_editor.execute(TRIGGER)
    elif vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(DROP)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("casefile", "0003_copies")]

    operations = [migrations.RunPython(forwards, backwards)]
