"""Benchmark at scale (issue 12): every page and endpoint as p50/p95 and as a ratio to the
sign-in page, measured interleaved in the same run, on gunicorn with DEBUG off.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gd_scale100 \\
        .venv/bin/python benchmarks/run.py --password PW

Needs a database seeded by `manage.py seed_scale` (it signs in as lead0001, safety0001,
family000001-1 and analyst0001 with PW; staff with a recovery code it enrols for them). It
starts gunicorn on 127.0.0.1 only, prints a table (what, p50, p95, × floor, target, met) and
writes JSON (--json, default benchmarks/results.json). A benchmark, not a test: it never fails
for speed, only when it cannot run at all. It writes what a user would: access events,
household searches, and entries in one other dossier of lead0001 (the write measurements).

What is measured and each target: targets.py. How: measuring.py. The table: reporting.py.
`--report FILE` prints the table of a saved run again.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import urllib.parse
from pathlib import Path

import measuring
import reporting
from client import Client
from server import free_port, server_env, start_server, stop_server
from targets import CONCURRENCY, ENDPOINTS, FLOOR, LOGINS, THROUGHPUT

ROOT = Path(__file__).resolve().parent.parent


def setup_django(env: dict) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _meta(args, targets: dict) -> dict:
    from scale.schema import Household

    return {
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
    }


def measure_over_http(args, env: dict, targets: dict, results: dict) -> dict[str, Client]:
    """Every endpoint against the floor, then throughput; gunicorn runs only for this.
    Returns the main signed-in client of each login (their API tokens stay valid)."""
    from targets import second_factor_codes

    port = args.port or free_port()
    log = args.json.with_name("gunicorn.log")
    server = start_server(env, port, log, collect=not args.no_collectstatic)
    sessions: dict[tuple[str, str], Client] = {}

    def signed_in(login: str, session: str = "") -> Client:
        """One browser session per (login, session): an endpoint with a setup gets its own, so
        what the setup keeps in the session (a list's name filter) stays out of the others."""
        if (login, session) not in sessions:
            client = Client(port)
            username = LOGINS[login]
            client.sign_in(username, args.password, second_factor_codes(username))
            sessions[login, session] = client
        return sessions[login, session]

    try:
        floor_client = Client(port)
        for endpoint in ENDPOINTS:
            if args.only and endpoint.key not in args.only:
                continue
            print(f"measuring {endpoint.label} …", flush=True)
            client = signed_in(endpoint.login, endpoint.key if endpoint.setup else "")
            row = measuring.measure(
                endpoint, client, floor_client, targets, args.runs, args.max_seconds
            )
            results["endpoints"][endpoint.key] = {
                "label": endpoint.label,
                "method": endpoint.method,
                "path": endpoint.path,
                "target_ratio": endpoint.target,
                **row,
            }
        floors = [
            (row["floor_p50_ms"], row["floor_p95_ms"])
            for row in results["endpoints"].values()
            if "floor_p50_ms" in row
        ]
        results["floor"] = {
            "label": FLOOR.label,
            "p50_ms": round(statistics.median(f[0] for f in floors), 2) if floors else 0,
            "p95_ms": round(statistics.median(f[1] for f in floors), 2) if floors else 0,
            "note": "median over the endpoints of the floor measured interleaved with each",
        }
        endpoint = next(e for e in ENDPOINTS if e.key == THROUGHPUT)
        token = signed_in(endpoint.login).token
        results["throughput"] = []
        for count in CONCURRENCY if args.seconds > 0 else ():
            print(f"throughput with {count} clients …", flush=True)
            results["throughput"].append(
                measuring.throughput(port, token, endpoint.path, count, args.seconds)
            )
        return {login: signed_in(login) for login in LOGINS}
    finally:
        stop_server(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--password", help="The seed_scale --password.")
    parser.add_argument("--runs", type=int, default=20, help="Samples per endpoint.")
    parser.add_argument(
        "--max-seconds", type=float, default=60, help="Stop sampling one endpoint after this."
    )
    parser.add_argument(
        "--seconds", type=float, default=10, help="Per throughput level (0: no throughput)."
    )
    parser.add_argument("--write-runs", type=int, default=50)
    parser.add_argument("--pdf-runs", type=int, default=2, help="0: no PDF copy.")
    parser.add_argument("--only", nargs="*", help="Only these endpoint keys (see targets.py).")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument(
        "--no-collectstatic",
        action="store_true",
        help="Serve the static files collected last time (collectstatic takes minutes when busy).",
    )
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument("--report", type=Path, help="Print the table of a saved run and stop.")
    args = parser.parse_args()
    if args.report:
        results = json.loads(args.report.read_text())
        print(reporting.summary(results))
        print(reporting.text_table(results))
        return
    if not args.database_url or not args.password:
        raise SystemExit(
            "Give --password and --database-url or DATABASE_URL (a seeded PostgreSQL)."
        )

    env = server_env(args.database_url, workers=2)
    setup_django(env)
    from targets import find_targets

    targets = find_targets()
    results = {"meta": _meta(args, targets), "endpoints": {}}
    clients = measure_over_http(args, env, targets, results)
    print("audited write and PDF copies (in this process) …", flush=True)
    results["audited_write"] = measuring.write_costs(
        targets, args.write_runs, clients["lead"].token
    )
    if args.pdf_runs:
        results["pdf"] = measuring.pdf_costs(targets, args.pdf_runs)
    results["meta"]["load_after"] = [round(x, 2) for x in os.getloadavg()]
    print()
    print(reporting.summary(results))
    print(reporting.text_table(results))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nWritten to {args.json}")


if __name__ == "__main__":
    main()
