"""Load run (issue 11): 16 simulated users on the demo world against gunicorn, for 5 minutes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gd_load \\
        .venv/bin/python manage.py load_demo --password PW
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gd_load \\
        .venv/bin/python benchmarks/load.py --password PW [--seconds 60]

It starts gunicorn (config/gunicorn.py, DEBUG off, bound to 127.0.0.1 on a free port) against
DATABASE_URL and stops it at the end, or drives a running server given with --url (127.0.0.1 or
localhost only). Users, all signing in with PW: 5 × anna and 4 × bram (dossier list, dossier
pages, now and then an entry, API reads with a token), 3 × sara (start page, dossier list,
household searches), 4 × pieter.jansen (/mijn-dossier/ and who looked at it).

It prints the error count, p50/p95 per kind of request and overall, and throughput, and writes
JSON (--json). A benchmark: it never fails for speed. It exits 1 on errors only: a 5xx, a
connection error, any status other than the one expected (a 4xx, a redirect to the login page),
or an exception in a simulated user. It writes what users would: entries, access events,
searches, so run it against a database you can throw away.

Locust (as a library) simulates the users: it brings per-user sessions, weighted tasks, think
time and percentiles per request kind, which a threaded client would have to build by hand.
"""

from __future__ import annotations

# Locust patches the standard library for gevent on import: before anything else imports it.
from locust import HttpUser, between, task  # isort: skip

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import urllib.parse
from pathlib import Path

import gevent
from locust.env import Environment
from server import free_port, server_env, start_server, stop_server

ROOT = Path(__file__).resolve().parent.parent
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
LOGIN = "/accounts/login/"
SECOND_STEP = "/accounts/login/code/"
TIMEOUT = 60  # seconds; a request that takes longer counts as a connection error
ENTRY_TEXT = "Telefonisch contact gehad. Volgende week komen we langs voor een huisbezoek."


def _through_tls_proxy(cookies) -> None:
    """The app believes it sits behind a TLS proxy (X-Forwarded-Proto: https) and marks its
    cookies Secure; this client plays that proxy's inside and speaks plain HTTP to 127.0.0.1,
    so it takes the flag off or it would never send them back."""
    for cookie in cookies:
        cookie.secure = False


