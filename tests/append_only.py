"""Emptying the append-only tables (R12, core/db.py) after a test that commits its rows."""

from __future__ import annotations

from django.db import connection


def empty_append_only_tables() -> None:
    """Let a transactional test's flush empty the tables whose triggers refuse DELETE.

    PostgreSQL's flush uses TRUNCATE, which the triggers allow; SQLite's deletes row by row, so
    empty those tables here with their triggers lifted for a moment, before the flush.
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
        triggers = cursor.fetchall()
        for name, _table, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        for table in {table for _name, table, _sql in triggers}:
            cursor.execute(f'DELETE FROM "{table}"')  # noqa: S608 - names from sqlite_master
        for _name, _table, sql in triggers:
            cursor.execute(sql)
