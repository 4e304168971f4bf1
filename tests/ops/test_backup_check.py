"""`manage.py backup_check`: a real copy of the test database (SQLite's backup API, or pg_dump
and pg_restore on PostgreSQL), then the check against it."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from casefile import services
from ops.backup import Snapshot, snapshot_differences
from tests.factories import open_dossier


def _sqlite_copy(tmp_path: Path) -> str:
    target = tmp_path / f"copy-{uuid.uuid4().hex[:8]}.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()
    return f"sqlite:///{target}"


def _postgresql_copy(tmp_path: Path, name: str) -> str:
    settings = connection.settings_dict
    host, port = settings["HOST"] or "127.0.0.1", str(settings["PORT"] or 5432)
    user, password = settings["USER"] or "postgres", settings["PASSWORD"] or ""
    address = ["-h", host, "-p", port, "-U", user]
    run = {"check": True, "env": {**os.environ, "PGPASSWORD": password}}
    dump = tmp_path / f"{name}.dump"
    subprocess.run(["pg_dump", "-Fc", *address, "-f", dump, settings["NAME"]], **run)  # noqa: S607
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(["pg_restore", "--no-owner", *address, "-d", name, dump], **run)  # noqa: S607
    return f"postgres://{user}:{password}@{host}:{port}/{name}"


@pytest.fixture
def copy_url(transactional_db, tmp_path):
    """Takes a copy of the committed test database when called and returns its DATABASE_URL."""
    made = []

    def take() -> str:
        if connection.vendor == "sqlite":
            return _sqlite_copy(tmp_path)
        if connection.vendor != "postgresql" or not shutil.which("pg_restore"):
            pytest.skip("a copy needs SQLite, or PostgreSQL with pg_dump and pg_restore")
        made.append(f"{connection.settings_dict['NAME']}_copy_{uuid.uuid4().hex[:8]}")
        return _postgresql_copy(tmp_path, made[-1])

    yield take
    for name in made:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_it_passes_on_a_faithful_copy_of_database_and_media(copy_url, settings, tmp_path, capsys):
    open_dossier()
    settings.MEDIA_ROOT = tmp_path / "media"
    restored_media = tmp_path / "restored-media"
    for root in (settings.MEDIA_ROOT, restored_media):
        (root / "copies").mkdir(parents=True)
        (root / "copies" / "a.pdf").write_bytes(b"%PDF-1.7 a")
    url = copy_url()
    call_command("backup_check", against=url, against_media=restored_media)
    out = capsys.readouterr().out
    assert "rows match; latest audit entry" in out
    assert "latest audit entry None" not in out
    assert "1 media files match" in out

    (settings.MEDIA_ROOT / "copies" / "b.pdf").write_bytes(b"%PDF-1.7 b")
    with pytest.raises(CommandError, match=r"media copies/b.pdf: 10 bytes here, missing"):
        call_command("backup_check", against=url, against_media=restored_media)


def test_it_names_the_table_and_audit_entry_that_differ(copy_url):
    dossier = open_dossier()
    url = copy_url()
    services.entry_add(actor=dossier.lead, dossier=dossier, text="Na de back-up geschreven.")
    with pytest.raises(CommandError) as raised:
        call_command("backup_check", against=url)
    message = str(raised.value)
    assert "casefile_entry: " in message
    assert "latest audit entry: " in message
    assert "households_household" not in message


def test_a_missing_table_is_a_difference():
    here = Snapshot(rows={"a": 1, "b": 2}, latest_audit_id=7)
    there = Snapshot(rows={"a": 1}, latest_audit_id=7)
    assert snapshot_differences(here, there) == ["b: 2 rows here, no table in --against"]
    assert snapshot_differences(here, here) == []
