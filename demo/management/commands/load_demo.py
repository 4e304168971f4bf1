from django.core.management.base import BaseCommand, CommandError

from demo import world as demo


class Command(BaseCommand):
    help = "Load the demo world of DESIGN §6 (idempotent). Every demo user gets --password."

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True, help="Password for every demo user.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when the database holds other people or households.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Skip quietly (instead of failing) when the database holds other data.",
        )

    def handle(self, *args, password, force, if_empty, **options):
        if demo.other_data_present() and not force:
            if if_empty:
                self.stdout.write("The database holds other data; the demo world was not loaded.")
                return
            raise CommandError(
                "The database holds other people or households. Use --force to load the demo anyway."
            )
        already = demo.is_loaded()
        demo.load(password)
        verb = "is up to date" if already else "is loaded"
        self.stdout.write(self.style.SUCCESS(f"The demo world {verb}."))
        self.stdout.write(
            f"Demo users ({', '.join(demo.DEMO_USERNAMES)}) sign in with password: {password}"
        )
        self.stdout.write(
            "Staff also give a code from an authenticator app. Add each URI to one "
            "(it holds the secret; many apps take it from a QR code of the URI):"
        )
        for username, uri in demo.totp_uris().items():
            self.stdout.write(f"  {username:<18} password {password:<12} {uri}")
