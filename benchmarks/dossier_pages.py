"""Benchmark: time to render the dossier list and a dossier page as the data grows.

Prints figures; never fails. Run: `.venv/bin/python benchmarks/dossier_pages.py`
(uses a throw-away SQLite database unless DATABASE_URL is set).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from accounts.models import User  # noqa: E402
from casefile import services  # noqa: E402
from casefile.models import Dossier  # noqa: E402


def timed(client: Client, url: str, runs: int = 15) -> tuple[float, int]:
    client.get(url)
    samples = []
    for _ in range(runs):
        reset_queries()
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200
    return statistics.median(samples) * 1000, len(connection.queries)


@override_settings(DEBUG=True, ALLOWED_HOSTS=["testserver"])
def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_demo", password="bench", force=True, verbosity=0)
    anna = User.objects.get(username="anna")
    dossier = Dossier.objects.get(household__label="Jansen")
    client = Client()
    client.force_login(anna)
    print(f"{'entries':>8} {'page ms':>8} {'queries':>8}")
    total = dossier.entries.count()
    for target in (10, 100, 500, 1000):
        for i in range(total, target):
            services.entry_add(actor=anna, dossier=dossier, text=f"Notitie {i} " + "tekst " * 30)
        total = max(total, target)
        ms, queries = timed(client, f"/dossiers/{dossier.pk}/")
        print(f"{total:>8} {ms:>8.1f} {queries:>8}")
    print(f"{'dossiers':>8} {'list ms':>8} {'queries':>8}")
    from tests.factories import open_dossier

    for target in (10, 100):
        while anna.led_dossiers.count() < target:
            open_dossier(lead=anna)
        ms, queries = timed(client, "/dossiers/")
        print(f"{target:>8} {ms:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
