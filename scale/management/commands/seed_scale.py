"""`manage.py seed_scale --households N --password PW`: a large, realistic world for measuring.

Rows are written in bulk (COPY on PostgreSQL, `bulk_create` elsewhere), not through the
services, but they hold what the services would have left (see scale/households.py), audit
chain included: each chunk's audit rows and access events are sealed
(`casefile.seals.seal_digests`, from the values written) before it commits, by the worker that
wrote them. The world is the same for a given `--seed` on a given day, however many `--workers` write it.

It refuses a database that holds anything it did not create. `--force` empties a database that
holds only an earlier seed_scale world (PostgreSQL: TRUNCATE; the append-only tables cannot be
emptied on SQLite) and seeds it again. On PostgreSQL it ends with VACUUM (ANALYZE).
"""

from __future__ import annotations

import datetime
import multiprocessing
import time

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.utils import timezone, translation

from scale.bulk import Loader
from scale.households import HouseholdBuilder
from scale.rows import Rows
from scale.schema import (
    AccessEvent,
    AuditSeal,
    DossierUserObjectPermission,
    Entry,
    Household,
    Involvement,
    LogEntry,
    Municipality,
    Organisation,
    User,
    access,
)
from scale.staff import EMAIL_DOMAIN, SENTINEL, Staff, StaffBuilder

CHUNK = 250  # households per transaction
# The tables with millions of rows at 100,000 households.
BIG_TABLES = [Entry, LogEntry, AccessEvent, AuditSeal]

# Set by the parent before worker processes fork; a worker only reads them.
_STAFF: Staff | None = None
_OPTIONS: dict = {}


def database_state() -> str:
    """'empty', 'seeded' (only an earlier seed_scale world) or 'other' (anything else)."""
    if not (
        User.objects.exists()
        or Household.objects.exists()
        or Organisation.objects.exists()
        or Municipality.objects.exists()
    ):
        return "empty"
    if not Organisation.objects.filter(name=SENTINEL).exists():
        return "other"
    foreign_users = User.objects.exclude(email__endswith=f"@{EMAIL_DOMAIN}").exists()
    foreign_households = Household.objects.exclude(
        dossier__lead__email__endswith=f"@{EMAIL_DOMAIN}"
    ).exists()
    return "other" if foreign_users or foreign_households else "seeded"


def _load(bounds: tuple[int, int]) -> dict[str, int]:
    """Households `bounds[0]` up to `bounds[1]`, in one transaction."""
    start, stop = bounds
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        loader = Loader(connection)
        unchecked = loader.fast()
        rows = Rows(loader)
        for index in range(start, stop):
            HouseholdBuilder(rows, _STAFF, index, **_OPTIONS).build()
        written = rows.write()
        if unchecked:  # inside a test's transaction the rest runs with the triggers on
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = origin")
    return written


def _add(total: dict[str, int], written: dict[str, int]) -> None:
    for label, count in written.items():
        total[label] = total.get(label, 0) + count


