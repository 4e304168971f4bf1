"""`manage.py relay_outbox`: hand over the side effects that are due (cron, or when beat is down).

Without Redis the effects run here, in this process. `--retry-failed` first opens the messages
that were given up on again.
"""

from __future__ import annotations

from celery import current_app
from django.core.management.base import BaseCommand

from outbox import services
from outbox.models import Message


class Command(BaseCommand):
    help = "Hand over the pending side effects (e-mails, PDF copies) that are due."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000, help="At most this many.")
        parser.add_argument(
            "--retry-failed", action="store_true", help="Try the failed messages again first."
        )

    def handle(self, *args, limit: int, retry_failed: bool, **options):
        current_app.loader.import_default_modules()  # every app's tasks, by name
        if retry_failed:
            reopened = services.messages_retry_failed()
            self.stdout.write(f"{reopened} failed message(s) opened again.")
        handed = services.messages_relay(limit=limit)
        counts = {
            status: Message.objects.filter(status=status).count() for status in Message.Status
        }
        self.stdout.write(
            f"{handed} handed over; {counts[Message.Status.PENDING]} pending, "
            f"{counts[Message.Status.SENDING]} sending, {counts[Message.Status.FAILED]} failed."
        )
