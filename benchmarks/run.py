"""Benchmark at scale (issue 12): every page and endpoint as p50/p95 and as a ratio to the
sign-in page, measured interleaved in the same run, on gunicorn with DEBUG off.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gd_scale100 \\
        .venv/bin/python benchmarks/run.py --password PW

Needs a database seeded by `manage.py seed_scale` (it signs in as lead0001, safety0001,
family000001-1 and analyst0001 with PW). It starts gunicorn on 127.0.0.1 only, prints a table
and writes JSON (--json, default benchmarks/results.json). A benchmark, not a test: it never
fails for speed, only when it cannot run at all. It writes what a user would: access events,
household searches, and entries in one other dossier of lead0001 (the write measurements).
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from server import free_port, server_env, start_server, stop_server

ROOT = Path(__file__).resolve().parent.parent
LOGINS = {  # role in this benchmark → seeded username (manage.py seed_scale)
    "lead": "lead0001",
    "safety": "safety0001",
    "family": "family000001-1",
    "analyst": "analyst0001",
}

# How a household search is asked, per channel. The API is a GET with a query string today;
# DESIGN §5 wants a POST with a JSON body: change "api" to ("POST", path, "json") then.
SEARCH = {
    "page": ("POST", "/zoeken/", "form"),
    "api": ("GET", "/api/v1/households/search/", "query"),
}


@dataclass
class Endpoint:
    key: str
    label: str
    login: str  # a key of LOGINS; with token=True the API token of that user
    method: str
    path: str  # may hold {dossier}, {write_dossier}
    shape: str = "none"  # "none", "query", "form", "json": how `params` are sent
    params: dict = field(default_factory=dict)
    token: bool = False
    optional: bool = False  # a page that may not exist yet: a 404 skips it


ENDPOINTS = [
    Endpoint("dossiers_lead", "/dossiers/ for a lead", "lead", "GET", "/dossiers/"),
    Endpoint("dossiers_safety", "/dossiers/ for the safety worker", "safety", "GET", "/dossiers/"),
    Endpoint("dossier_page", "dossier page, 200 entries", "lead", "GET", "/dossiers/{dossier}/"),
    Endpoint("family_home", "/mijn-dossier/ (family)", "family", "GET", "/mijn-dossier/"),
    Endpoint(
        "api_list_safety",
        "API dossier list, safety worker",
        "safety",
        "GET",
        "/api/v1/dossiers/",
        token=True,
    ),
    Endpoint(
        "api_detail", "API dossier detail", "lead", "GET", "/api/v1/dossiers/{dossier}/", token=True
    ),
    Endpoint(
        "api_entries",
        "API dossier entries",
        "lead",
        "GET",
        "/api/v1/dossiers/{dossier}/entries/",
        token=True,
    ),
    Endpoint(
        "search_page",
        "household search (page)",
        "safety",
        SEARCH["page"][0],
        SEARCH["page"][1],
        SEARCH["page"][2],
        {"name": "{search_name}", "birth_date": "{search_birth_date}"},
    ),
    Endpoint(
        "search_api",
        "household search (API)",
        "safety",
        SEARCH["api"][0],
        SEARCH["api"][1],
        SEARCH["api"][2],
        {"name": "{search_name}", "birth_date": "{search_birth_date}"},
        token=True,
    ),
    Endpoint("report_page", "municipality report page", "analyst", "GET", "/rapportages/"),
    Endpoint(
        "report_api",
        "municipality report (API)",
        "analyst",
        "GET",
        "/api/v1/reports/municipality/",
        token=True,
    ),
    Endpoint(
        "api_post_entry",
        "API POST entry",
        "lead",
        "POST",
        "/api/v1/dossiers/{write_dossier}/entries/",
        "json",
        {"text": "Korte notitie van de benchmark."},
        token=True,
    ),
    # Not built yet (DESIGN §5, §6): measured as soon as they answer.
    Endpoint(
        "tasks_page", "tasks page", "lead", "GET", "/dossiers/{dossier}/taken/", optional=True
    ),
    Endpoint(
        "tasks_api",
        "API tasks",
        "lead",
        "GET",
        "/api/v1/dossiers/{dossier}/tasks/",
        token=True,
        optional=True,
    ),
    Endpoint(
        "documents_page",
        "documents page",
        "lead",
        "GET",
        "/dossiers/{dossier}/documenten/",
        optional=True,
    ),
    Endpoint(
        "documents_api",
        "API documents",
        "lead",
        "GET",
        "/api/v1/dossiers/{dossier}/documents/",
        token=True,
        optional=True,
    ),
]
FLOOR = Endpoint("floor", "sign-in page (floor)", "", "GET", "/accounts/login/")
THROUGHPUT = "api_list_safety"
CONCURRENCY = (1, 4, 16)


# --- HTTP, by hand: one connection per request (gunicorn's sync workers close it anyway) ----


class Client:
    """A browser or an API client of 127.0.0.1 behind a TLS proxy (X-Forwarded-Proto)."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.token: str | None = None

    def request(self, method, path, *, shape="none", params=None, token=False, timeout=120):
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https"}
        body = None
        params = params or {}
        if shape == "query" and params:
            path += "?" + urllib.parse.urlencode(params)
        elif shape == "json":
            body = json.dumps(params).encode()
            headers["Content-Type"] = "application/json"
        elif shape == "form":
            form = {**params, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = self.origin + path
            headers["Origin"] = self.origin
        if token:
            headers["Authorization"] = f"Token {self.token}"
        elif self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, content

    def sign_in(self, username: str, password: str) -> None:
        self.request("GET", "/accounts/login/")
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            shape="form",
            params={"username": username, "password": password},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"Could not sign in as {username} (status {status}).")
        codes = second_factor_codes(username)
        if codes:
            status, _ = self.request(
                "POST", "/accounts/login/code/", shape="form", params={"code": codes[0]}
            )
            if status != 302:
                raise SystemExit(f"Second step refused for {username} (status {status}).")
        status, content = self.request(
            "POST",
            "/api/v1/auth/token/",
            shape="json",
            params={"username": username, "password": password, "otp": codes[-1] if codes else ""},
        )
        if status != 200:
            raise SystemExit(f"No API token for {username} (status {status}).")
        self.token = json.loads(content)["token"]


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _figures(samples: list[float], floor: list[float]) -> dict:
    p50, p95 = statistics.median(samples), _percentile(samples, 0.95)
    floor50, floor95 = statistics.median(floor), _percentile(floor, 0.95)
    return {
        "n": len(samples),
        "p50_ms": round(p50 * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "floor_p50_ms": round(floor50 * 1000, 2),
        "floor_p95_ms": round(floor95 * 1000, 2),
        "ratio_p50": round(p50 / floor50, 1),
        "ratio_p95": round(p95 / floor95, 1),
    }


# --- what runs in this process: targets, the audited write, PDF copies --------------------------


def setup_django(env: dict) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def second_factor_codes(username: str) -> list[str]:
    """Seeded staff have no authenticator app: enrol them here and hand out two recovery codes
    (one for the session's second step, one for the API token). Families need none."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from accounts.models import User
    from accounts.second_factor import second_factor_demo_device

    user = User.objects.get(username=username)
    if not user.needs_second_factor:
        return []
    second_factor_demo_device(user=user)
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Benchmark", defaults={"confirmed": True}
    )
    codes = [StaticToken.random_token() for _ in range(2)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def find_targets() -> dict:
    """The seeded showcase (lead0001's dossier with 200 entries), a second dossier of lead0001
    for the writes, and a member to search for."""
    from scale.schema import Dossier

    showcase = Dossier.objects.filter(household__members__user__username=LOGINS["family"]).first()
    if showcase is None:
        raise SystemExit("No seed_scale world here: run manage.py seed_scale first.")
    write = (
        Dossier.objects.filter(lead__username=LOGINS["lead"], status=Dossier.Status.OPEN)
        .exclude(pk=showcase.pk)
        .order_by("opened_at")
        .first()
    ) or showcase
    member = showcase.household.members.filter(left_on__isnull=True).order_by("pk").first()
    return {
        "dossier": str(showcase.pk),
        "write_dossier": str(write.pk),
        "search_name": f"{member.first_name} {member.last_name}",
        "search_birth_date": member.date_of_birth.isoformat(),
        "showcase_entries": showcase.entries.count(),
    }


def write_costs(targets: dict, runs: int) -> dict:
    """`casefile.services.entry_add` (access check, transaction, audit row) against a plain
    one-row INSERT into the same table, interleaved, each committed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casefile import services
    from scale.schema import Dossier, Entry, User

    lead = User.objects.get(username=LOGINS["lead"])
    dossier = Dossier.objects.get(pk=targets["write_dossier"])
    audited, plain = [], []
    for i in range(runs):
        start = time.perf_counter()
        services.entry_add(actor=lead, dossier=dossier, text=f"Benchmark: notitie {i}.")
        audited.append(time.perf_counter() - start)
        start = time.perf_counter()
        Entry.objects.bulk_create(
            [
                Entry(
                    dossier=dossier,
                    author=lead,
                    author_organisation_id=lead.organisation_id,
                    text=f"Benchmark: gewone insert {i}.",
                )
            ]
        )
        plain.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        services.entry_add(actor=lead, dossier=dossier, text="Benchmark: queries tellen.")
    return {
        "n": runs,
        "audited_p50_ms": round(statistics.median(audited) * 1000, 2),
        "audited_p95_ms": round(_percentile(audited, 0.95) * 1000, 2),
        "plain_p50_ms": round(statistics.median(plain) * 1000, 2),
        "plain_p95_ms": round(_percentile(plain, 0.95) * 1000, 2),
        "ratio_p50": round(statistics.median(audited) / statistics.median(plain), 1),
        "audited_queries": len(queries),
    }


def _render_pdf(username: str, dossier_id: str, pipe) -> None:
    """In a forked child, so its peak memory is its own."""
    import io
    import resource

    from django.utils import timezone
    from pypdf import PdfReader

    from portal.services.copies import copy_pdf_bytes
    from scale.schema import Dossier, User

    user = User.objects.get(username=username)
    dossier = Dossier.objects.get(pk=dossier_id)
    with open("/proc/self/status") as status:
        baseline = next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
    start = time.perf_counter()
    content = copy_pdf_bytes(user=user, dossier=dossier, now=timezone.now())
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    pipe.send((seconds, len(PdfReader(io.BytesIO(content)).pages), peak, baseline, len(content)))


def pdf_costs(targets: dict, runs: int) -> dict:
    """The PDF copy rendered in-process (the page hands it to a task): time per page."""
    import multiprocessing

    from django.db import connections

    results = {}
    for reader in ("lead", "family"):
        samples = []
        for _ in range(runs):
            connections.close_all()  # the child opens its own
            parent, child = multiprocessing.get_context("fork").Pipe()
            process = multiprocessing.get_context("fork").Process(
                target=_render_pdf, args=(LOGINS[reader], targets["dossier"], child)
            )
            process.start()
            samples.append(parent.recv())
            process.join()
        seconds = statistics.median(s[0] for s in samples)
        pages = samples[0][1]
        results[reader] = {
            "n": runs,
            "pages": pages,
            "seconds_p50": round(seconds, 2),
            "ms_per_page": round(seconds * 1000 / max(1, pages), 1),
            "peak_rss_mb": round(max(s[2] for s in samples) / 1024),
            "added_rss_mb": round(max(s[2] - s[3] for s in samples) / 1024),
            "pdf_kb": round(samples[0][4] / 1024),
        }
    return results


# --- measuring -----------------------------------------------------------------------------------


def _expand(endpoint: Endpoint, targets: dict) -> tuple[str, dict]:
    params = {k: v.format(**targets) for k, v in endpoint.params.items()}
    return endpoint.path.format(**targets), params


def measure(endpoint, client, floor_client, targets, runs, max_seconds) -> dict:
    """Sample the endpoint, each time right after one sample of the floor."""
    path, params = _expand(endpoint, targets)
    call = {"shape": endpoint.shape, "params": params, "token": endpoint.token}
    expected = 201 if endpoint.method == "POST" and endpoint.shape == "json" else 200
    status, _ = client.request(endpoint.method, path, **call)
    if endpoint.optional and status == 404:
        return {"skipped": "not built yet (404)"}
    if status != expected:
        return {"error": f"answered {status}, expected {expected}"}
    client.request(endpoint.method, path, **call)
    samples, floor, errors, size = [], [], 0, 0
    deadline = time.monotonic() + max_seconds
    for _ in range(runs):
        start = time.perf_counter()
        floor_client.request(FLOOR.method, FLOOR.path)
        floor.append(time.perf_counter() - start)
        start = time.perf_counter()
        status, body = client.request(endpoint.method, path, **call)
        samples.append(time.perf_counter() - start)
        errors += status != expected
        size = len(body)
        if time.monotonic() > deadline and len(samples) >= 5:
            break
    return {**_figures(samples, floor), "errors": errors, "kb": round(size / 1024, 1)}


def throughput(port: int, token: str, path: str, clients: int, seconds: float) -> dict:
    """Requests per second that `clients` concurrent API clients get, for `seconds`."""
    done, failed = [0] * clients, [0] * clients
    stop = time.monotonic() + seconds

    def run(i: int) -> None:
        client = Client(port)
        client.token = token
        while time.monotonic() < stop:
            status, _ = client.request("GET", path, token=True)
            done[i] += status == 200
            failed[i] += status != 200

    start = time.monotonic()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": sum(done),
        "errors": sum(failed),
        "per_second": round(sum(done) / elapsed, 1),
    }


# --- the report ----------------------------------------------------------------------------------


def print_report(results: dict) -> None:
    floor = results["floor"]
    print()
    print(f"{'what':<42} {'p50 ms':>9} {'p95 ms':>9} {'× floor':>8} {'× p95':>7} {'n':>4}")
    print(f"{FLOOR.label:<42} {floor['p50_ms']:>9.1f} {floor['p95_ms']:>9.1f} {1:>8.1f} {1:>7.1f}")
    for endpoint in ENDPOINTS:
        row = results["endpoints"][endpoint.key]
        if "p50_ms" not in row:
            print(f"{endpoint.label:<42} {row.get('skipped') or row.get('error')}")
            continue
        print(
            f"{endpoint.label:<42} {row['p50_ms']:>9.1f} {row['p95_ms']:>9.1f} "
            f"{row['ratio_p50']:>8.1f} {row['ratio_p95']:>7.1f} {row['n']:>4}"
        )
    write = results.get("audited_write")
    if write:
        print(
            f"{'audited entry write (entry_add)':<42} {write['audited_p50_ms']:>9.1f} "
            f"{write['audited_p95_ms']:>9.1f}   {write['ratio_p50']}× a plain insert "
            f"({write['plain_p50_ms']} ms); {write['audited_queries']} queries"
        )
    for reader, pdf in results.get("pdf", {}).items():
        print(
            f"{'PDF copy, ' + reader:<42} {pdf['ms_per_page']:>9.1f} ms a page: {pdf['pages']} "
            f"pages in {pdf['seconds_p50']} s, peak {pdf['peak_rss_mb']} MB "
            f"(+{pdf['added_rss_mb']} MB)"
        )
    for row in results.get("throughput", []):
        print(
            f"{'API list, ' + str(row['clients']) + ' concurrent clients':<42} "
            f"{row['per_second']:>9.1f} req/s ({row['requests']} in {row['seconds']} s)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--password", required=True, help="The seed_scale --password.")
    parser.add_argument("--runs", type=int, default=20, help="Samples per endpoint.")
    parser.add_argument(
        "--max-seconds", type=float, default=60, help="Stop sampling one endpoint after this."
    )
    parser.add_argument("--seconds", type=float, default=10, help="Per throughput level.")
    parser.add_argument("--write-runs", type=int, default=50)
    parser.add_argument("--pdf-runs", type=int, default=2)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results.json")
    args = parser.parse_args()
    if not args.database_url:
        raise SystemExit("Give --database-url or DATABASE_URL (a seeded PostgreSQL).")

    env = server_env(args.database_url, workers=2)
    setup_django(env)
    from scale.schema import Household

    targets = find_targets()
    port = args.port or free_port()
    log = args.json.with_name("gunicorn.log")
    results = {
        "meta": {
            "started_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "commit": subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
                cwd=ROOT,
                capture_output=True,
                text=True,
            ).stdout.strip(),
            "database": urllib.parse.urlsplit(args.database_url)._replace(netloc="").geturl(),
            "households": Household.objects.count(),
            "showcase_entries": targets["showcase_entries"],
            "gunicorn_workers": 2,
            "runs": args.runs,
            "cpus": os.cpu_count(),
            "load_before": [round(x, 2) for x in os.getloadavg()],
        },
        "endpoints": {},
    }
    from django.db import connections

    connections.close_all()
    server = start_server(env, port, log)
    try:
        clients = {}
        for role, username in LOGINS.items():
            clients[role] = Client(port)
            clients[role].sign_in(username, args.password)
        floor_client = Client(port)
        for endpoint in ENDPOINTS:
            print(f"measuring {endpoint.label} …", flush=True)
            row = measure(
                endpoint,
                clients[endpoint.login],
                floor_client,
                targets,
                args.runs,
                args.max_seconds,
            )
            results["endpoints"][endpoint.key] = {
                "label": endpoint.label,
                "method": endpoint.method,
                "path": endpoint.path,
                **row,
            }
        floors = [
            (row["floor_p50_ms"], row["floor_p95_ms"])
            for row in results["endpoints"].values()
            if "floor_p50_ms" in row
        ]
        results["floor"] = {
            "label": FLOOR.label,
            "p50_ms": round(statistics.median(f[0] for f in floors), 2),
            "p95_ms": round(statistics.median(f[1] for f in floors), 2),
            "note": "median over the endpoints of the floor measured interleaved with each",
        }
        endpoint = next(e for e in ENDPOINTS if e.key == THROUGHPUT)
        results["throughput"] = []
        for count in CONCURRENCY:
            print(f"throughput with {count} clients …", flush=True)
            results["throughput"].append(
                throughput(port, clients[endpoint.login].token, endpoint.path, count, args.seconds)
            )
    finally:
        stop_server(server)
    print("audited write and PDF copies (in this process) …", flush=True)
    results["audited_write"] = write_costs(targets, args.write_runs)
    results["pdf"] = pdf_costs(targets, args.pdf_runs)
    results["meta"]["load_after"] = [round(x, 2) for x in os.getloadavg()]
    print_report(results)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nWritten to {args.json}")


if __name__ == "__main__":
    main()
