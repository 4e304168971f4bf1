"""Bulk loading for seed_scale: rows built from a model's concrete fields, written in one go.

A row is a dict keyed by attname (`dossier_id`, not `dossier`). Every concrete field the caller
leaves out gets `field.get_default()`, so a column added to a model later is filled without
touching the seeder. Database-generated keys (AutoField) are left to the database.

PostgreSQL gets `COPY … FROM STDIN` through psycopg 3; other databases (SQLite in tests) get
`bulk_create` in batches. Nothing here knows the domain: the caller passes the models.

On PostgreSQL a superuser loads without the per-row foreign-key triggers (they cost a third of
the time) and `foreign_keys_broken` then checks every foreign key once, set-based.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models.fields import AutoFieldMixin

BULK_CREATE_BATCH = 500


class RawJSON(str):
    """JSON already encoded by the caller (for COPY); written as it is."""


class CanonicalJSON(RawJSON):
    """JSON encoded as the audit chain's digest writes it (`casefile.seals.canonical`): sorted
    keys, no spaces, not ASCII-escaped. The digest of its row can take it as it is."""


class Table:
    """The rows of one model waiting to be written, in the order of its concrete fields."""

    def __init__(self, model: type[models.Model], *, json_as_text: bool):
        self.model = model
        fields = [f for f in model._meta.concrete_fields if not isinstance(f, AutoFieldMixin)]
        self.attnames = [f.attname for f in fields]
        self.columns = [f.column for f in fields]
        # Callable defaults (uuid4, timezone.now) are called per row; the rest computed once.
        self._dynamic = [
            (f.attname, f.get_default) for f in fields if f.has_default() and callable(f.default)
        ]
        dynamic = {attname for attname, _ in self._dynamic}
        self._constant = {f.attname: f.get_default() for f in fields if f.attname not in dynamic}
        # COPY takes JSON as text; bulk_create takes the Python value.
        self.json_as_text = json_as_text
        self._json = (
            [f.attname for f in fields if isinstance(f, models.JSONField)] if json_as_text else []
        )
        self._get = operator.itemgetter(*self.attnames)
        self.rows: list[tuple] = []
        self.sort_key: Callable | None = None

    def default(self, attname: str) -> Any:
        if attname in self._constant:
            return self._constant[attname]
        return dict(self._dynamic)[attname]()

    def add(self, values: dict[str, Any]) -> None:
        row = self._constant.copy()
        row.update(values)
        for attname, default in self._dynamic:
            if attname not in values:
                row[attname] = default()
        if len(row) != len(self.attnames):
            unknown = sorted(set(values) - set(self.attnames))
            raise TypeError(f"{self.model._meta.label} has no column {unknown}")
        for attname in self._json:
            value = row[attname]
            if value is not None and not isinstance(value, RawJSON):
                row[attname] = json.dumps(value)
        row = self._get(row)
        self.rows.append(row if isinstance(row, tuple) else (row,))

    def sort_by(self, attname: str) -> None:
        """Write rows in this order, e.g. by time, so a dossier's rows spread over the table
        as they would after years of use instead of sitting together."""
        self.sort_key = operator.itemgetter(self.attnames.index(attname))


class Loader:
    """Writes tables to one database connection, inside the caller's transaction."""

    def __init__(self, connection):
        self.connection = connection
        self.copy = connection.vendor == "postgresql"
        self.written: dict[str, int] = {}

    def fast(self) -> bool:
        """PostgreSQL, this transaction: no per-row FK triggers (superuser only), no waiting for
        the disk at commit (a failed run is simply repeated). True when the triggers are off."""
        if not self.copy:
            return False
        with self.connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SHOW is_superuser")
            if cursor.fetchone()[0] != "on":
                return False
            cursor.execute("SET LOCAL session_replication_role = replica")
        return True

    def secondary_indexes(self, models_: list[type[models.Model]]) -> list[tuple[str, str]]:
        """(name, definition) of every index of these tables that neither is the primary key
        nor backs a constraint: what a bulk load may drop first and build again after."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
                "ORDER BY 1",
                [[model._meta.db_table for model in models_]],
            )
            return cursor.fetchall()

    def drop_indexes(self, indexes: list[tuple[str, str]]) -> None:
        with self.connection.cursor() as cursor:
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")  # a name from pg_index

    def build_indexes(self, indexes: list[tuple[str, str]]) -> None:
        """Build them again, each sorted in one pass: cheaper than keeping them row by row."""
        with self.connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for _name, definition in indexes:
                cursor.execute(
                    definition.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1).replace(
                        "CREATE UNIQUE INDEX", "CREATE UNIQUE INDEX IF NOT EXISTS", 1
                    )
                )

    def foreign_keys_broken(self, models_: list[type[models.Model]]) -> list[str]:
        """Every foreign key of these models that points at no row, checked set-based."""
        quote = self.connection.ops.quote_name
        broken = []
        with self.connection.cursor() as cursor:
            if self.copy:
                cursor.execute("SET LOCAL work_mem = '256MB'")
            for model in models_:
                for field in model._meta.concrete_fields:
                    if not (field.is_relation and field.db_constraint):
                        continue
                    target = field.target_field
                    cursor.execute(
                        f"SELECT 1 FROM {quote(model._meta.db_table)} c "  # noqa: S608 (names from _meta)
                        f"WHERE c.{quote(field.column)} IS NOT NULL AND NOT EXISTS ("
                        f"SELECT 1 FROM {quote(target.model._meta.db_table)} p "
                        f"WHERE p.{quote(target.column)} = c.{quote(field.column)}) LIMIT 1"
                    )
                    if cursor.fetchone():
                        broken.append(f"{model._meta.label}.{field.name}")
        return broken

    def table(self, model: type[models.Model]) -> Table:
        return Table(model, json_as_text=self.copy)

    def write(self, table: Table) -> list:
        """Write the table's rows; the primary keys the database gave them, in order."""
        if not table.rows:
            return []
        if table.sort_key is not None:
            table.rows.sort(key=table.sort_key)
        pks = self._copy(table) if self.copy else self._bulk_create(table)
        label = table.model._meta.label
        self.written[label] = self.written.get(label, 0) + len(table.rows)
        table.rows = []  # a new list: a caller may still hold the rows just written
        return pks

    def _copy(self, table: Table) -> list:
        """COPY the rows. A key the database generates is taken from its sequence first and
        written with the row, so the caller learns the keys (COPY returns nothing)."""
        quote = self.connection.ops.quote_name
        pk = table.model._meta.pk
        columns, rows, pks = table.columns, table.rows, []
        if isinstance(pk, AutoFieldMixin):
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table.model._meta.db_table, pk.column, len(rows)],
                )
                pks = [key for (key,) in cursor.fetchall()]
            columns = [pk.column, *columns]
            rows = [(key, *row) for key, row in zip(pks, rows, strict=True)]
        else:  # a key the caller gave (a UUID)
            index = table.attnames.index(pk.attname)
            pks = [row[index] for row in rows]
        statement = "COPY {} ({}) FROM STDIN".format(
            quote(table.model._meta.db_table), ", ".join(quote(c) for c in columns)
        )
        with self.connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        return pks

    def _bulk_create(self, table: Table) -> list:
        model, attnames = table.model, table.attnames
        objects = [model(**dict(zip(attnames, row, strict=True))) for row in table.rows]
        model._default_manager.bulk_create(objects, batch_size=BULK_CREATE_BATCH)
        return [obj.pk for obj in objects]
