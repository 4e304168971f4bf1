"""Walk the audit trail's hash chain (R12, BIO 8.15); exit 1 and name the first broken row."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from casefile.services.audit_chain import audit_chain_check


class Command(BaseCommand):
    help = "Check the hash chain over audit rows and access events; exit 1 on the first break."

    def handle(self, *args, **options):
        check = audit_chain_check()
        if not check.intact:
            raise CommandError(f"The audit chain is broken: {check.first_break}.")
        self.stdout.write(f"The audit chain is intact: {check.rows} seals checked.")
