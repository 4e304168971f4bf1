"""Ten people write at the same moment on the embedded default (SQLite): nobody gets an error."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from .conftest import DEMO_PASSWORD, RECOVERY_CODES

pytestmark = [pytest.mark.fault, pytest.mark.slow]

WRITERS = 10


def _at_once(work, count: int = WRITERS) -> list:
    """Run `work(n)` in `count` threads released together."""
    start = threading.Barrier(count)

    def run(number):
        start.wait()
        return work(number)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_ten_simultaneous_writers_lose_nothing(start_app):
    app = start_app(workers=3, threads=4)
    tokens = _at_once(lambda n: app.browser().token("anna", DEMO_PASSWORD, otp=RECOVERY_CODES[n]))
    assert [answer.status for answer in tokens] == [200] * WRITERS
    token = tokens[0].json()["token"]
    dossier = app.browser().get("/api/v1/dossiers/", token=token).json()["results"][0]["id"]

    def write(number):
        return app.browser().request(
            f"/api/v1/dossiers/{dossier}/entries/",
            json_body={"text": f"Gelijktijdige notitie {number}."},
            token=token,
        )

    answers = _at_once(write)

    assert [answer.status for answer in answers] == [201] * WRITERS, [a.body for a in answers]
    with sqlite3.connect(app.database) as database:
        (saved,) = database.execute(
            "SELECT count(*) FROM casefile_entry WHERE text LIKE 'Gelijktijdige notitie %'"
        ).fetchone()
        (mode,) = database.execute("PRAGMA journal_mode").fetchone()
    assert saved == WRITERS
    assert mode == "wal"
    assert "database is locked" not in app.log.read_text()


def test_ten_simultaneous_sign_ins_on_the_page(start_app):
    app = start_app(workers=3, threads=4)
    visitors = [app.browser() for _ in range(WRITERS)]

    answers = _at_once(lambda n: visitors[n].sign_in("anna", DEMO_PASSWORD))
    steps = [visitors[n].second_step(RECOVERY_CODES[20 + n]) for n in range(WRITERS)]
    assert [answer.status for answer in steps] == [302] * WRITERS

    assert [answer.status for answer in answers] == [302] * WRITERS
    assert all(visitor.get("/").status == 200 for visitor in visitors)
