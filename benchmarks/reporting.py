"""The table `run.py` prints: what, p50, p95, × floor, the issue's target and whether it is met.

Every row is built from the results dict (the JSON `run.py` writes), so a saved run can be
printed again: `python benchmarks/run.py --report benchmarks/results.json`.
"""

from __future__ import annotations

from targets import (
    CONCURRENCY,
    ENDPOINTS,
    FLOOR,
    PDF_150_PAGES_SECONDS,
    PDF_MB,
    PDF_MS_PER_PAGE,
    POST_QUERIES_TARGET,
    THROUGHPUT_TARGET,
    WRITE_TARGET,
)


def _met(ok: bool | None) -> str:
    return "" if ok is None else ("met" if ok else "NOT met")


def rows(results: dict) -> list[tuple[str, str, str, str, str, str]]:
    """(what, p50, p95, × floor, target, met) for every figure of the run."""
    floor = results["floor"]
    table = [(FLOOR.label, f"{floor['p50_ms']:.1f}", f"{floor['p95_ms']:.1f}", "1.0", "", "")]
    for endpoint in ENDPOINTS:
        row = results["endpoints"].get(endpoint.key)
        if row is None:
            continue
        if "p50_ms" not in row:
            table.append((endpoint.label, row.get("skipped") or row.get("error"), "", "", "", ""))
            continue
        target = f"≤ {endpoint.target:g}×" if endpoint.target else ""
        met = _met(row["ratio_p50"] <= endpoint.target if endpoint.target else None)
        if endpoint.key == "api_post_entry" and "audited_write" in results:
            queries = results["audited_write"].get("api_post_queries")
            target = f"≤ {POST_QUERIES_TARGET} queries ({queries} + BEGIN, COMMIT)"
            met = _met(queries is not None and queries <= POST_QUERIES_TARGET)
        table.append(
            (
                endpoint.label,
                f"{row['p50_ms']:.1f}",
                f"{row['p95_ms']:.1f}",
                f"{row['ratio_p50']:.1f}",
                target,
                met,
            )
        )
    write = results.get("audited_write")
    if write:
        table.append(
            (
                f"audited entry write ({write['audited_queries']} queries)",
                f"{write['audited_p50_ms']:.1f}",
                f"{write['audited_p95_ms']:.1f}",
                f"{write['ratio_p50']:.1f}× insert",
                f"≤ {WRITE_TARGET}× insert ({write['plain_p50_ms']:.1f} ms)",
                _met(write["ratio_p50"] <= WRITE_TARGET),
            )
        )
    for reader, pdf in results.get("pdf", {}).items():
        # 150 pages at this pace, and the memory this copy took on top of the process.
        seconds_150 = pdf["ms_per_page"] * 150 / 1000
        ok = (
            pdf["ms_per_page"] <= PDF_MS_PER_PAGE
            and seconds_150 <= PDF_150_PAGES_SECONDS
            and pdf["peak_rss_mb"] <= PDF_MB
        )
        table.append(
            (
                f"PDF copy, {reader}: {pdf['pages']} pages in {pdf['seconds_p50']} s, "
                f"peak {pdf['peak_rss_mb']} MB",
                f"{pdf['ms_per_page']:.1f}/page",
                "",
                "",
                f"≤ {PDF_MS_PER_PAGE} ms/page, ≤ {PDF_MB} MB",
                _met(ok),
            )
        )
    for row in results.get("throughput", []):
        top = row["clients"] == max(CONCURRENCY)
        table.append(
            (
                f"API list, {row['clients']} concurrent clients",
                f"{row['per_second']:.1f} req/s",
                "",
                "",
                f"≥ {THROUGHPUT_TARGET} req/s" if top else "",
                _met(row["per_second"] >= THROUGHPUT_TARGET) if top else "",
            )
        )
    return table


HEADER = ("what", "p50 ms", "p95 ms", "× floor", "target", "")


def text_table(results: dict) -> str:
    table = [HEADER, *rows(results)]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(HEADER))]
    lines = []
    for row in table:
        cells = [
            str(cell).ljust(width) if i in (0, 4, 5) else str(cell).rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def markdown_table(results: dict) -> str:
    """The same table for docs/performance.md."""
    lines = ["| " + " | ".join(HEADER[:5]) + " | met |", "|---|---:|---:|---:|---|---|"]
    lines += [
        "| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows(results)
    ]
    return "\n".join(lines)


def summary(results: dict) -> str:
    meta = results["meta"]
    return (
        f"{meta['started_at']}, commit {meta['commit']}, {meta['households']:,} households, "
        f"{meta['cpus']} CPUs, load average before {meta['load_before']} and after "
        f"{meta.get('load_after')}, {meta['runs']} samples an endpoint."
    )
