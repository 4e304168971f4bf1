"""`manage.py backup_check --against URL`: does this database hold what the other one holds?

Run it on a restored backup with the source as --against (README: Backup and restore). Until
the audit log carries a hash chain it compares the number of rows in every table and the
latest audit entry; with --against-media also the files under MEDIA_ROOT (PDF copies).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ops import backup


class Command(BaseCommand):
    help = (
        "Compare the rows of every table and the latest audit entry of this database "
        "(DATABASE_URL) with another one, such as the source of a restored backup."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--against", required=True, help="DATABASE_URL of the database to compare with."
        )
        parser.add_argument(
            "--against-media",
            type=Path,
            help="Also compare the files under MEDIA_ROOT with the files under this folder.",
        )

    def handle(self, *args, against, against_media, **options):
        here = backup.snapshot_take(connection)
        with backup.database_open(against) as other:
            there = backup.snapshot_take(other)
        differences = backup.snapshot_differences(here, there)
        files = None
        if against_media is not None:
            files = backup.media_files(Path(settings.MEDIA_ROOT))
            differences += backup.media_differences(files, backup.media_files(against_media))
        if differences:
            raise CommandError("The databases differ:\n  " + "\n  ".join(differences))
        summary = (
            f"{len(here.rows)} tables and {sum(here.rows.values())} rows match; "
            f"latest audit entry {here.latest_audit_id}"
        )
        if files is not None:
            summary += f"; {len(files)} media files match"
        self.stdout.write(self.style.SUCCESS(summary + "."))
