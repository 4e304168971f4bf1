"""How `run.py` measures: pages and endpoints over HTTP, each sample right after one of the
floor; API throughput; and in this process the audited write and the PDF copy."""

from __future__ import annotations

import statistics
import threading
import time

from client import Client
from targets import FLOOR, LOGINS, Endpoint


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def figures(samples: list[float], floor: list[float]) -> dict:
    p50, p95 = statistics.median(samples), percentile(samples, 0.95)
    floor50, floor95 = statistics.median(floor), percentile(floor, 0.95)
    return {
        "n": len(samples),
        "p50_ms": round(p50 * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "floor_p50_ms": round(floor50 * 1000, 2),
        "floor_p95_ms": round(floor95 * 1000, 2),
        "ratio_p50": round(p50 / floor50, 1),
        "ratio_p95": round(p95 / floor95, 1),
    }


def _expand(params: dict, targets: dict) -> dict:
    return {k: v.format(**targets) for k, v in params.items()}


def measure(endpoint: Endpoint, client, floor_client, targets, runs, max_seconds) -> dict:
    """Sample the endpoint, each time right after one sample of the floor."""
    if endpoint.setup:
        method, path, shape, params = endpoint.setup
        client.request(method, path.format(**targets), shape=shape, params=_expand(params, targets))
    if endpoint.token and client.token is None:
        return {"error": "no API token for this login"}
    path, params = endpoint.path.format(**targets), _expand(endpoint.params, targets)
    call = {"shape": endpoint.shape, "params": params, "token": endpoint.token}
    expected = endpoint.expected
    status, _ = client.request(endpoint.method, path, **call)
    if endpoint.optional and status == 404:
        return {"skipped": "not built yet (404)"}
    if status != expected:
        return {"error": f"answered {status}, expected {expected}"}
    client.request(endpoint.method, path, **call)  # warm
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
    return {**figures(samples, floor), "errors": errors, "kb": round(size / 1024, 1)}


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


_TRANSACTION = ("BEGIN", "COMMIT")


def write_costs(targets: dict, runs: int, token: str) -> dict:
    """`casefile.services.entry_add` (access check, transaction, audit row) against a plain
    one-row INSERT into the same table, interleaved, each committed. Then the statements of one
    API POST of an entry, through the API's own view (as `api_post_entry` over HTTP)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

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
    api = APIClient(SERVER_NAME="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")  # lead0001's, as over HTTP
    url = f"/api/v1/dossiers/{dossier.pk}/entries/"
    api.post(url, {"text": "Benchmark: warm."}, format="json")
    with CaptureQueriesContext(connection) as post_queries:
        status = api.post(url, {"text": "Benchmark: queries tellen."}, format="json").status_code
    return {
        "n": runs,
        "audited_p50_ms": round(statistics.median(audited) * 1000, 2),
        "audited_p95_ms": round(percentile(audited, 0.95) * 1000, 2),
        "plain_p50_ms": round(statistics.median(plain) * 1000, 2),
        "plain_p95_ms": round(percentile(plain, 0.95) * 1000, 2),
        "ratio_p50": round(statistics.median(audited) / statistics.median(plain), 1),
        "audited_queries": len(queries),
        "api_post_status": status,
        # Statements that do work; the transaction's BEGIN and COMMIT are counted apart.
        "api_post_queries": len([q for q in post_queries if q["sql"] not in _TRANSACTION]),
        "api_post_transaction_statements": len(
            [q for q in post_queries if q["sql"] in _TRANSACTION]
        ),
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