class DemoUser(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)  # think time between two clicks
    username = ""
    password = ""  # set by main()
    codes: list[str] = []  # one-time recovery codes for the second step, set by main()

    def one_time_code(self) -> str:
        return self.codes.pop() if self.codes else ""

    def on_start(self) -> None:
        self.token = ""
        self.call("GET", LOGIN, "sign-in page")
        # A failed sign-in is counted; the user goes on, and each page it asks fails too.
        self.call(
            "POST",
            LOGIN,
            "sign in",
            expect=302,
            form={"username": self.username, "password": self.password},
        )
        if self.codes:  # staff: the second step, with a recovery code (TOTP codes work once)
            self.call(
                "POST", SECOND_STEP, "second step", expect=302, form={"code": self.one_time_code()}
            )

    def call(self, method, path, kind, *, expect=200, form=None, body=None, token=False):
        """One request; anything but the `expect`ed status is a failure under `kind`."""
        headers = {"X-Forwarded-Proto": "https"}
        if token:
            headers["Authorization"] = f"Token {self.token}"
        data = None
        if form is not None:
            data = {**form, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
            # Django checks the Referer of a secure POST; no Origin, so a DEBUG server passes too.
            headers["Referer"] = f"https://{urllib.parse.urlsplit(self.host).netloc}{path}"
        with self.client.request(
            method,
            path,
            name=kind,
            headers=headers,
            data=data,
            json=body,
            allow_redirects=False,
            timeout=TIMEOUT,
            catch_response=True,
        ) as response:
            # Where a redirect goes, without the query string (?next= holds the page asked for).
            where = response.headers.get("Location", "").split("?")[0]
            if response.status_code == expect and not where.endswith(LOGIN):
                response.success()
            elif response.status_code == 0:
                response.failure(f"connection error: {type(response.error).__name__}")
            elif response.status_code >= 500:
                response.failure(f"server error {response.status_code}")
            else:
                response.failure(
                    f"unexpected {response.status_code}" + (f" to {where}" if where else "")
                )
        _through_tls_proxy(self.client.cookies)
        return response


class Professional(DemoUser):
    """A lead: reads the dossier list and pages, writes an entry now and then, uses the API."""

    abstract = True

    def on_start(self) -> None:
        super().on_start()
        credentials = {
            "username": self.username,
            "password": self.password,
            "otp": self.one_time_code(),
        }
        response = self.call("POST", "/api/v1/auth/token/", "API token", body=credentials)
        self.token = response.json()["token"] if response.status_code == 200 else ""
        listed = self.call("GET", "/api/v1/dossiers/", "API dossier list", token=True)
        ok = listed.status_code == 200
        self.dossiers = [row["id"] for row in listed.json()["results"]] if ok else []
        if not self.dossiers:
            raise RuntimeError(f"{self.username} sees no dossiers (status {listed.status_code})")

    @task(4)
    def dossier_list(self) -> None:
        self.call("GET", "/dossiers/", "dossier list")

    @task(6)
    def dossier_page(self) -> None:
        self.call("GET", f"/dossiers/{random.choice(self.dossiers)}/", "dossier page")

    @task(1)
    def entry_write(self) -> None:
        dossier = random.choice(self.dossiers)
        self.call(
            "POST",
            f"/dossiers/{dossier}/notities/",
            "entry write",
            expect=302,
            form={"text": ENTRY_TEXT, "visibility": "family"},
        )

    @task(2)
    def api_dossier_list(self) -> None:
        self.call("GET", "/api/v1/dossiers/", "API dossier list", token=True)

    @task(2)
    def api_dossier(self) -> None:
        dossier = random.choice(self.dossiers)
        self.call("GET", f"/api/v1/dossiers/{dossier}/", "API dossier", token=True)

    @task(2)
    def api_entries(self) -> None:
        dossier = random.choice(self.dossiers)
        self.call("GET", f"/api/v1/dossiers/{dossier}/entries/", "API entries", token=True)


class Anna(Professional):
    username = "anna"
    fixed_count = 5


class Bram(Professional):
    username = "bram"
    fixed_count = 4


def _born(age: int, days_since_birthday: int = 45) -> str:
    """A birth date as the demo world writes it (demo.world.born); a stale one finds nothing."""
    day = datetime.date.today() - datetime.timedelta(days=days_since_birthday)  # noqa: DTZ011
    try:
        return day.replace(year=day.year - age).isoformat()
    except ValueError:
        return day.replace(year=day.year - age, day=28).isoformat()


class Sara(DemoUser):
    """The safety worker, involved nowhere yet: her start page, her list, household searches."""

    username = "sara"
    fixed_count = 3

    @task(2)
    def start_page(self) -> None:
        self.call("GET", "/", "start page")

    @task(2)
    def dossier_list(self) -> None:
        self.call("GET", "/dossiers/", "dossier list")

    @task(1)
    def search_page(self) -> None:
        search = {"name": "Lisa Jansen", "birth_date": _born(14)}
        self.call("POST", "/zoeken/", "household search", form=search)


class Pieter(DemoUser):
    """The father in Jansen, on the family's own pages."""

    username = "pieter.jansen"
    fixed_count = 4

    @task(5)
    def family_home(self) -> None:
        self.call("GET", "/mijn-dossier/", "family home")

    @task(1)
    def family_access_log(self) -> None:
        self.call("GET", "/mijn-dossier/wie-keek/", "family access log")


USERS = [Anna, Bram, Sara, Pieter]


# --- the run and its figures ---------------------------------------------------------------------


def _figures(entry) -> dict:
    return {
        "n": entry.num_requests,
        "errors": entry.num_failures,
        "p50_ms": entry.get_response_time_percentile(0.5),
        "p95_ms": entry.get_response_time_percentile(0.95),
        "avg_ms": round(entry.avg_response_time, 1),
        "max_ms": round(entry.max_response_time or 0),
        "per_second": round(entry.total_rps, 2),
    }


def run(url: str, seconds: float) -> dict:
    environment = Environment(user_classes=USERS, host=url, catch_exceptions=True)
    runner = environment.create_local_runner()
    users = sum(user.fixed_count for user in USERS)
    runner.start(users, spawn_rate=4)
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()
    stats = environment.stats
    return {
        "requests": {
            name: {"method": method, **_figures(entry)}
            for (name, method), entry in sorted(stats.entries.items())
        },
        "overall": _figures(stats.total),
        "errors": [
            {"kind": e.name, "method": e.method, "error": str(e.error), "count": e.occurrences}
            for e in stats.errors.values()
        ],
        "exceptions": [
            {"count": e["count"], "msg": e["msg"], "nodes": sorted(e["nodes"])}
            for e in runner.exceptions.values()
        ],
    }


def print_report(results: dict) -> None:
    print()
    print(f"{'request':<22} {'n':>6} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>7}")
    rows = [*results["requests"].items(), ("overall", results["overall"])]
    for name, row in rows:
        print(
            f"{name:<22} {row['n']:>6} {row['errors']:>6} {row['p50_ms']:>7} "
            f"{row['p95_ms']:>7} {row['per_second']:>7}"
        )
    print(f"\nerrors: {results['error_count']}")
    for error in results["errors"]:
        print(f"  {error['count']} × {error['method']} {error['kind']}: {error['error']}")
    for error in results["exceptions"]:
        print(f"  {error['count']} × exception in a simulated user: {error['msg']}")


def _local(url: str) -> str:
    host = urllib.parse.urlsplit(url).hostname
    if host not in LOCAL_HOSTS:
        raise SystemExit(f"Load goes to this machine only (127.0.0.1, localhost), not {host}.")
    return url.rstrip("/")


def recovery_codes(database_url: str, user_class) -> list[str]:
    """Staff sign in with a second factor. Demo staff have an authenticator app (TOTP), but a code
    from it works once per 30 seconds and several simulated users share an account, so each
    simulated sign-in and token gets a one-time recovery code, made here in the database."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from accounts.models import User

    user = User.objects.get(username=user_class.username)
    if not user.needs_second_factor:
        return []
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Load run", defaults={"confirmed": True}
    )
    codes = [StaticToken.random_token() for _ in range(2 * user_class.fixed_count + 2)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--password", required=True, help="The load_demo --password.")
    parser.add_argument("--seconds", type=float, default=300, help="How long the users work.")
    parser.add_argument("--url", help="A running server on this machine; else gunicorn is started.")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers when started.")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results-load.json")
    args = parser.parse_args()
    for user in USERS:
        user.password = args.password
        if args.database_url:
            user.codes = recovery_codes(args.database_url, user)

    server = None
    log = args.json.with_name("gunicorn-load.log")
    if args.url:
        url = _local(args.url)
    else:
        if not args.database_url:
            raise SystemExit("Give --url, or --database-url / DATABASE_URL with the demo world.")
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        print(f"starting gunicorn ({args.workers} workers) on {url} …", flush=True)
        server = start_server(server_env(args.database_url, workers=args.workers), port, log)
    started = datetime.datetime.now(datetime.UTC)
    load_before = [round(x, 2) for x in os.getloadavg()]
    print(f"{sum(u.fixed_count for u in USERS)} users for {args.seconds:g} s …", flush=True)
    try:
        results = run(url, args.seconds)
    finally:
        if server is not None:
            stop_server(server)
    results["error_count"] = sum(e["count"] for e in results["errors"]) + sum(
        e["count"] for e in results["exceptions"]
    )
    results["meta"] = {
        "started_at": started.isoformat(timespec="seconds"),
        "seconds": args.seconds,
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip(),
        "url": url,
        "server": "started: gunicorn, DEBUG off" if server else "given with --url",
        "gunicorn_workers": args.workers if server else None,
        "database": (
            urllib.parse.urlsplit(args.database_url)._replace(netloc="").geturl()
            if server
            else None
        ),
        "users": {user.username: user.fixed_count for user in USERS},
        "cpus": os.cpu_count(),
        "load_before": load_before,
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "percentiles": "locust's: exact below 100 ms, then to 2 significant digits",
    }
    print_report(results)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nWritten to {args.json}")
    if results["error_count"]:
        if server is not None:
            print(f"\nThe end of {log}:")
            print("".join(log.read_text(errors="replace").splitlines(keepends=True)[-40:]))
        sys.exit(1)


if __name__ == "__main__":
    main()
