"""Migration operations that guard tables in the database itself (R12), and the one way past them.

- `append_only(table)`: rows can be added, never changed or deleted, by anyone: the application,
  a stray query or a script.
- `guard(table, ...)`: the same for a row once it is final (an entry, a decided decision), with
  two narrow exceptions: destruction (R15) may overwrite the declared personal-data columns with
  their stub and nothing else, and a table may name one more change it allows (an urgent
  decision's weighing, added after it was decided).
- `no_delete(table)`: rows can change but never be deleted (accounts, so audit rows keep their
  actor).

Destruction opens the way with `destroying()`, inside its transaction: on PostgreSQL a
transaction-local setting (`gezinsdossier.destruction`), on SQLite a row in a one-column table
that exists only inside that transaction. Even then the triggers accept only the stub values in
the declared columns, so the bypass can empty text but never write any other text. The residual
risk, accepted: whoever can run SQL as the application can empty the declared columns too (which
the hash chain in `casefile.seals` then reports, unless it was the destruction service).

On PostgreSQL TRUNCATE is left alone, so test databases can still be emptied, but the
application's role is granted no TRUNCATE and owns no table (README, "Database roles"). On SQLite
a flush deletes row by row; the test suite lifts the triggers around it (tests/conftest.py).
"""

# Every SQL string here is built from table and column names that migrations pass in, never input.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection as default_connection
from django.db import migrations, transaction

# The value destruction leaves in a column it empties; casefile.services.destruction writes it.
STUB = "[vernietigd]"
SETTING = "gezinsdossier.destruction"
SQLITE_FLAG_TABLE = "gezinsdossier_destruction"


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


# What destruction may write into a column: the stub text, an empty text, NULL, or a JSON object
# with the same keys whose every value is the stub (auditlog's `changes`).
STUB_TEXT, EMPTY, NULL, STUB_JSON = "stub", "empty", "null", "stub-json"


@dataclass(frozen=True)
class Guard:
    table: str
    # Column → what destruction may write there (one of the four above).
    destroyable: dict[str, str]
    # SQL over OLD: the row is final and guarded; None: always (entries, audit rows).
    final: str | None = None
    # One more UPDATE the table allows: (SQL over OLD and NEW, the columns it may change).
    also: tuple[str, tuple[str, ...]] | None = None
    columns: tuple[str, ...] = field(default=())  # SQLite only: every column, read at migration

    @property
    def name(self) -> str:
        return f"{self.table}_guard"


def _stub_sql(vendor: str, column: str, kind: str) -> str:
    new = f"NEW.{column}"
    if kind == STUB_TEXT:
        return f"{new} = '{STUB}'"
    if kind == EMPTY:
        return f"{new} = ''"
    if kind == NULL:
        return f"{new} IS NULL"
    if vendor == "postgresql":
        keys = "SELECT coalesce(array_agg(k ORDER BY k), '{{}}') FROM jsonb_object_keys({}) k"
        old = f"(CASE WHEN jsonb_typeof(OLD.{column}) = 'object' THEN OLD.{column} ELSE '{{}}' END)"
        return (
            f"(jsonb_typeof({new}) = 'object'"
            f" AND NOT EXISTS (SELECT 1 FROM jsonb_each({new}) e"
            f" WHERE e.value <> to_jsonb('{STUB}'::text))"
            f" AND ({keys.format(new)}) = ({keys.format(old)}))"
        )
    return (
        f"(json_valid({new}) AND json_type({new}) = 'object'"
        f" AND NOT EXISTS (SELECT 1 FROM json_each({new}) WHERE type <> 'text' OR value <> '{STUB}')"
        f" AND NOT EXISTS (SELECT key FROM json_each({new}) EXCEPT SELECT key FROM json_each(OLD.{column}))"
        f" AND NOT EXISTS (SELECT key FROM json_each(OLD.{column}) EXCEPT SELECT key FROM json_each({new})))"
    )


def _only_changed(vendor: str, guard: Guard, changeable: dict[str, str | None]) -> str:
    """SQL: every other column kept its value; each changeable one kept it or took its stub."""
    parts = []
    if vendor == "postgresql":
        names = ", ".join(f"'{name}'" for name in changeable)
        parts.append(
            f"(to_jsonb(NEW) - ARRAY[{names}]::text[]) = (to_jsonb(OLD) - ARRAY[{names}]::text[])"
        )
        same = "NEW.{0} IS NOT DISTINCT FROM OLD.{0}"
    else:
        parts.extend(f"NEW.{c} IS OLD.{c}" for c in guard.columns if c not in changeable)
        same = "NEW.{0} IS OLD.{0}"
    for column, kind in changeable.items():
        if kind is not None:
            parts.append(f"({same.format(column)} OR {_stub_sql(vendor, column, kind)})")
    return " AND ".join(parts) or "1 = 1"