class Command(BaseCommand):
    help = "Seed a large, realistic world (default 100,000 households) for measuring at scale."

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, default=100_000)
        parser.add_argument("--password", required=True, help="Password of every seeded login.")
        parser.add_argument("--seed", type=int, default=12, help="Same seed, same world.")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Processes writing households side by side (PostgreSQL; 2 on a 2-core machine).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Empty an earlier seed_scale world first. Never touches other data.",
        )

    def handle(self, *args, households, password, seed, workers, force, **options):
        global _STAFF, _OPTIONS
        if households < 1:
            raise CommandError("--households must be at least 1.")
        self._check_database(force)
        started = time.monotonic()
        now = timezone.make_aware(
            datetime.datetime.combine(timezone.localdate(), datetime.time.min)
        ).astimezone(datetime.UTC)
        total: dict[str, int] = {}
        # One hash for every login: hashing a million times would take hours.
        password_hash = make_password(password)
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            rows = Rows(Loader(connection))
            staff = StaffBuilder(
                rows, households=households, seed=seed, password=password_hash, now=now
            ).build()
            _add(total, rows.write())
        _STAFF, _OPTIONS = staff, {"seed": seed, "now": now, "today": timezone.localdate()}
        chunks = [(i, min(i + CHUNK, households)) for i in range(0, households, CHUNK)]
        parallel = workers > 1 and connection.vendor == "postgresql"
        if parallel and connection.in_atomic_block:
            raise CommandError("--workers needs its own transactions; run it outside one.")
        # The big tables' secondary indexes are dropped for the load and built again after it
        # (PostgreSQL, outside a test's transaction): kept row by row, they outgrew the shared
        # buffers and took a growing share of the load. Built in `finally`: never left out.
        loader = Loader(connection)
        deferred = []
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            deferred = loader.secondary_indexes(BIG_TABLES)
            loader.drop_indexes(deferred)
        done = 0
        try:
            if parallel:
                connections.close_all()  # each process opens its own connection
                with multiprocessing.get_context("fork").Pool(workers) as pool:
                    for written in pool.imap_unordered(_load, chunks):
                        done = self._progress(done, written, total, households, started)
            else:
                for bounds in chunks:
                    done = self._progress(done, _load(bounds), total, households, started)
        finally:
            if deferred:
                self.stdout.write(f"Building {len(deferred)} indexes of the big tables …")
                Loader(connection).build_indexes(deferred)
        if connection.vendor == "postgresql":
            self.stdout.write("Checking every foreign key, then VACUUM (ANALYZE) …")
            with transaction.atomic():
                broken = Loader(connection).foreign_keys_broken(
                    [apps.get_model(label) for label in total]
                )
            if broken:
                raise CommandError(f"Foreign keys that point nowhere: {', '.join(broken)}")
            # As a database in use would be: vacuumed (so index-only scans need no heap
            # fetches, even where autovacuum is off) and analyzed. VACUUM cannot run in a
            # transaction (a test's): there it is ANALYZE alone.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        self._report(total, staff, households, time.monotonic() - started, password)

    def _check_database(self, force: bool) -> None:
        state = database_state()
        if state == "other":
            raise CommandError(
                "This database holds people or households that seed_scale did not create. "
                "Use an empty database; --force only replaces an earlier seed_scale world."
            )
        if state == "seeded":
            if not force:
                raise CommandError(
                    "This database holds an earlier seed_scale world. Use --force to replace it."
                )
            if connection.vendor != "postgresql":
                raise CommandError(
                    "Replacing a world needs PostgreSQL (the append-only tables cannot be "
                    "emptied on SQLite). Use a new database file."
                )
            self.stdout.write("Emptying the earlier seed_scale world …")
            connection.check_constraints()  # TRUNCATE refuses while deferred checks are pending
            call_command("flush", interactive=False, verbosity=0)

    def _progress(self, done, written, total, households, started) -> int:
        _add(total, written)
        before, done = done, done + written.get(Household._meta.label, 0)
        if done * 10 // households != before * 10 // households or done == households:
            self.stdout.write(f"{done:>9,} households in {time.monotonic() - started:6.0f} s")
        return done

    def _report(self, total, staff: Staff, households, seconds, password) -> None:
        self.stdout.write(
            self.style.SUCCESS(f"Seeded {households:,} households in {seconds:.0f} s.")
        )
        for label, count in sorted(total.items(), key=lambda item: -item[1]):
            self.stdout.write(f"  {label:<48} {count:>11,}")
        lead = staff.teams[0].leads[0]
        safety = staff.heavy[0] if staff.heavy else next(iter(staff.safety.values()))[0]
        grants = DossierUserObjectPermission.objects.filter(
            permission__codename=access.VIEW_CONTENT
        )
        logins = [
            (lead.username, f"lead, {lead.organisation_name}", grants.filter(user_id=lead.id)),
            (
                safety.username,
                f"safety team, {safety.organisation_name}",
                Involvement.objects.filter(professional_id=safety.id, ended_at__isnull=True),
            ),
            ("family000001-1", "family: parent in household 0 (lead0001's showcase)", None),
            ("family000001-2", "family: child (14) in household 0", None),
            *(
                (a.username, f"municipality analyst, {a.organisation_name}", None)
                for a in staff.analysts
            ),
            (staff.admin.username, "functional administrator (no case content)", None),
        ]
        self.stdout.write(f"Logins, each with password: {password}")
        for username, who, dossiers in logins:
            seen = f" — {dossiers.count():,} dossiers" if dossiers is not None else ""
            self.stdout.write(f"  {username:<16} {who}{seen}")
