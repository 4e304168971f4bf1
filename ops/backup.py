"""Whether a restored backup holds what its source held: rows per table, the latest audit entry,
and the files under MEDIA_ROOT (PDF copies). Compares, never writes.

A live source moves on after its dump; compare with a source that has been quiet since (a
maintenance window, or CI).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
from auditlog.models import LogEntry
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend


@dataclass(frozen=True)
class Snapshot:
    rows: dict[str, int]  # table → number of rows
    latest_audit_id: int | None


def snapshot_take(connection: BaseDatabaseWrapper) -> Snapshot:
    """Every table of the database, Django's or not, counted."""
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            # The names come from the database's own catalogue, quoted: not user input.
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608
            rows[table] = cursor.fetchone()[0]
        cursor.execute(f"SELECT MAX(id) FROM {quote(LogEntry._meta.db_table)}")  # noqa: S608
        latest_audit_id = cursor.fetchone()[0]
    return Snapshot(rows=rows, latest_audit_id=latest_audit_id)


def snapshot_differences(here: Snapshot, there: Snapshot) -> list[str]:
    """What differs, one line each, in table order; empty when the two agree."""
    lines = []
    for table in sorted(here.rows.keys() | there.rows.keys()):
        mine, theirs = here.rows.get(table), there.rows.get(table)
        if mine != theirs:
            lines.append(f"{table}: {_rows(mine)} here, {_rows(theirs)} in --against")
    if here.latest_audit_id != there.latest_audit_id:
        lines.append(
            f"latest audit entry: {here.latest_audit_id} here, {there.latest_audit_id} in --against"
        )
    return lines


def _rows(count: int | None) -> str:
    return "no table" if count is None else f"{count} rows"


def media_files(root: Path) -> dict[str, int]:
    """Relative path → size of every file under `root` (none when it does not exist)."""
    if not root.is_dir():
        return {}
    return {
        str(path.relative_to(root)): path.stat().st_size
        for path in root.rglob("*")
        if path.is_file()
    }


def media_differences(here: dict[str, int], there: dict[str, int]) -> list[str]:
    lines = []
    for name in sorted(here.keys() | there.keys()):
        mine, theirs = here.get(name), there.get(name)
        if mine != theirs:
            lines.append(f"media {name}: {_size(mine)} here, {_size(theirs)} in --against-media")
    return lines


def _size(size: int | None) -> str:
    return "missing" if size is None else f"{size} bytes"


@contextmanager
def database_open(url: str) -> Iterator[BaseDatabaseWrapper]:
    """A connection to the database at `url` (a DATABASE_URL), beside the default one."""
    parsed = dj_database_url.parse(url)
    # Django's own defaults (AUTOCOMMIT, OPTIONS, TIME_ZONE …) for a database given as a URL.
    settings_dict = connections.configure_settings({DEFAULT_DB_ALIAS: parsed})[DEFAULT_DB_ALIAS]
    connection = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "against")
    try:
        yield connection
    finally:
        connection.close()