def _guard_sql(vendor: str, guard: Guard) -> tuple[list[str], list[str]]:
    message = f"{guard.table}: this row can no longer be changed or deleted (R12)"
    final = guard.final or "TRUE"
    destroyed = _only_changed(vendor, guard, guard.destroyable)
    also = "FALSE"
    if guard.also:
        condition, columns = guard.also
        also = f"({condition}) AND {_only_changed(vendor, guard, dict.fromkeys(columns))}"
    if vendor == "postgresql":
        bypass = f"current_setting('{SETTING}', true) = 'on'"
        create = [
            f"""
CREATE OR REPLACE FUNCTION {guard.name}() RETURNS trigger AS $$
BEGIN
    IF NOT coalesce(({final}), TRUE) THEN
        RETURN coalesce(NEW, OLD);
    END IF;
    IF TG_OP = 'UPDATE' AND coalesce({bypass} AND {destroyed}, FALSE) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND coalesce({also}, FALSE) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{message}';
END;
$$ LANGUAGE plpgsql;
""",
            f"""
CREATE TRIGGER {guard.name}
BEFORE UPDATE OR DELETE ON {guard.table}
FOR EACH ROW EXECUTE FUNCTION {guard.name}();
""",
        ]
        drop = [
            f"DROP TRIGGER IF EXISTS {guard.name} ON {guard.table};",
            f"DROP FUNCTION IF EXISTS {guard.name}();",
        ]
        return create, drop
    final = guard.final or "1"
    bypass = f"EXISTS (SELECT 1 FROM {SQLITE_FLAG_TABLE})"
    allowed = f"coalesce(({bypass} AND {destroyed}) OR ({also}), 0)"
    create = [
        f"""
CREATE TRIGGER {guard.name}_update BEFORE UPDATE ON {guard.table}
WHEN coalesce(({final}), 1) AND NOT {allowed}
BEGIN SELECT RAISE(ABORT, '{message}'); END;
""",
        f"""
CREATE TRIGGER {guard.name}_delete BEFORE DELETE ON {guard.table}
WHEN coalesce(({final}), 1)
BEGIN SELECT RAISE(ABORT, '{message}'); END;
""",
    ]
    drop = [f"DROP TRIGGER IF EXISTS {guard.name}_{verb};" for verb in ("update", "delete")]
    return create, drop


def guard(
    table: str,
    *,
    destroyable: dict[str, str],
    final: str | None = None,
    also: tuple[str, tuple[str, ...]] | None = None,
) -> migrations.RunPython:
    """Refuse UPDATE and DELETE of a final row, except destruction's stub (see the docstring).

    On SQLite the trigger names every column, read when the migration runs: a later migration
    that adds a column to a guarded table runs `guard` again (tests/casefile/test_guards.py
    checks that every column is covered).
    """

    def run(schema_editor, part: int) -> None:
        connection = schema_editor.connection
        if connection.vendor not in _VENDORS:
            return
        columns: tuple[str, ...] = ()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                description = connection.introspection.get_table_description(cursor, table)
            columns = tuple(column.name for column in description)
        spec = Guard(table, destroyable, final, also, columns)
        for statement in _guard_sql(connection.vendor, spec)[1]:  # drop first: it can be re-run
            schema_editor.execute(statement)
        if part == 0:
            for statement in _guard_sql(connection.vendor, spec)[0]:
                schema_editor.execute(statement)

    return migrations.RunPython(
        lambda apps, schema_editor: run(schema_editor, 0),
        lambda apps, schema_editor: run(schema_editor, 1),
    )


def no_delete(table: str) -> migrations.RunPython:
    """Refuse DELETE on `table`; rows may still change."""
    name = f"{table}_no_delete"
    message = f"{table} rows are never deleted (R12)"
    sql = {
        "postgresql": (
            [
                f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{message}';
END;
$$ LANGUAGE plpgsql;
""",
                f"CREATE TRIGGER {name} BEFORE DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}();",
            ],
            [f"DROP TRIGGER IF EXISTS {name} ON {table};", f"DROP FUNCTION IF EXISTS {name}();"],
        ),
        "sqlite": (
            [
                f"CREATE TRIGGER {name} BEFORE DELETE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"
            ],
            [f"DROP TRIGGER IF EXISTS {name};"],
        ),
    }

    def run(schema_editor, part: int) -> None:
        for statement in sql.get(schema_editor.connection.vendor, ([], []))[part]:
            schema_editor.execute(statement)

    return migrations.RunPython(
        lambda apps, schema_editor: run(schema_editor, 0),
        lambda apps, schema_editor: run(schema_editor, 1),
    )


def destruction_flag() -> migrations.RunPython:
    """SQLite: the table whose one row, inside a destruction's transaction, opens the guards."""

    def run(schema_editor, sql: str) -> None:
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(sql)

    return migrations.RunPython(
        lambda apps, schema_editor: run(
            schema_editor,
            f"CREATE TABLE IF NOT EXISTS {SQLITE_FLAG_TABLE} (destroying integer NOT NULL)",
        ),
        lambda apps, schema_editor: run(schema_editor, f"DROP TABLE IF EXISTS {SQLITE_FLAG_TABLE}"),
    )


@contextmanager
def destroying(connection=None) -> Iterator[None]:
    """Let the guarded tables take destruction's stubs, until the block ends (R15).

    For `casefile.services.destruction` only; it must run inside that service's transaction.
    A savepoint around the block takes the flag back with everything else if the block fails.
    """
    connection = connection or default_connection
    if not connection.in_atomic_block:
        raise RuntimeError("destroying() runs inside the destruction's transaction")
    on, off = {
        "postgresql": (
            (f"SELECT set_config('{SETTING}', 'on', true)", ()),
            (f"SELECT set_config('{SETTING}', 'off', true)", ()),
        ),
        "sqlite": (
            (f"INSERT INTO {SQLITE_FLAG_TABLE} (destroying) VALUES (1)", ()),
            (f"DELETE FROM {SQLITE_FLAG_TABLE}", ()),
        ),
    }.get(connection.vendor, (None, None))
    with transaction.atomic(using=connection.alias):
        if on:
            with connection.cursor() as cursor:
                cursor.execute(*on)
        yield
        if off:
            with connection.cursor() as cursor:
                cursor.execute(*off)
