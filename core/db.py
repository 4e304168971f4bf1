"""A migration operation that makes a table append-only in the database itself (R12).

Rows can be added, never changed or deleted, by anyone: the application, a stray query or a
script. On PostgreSQL TRUNCATE is left alone, so test databases can still be emptied; on
SQLite a transactional test that flushes the database would need to drop the triggers first.
"""

from __future__ import annotations

from django.db import migrations


def _postgresql(table: str) -> tuple[list[str], list[str]]:
    name = f"{table}_append_only"
    create = [
        f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{table} is append-only (R12)';
END;
$$ LANGUAGE plpgsql;
""",
        f"""
CREATE TRIGGER {name}
BEFORE UPDATE OR DELETE ON {table}
FOR EACH ROW EXECUTE FUNCTION {name}();
""",
    ]
    drop = [f"DROP TRIGGER IF EXISTS {name} ON {table};", f"DROP FUNCTION IF EXISTS {name}();"]
    return create, drop


def _sqlite(table: str) -> tuple[list[str], list[str]]:
    verbs = ("UPDATE", "DELETE")
    create = [
        f"""
CREATE TRIGGER {table}_no_{verb.lower()}
BEFORE {verb} ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only (R12)'); END;
"""
        for verb in verbs
    ]
    drop = [f"DROP TRIGGER IF EXISTS {table}_no_{verb.lower()};" for verb in verbs]
    return create, drop


_VENDORS = {"postgresql": _postgresql, "sqlite": _sqlite}


def append_only(table: str) -> migrations.RunPython:
    def run(schema_editor, part: int) -> None:
        statements = _VENDORS.get(schema_editor.connection.vendor)
        for statement in statements(table)[part] if statements else []:
            schema_editor.execute(statement)

    return migrations.RunPython(
        lambda apps, schema_editor: run(schema_editor, 0),
        lambda apps, schema_editor: run(schema_editor, 1),
    )
