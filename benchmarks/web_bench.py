"""Benchmark: the public dashboard and indicator page under load, served for production.

Prints, from one run on one machine, with the 10 M-value plan of ``progress_bench``
(``progress_data``) in PostgreSQL, its analytics store and one publication:
(a) the time to load the values, rebuild the store and publish (freezing the store
    and writing the open-data ZIP of every value);
(b) the dashboard (``/``, ``/index.json``) and an indicator page (and its ``.json``)
    as the public reads them (the latest publication), served by gunicorn with
    WhiteNoise, under 50 concurrent clients for HM_BENCH_SECONDS (20 s): requests,
    errors, p50/p95/p99 latency and throughput per page;
(c) the baseline: the same pages with the analytics store disabled
    (HM_ANALYTICS_BACKEND=orm: every request reads and combines the value rows with
    the Django ORM), same server, same run;
(d) the dashboard's weight on a first visit: the HTML and every file it loads, as
    transferred with ``Accept-Encoding: gzip, br``.

Run with ``make bench`` (a throwaway PostgreSQL). HM_BENCH_VALUES sets the size
(default 10 M), HM_BENCH_CLIENTS the concurrency (50). Loopback only; every loop
is bounded in time and count.
"""

from __future__ import annotations

import http.client
import math
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from web_data import INDICATOR, discard_publication, page_weight, prepare

PROJECT_DIR = Path(__file__).resolve().parents[1]
SECONDS = float(os.environ.get("HM_BENCH_SECONDS", "20"))
CLIENTS = int(os.environ.get("HM_BENCH_CLIENTS", "50"))
# The baseline is allowed to be slow, not to run for ever: a request taking longer
# than this counts as an error, and when one request alone takes more than
# SLOW_SECONDS the baseline runs with fewer clients (said in the output).
TIMEOUT = float(os.environ.get("HM_BENCH_TIMEOUT", "60"))
SLOW_SECONDS = 1.0
SLOW_CLIENTS = int(os.environ.get("HM_BENCH_BASELINE_CLIENTS", "8"))
WARMUP_SECONDS = min(3.0, SECONDS)
ALONE_SECONDS = min(5.0, SECONDS)
MAX_REQUESTS = 100_000  # per client, whatever the duration
URLS = ("/", "/index.json", f"/progress/indicators/{INDICATOR}/")
URLS += (f"/progress/indicators/{INDICATOR}.json",)
HEADERS = {"Accept-Encoding": "gzip, br", "User-Agent": "hm-web-bench"}
WORKERS, THREADS = 4, 4


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "habitat_monitor.settings")
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def production_env(backend: str) -> dict[str, str]:
    """What a production deployment sets (docs/configuration.md), on loopback; HTTPS
    off because no TLS proxy stands in front in the benchmark."""
    return os.environ | {
        "HM_DEBUG": "false",
        "HM_SECRET_KEY": secrets.token_urlsafe(50),
        "HM_ALLOWED_HOSTS": "127.0.0.1",
        "HM_HTTPS": "false",
        "HM_ANALYTICS_BACKEND": "orm" if backend == "orm" else "duckdb",
        # The product caches public pages whole; the runs without it show what the
        # analytics store itself does, and the baseline is the straight ORM, uncached.
        "HM_PAGE_CACHE": "true" if backend == "duckdb" else "false",
    }


def collectstatic() -> None:
    command = [str(Path(sys.executable).parent / "habitat-monitor"), "collectstatic"]
    subprocess.run(
        [*command, "--noinput", "-v0"], check=True, cwd=PROJECT_DIR, env=production_env("duckdb")
    )


def get(port: int, path: str, timeout: float = TIMEOUT) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=HEADERS)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@contextmanager
def server(backend: str, folder: Path) -> Iterator[int]:
    """gunicorn serving the site on a free loopback port, until the block ends."""
    port = free_port()
    log = (folder / f"gunicorn-{backend}.log").open("wb")
    command = [str(Path(sys.executable).parent / "gunicorn"), "habitat_monitor.wsgi:application"]
    command += ["-w", str(WORKERS), "--threads", str(THREADS), "-b", f"127.0.0.1:{port}"]
    command += ["--timeout", str(int(TIMEOUT) + 60), "--log-level", "warning"]
    process = subprocess.Popen(
        command, cwd=PROJECT_DIR, env=production_env(backend), stdout=log, stderr=log
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                tail = (folder / f"gunicorn-{backend}.log").read_text()[-3000:]
                raise RuntimeError(f"gunicorn did not start:\n{tail}")
            try:
                get(port, "/static/portal/favicon.svg", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def warm(port: int) -> dict[str, float]:
    """Each page once (every worker imports lazily and opens its files on first use),
    checked to answer 200 with the published figures; returns each one's seconds."""
    seconds = {}
    for path in URLS:
        started = time.perf_counter()
        status, _headers, body = get(port, path)
        seconds[path] = time.perf_counter() - started
        if status != 200:
            raise RuntimeError(f"{path} answered {status}: {body[:500]!r}")
    return seconds


def load(port: int, clients: int, seconds: float, at_least: int = 0) -> dict[str, Any]:
    """``clients`` threads, each on its own keep-alive connection, cycling the pages
    for ``seconds`` (and ``at_least`` requests each); requests still running then
    finish (or time out)."""
    latencies: dict[str, list[float]] = {path: [] for path in URLS}
    errors: dict[str, int] = dict.fromkeys(URLS, 0)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(n: int) -> None:
        mine: list[tuple[str, float | None]] = []
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        start.wait()
        for i in range(MAX_REQUESTS):
            if i >= at_least and time.perf_counter() >= deadline[0]:
                break
            path = URLS[(n + i) % len(URLS)]
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers=HEADERS)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
            mine.append((path, time.perf_counter() - began if ok else None))
        connection.close()
        with lock:
            for path, elapsed in mine:
                if elapsed is None:
                    errors[path] += 1
                else:
                    latencies[path].append(elapsed)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join(timeout=seconds + TIMEOUT + 30)
    return {"latencies": latencies, "errors": errors, "elapsed": time.perf_counter() - began}


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least ``share`` of the values at or below."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def report(title: str, result: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Per page: requests, errors, p50/p95/p99 in ms and throughput, printed and returned."""
    print(f"\n{title}")
    print(f"{'page':<34} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    figures = {}
    rows = [(path, result["latencies"][path], result["errors"][path]) for path in URLS]
    every = [value for _path, values, _errors in rows for value in values]
    rows.append(("all pages", every, sum(result["errors"].values())))
    for path, values, errors in rows:
        found = {f"p{p}": percentile(values, p / 100) * 1000 for p in (50, 95, 99)}
        found |= {"requests": len(values), "errors": errors}
        figures[path] = found
        print(
            f"{path:<34} {len(values):>8} {errors:>6} {found['p50']:>8.0f} "
            f"{found['p95']:>8.0f} {found['p99']:>8.0f}"
        )
    throughput = len(every) / result["elapsed"]
    figures["all pages"]["throughput"] = throughput
    print(f"throughput {throughput:.1f} requests/s over {result['elapsed']:.1f} s")
    return figures


def run_backend(backend: str, folder: Path) -> tuple[dict[str, Any], int, dict[str, float]]:
    with server(backend, folder) as port:
        warmed = warm(port)
        print(
            f"  {backend}: first requests "
            + ", ".join(f"{path} {seconds:.2f} s" for path, seconds in warmed.items()),
            file=sys.stderr,
        )
        clients = CLIENTS
        if backend == "orm" and max(warmed.values()) > SLOW_SECONDS:
            clients = min(CLIENTS, SLOW_CLIENTS)
        weight = page_weight(port, get) if backend == "duckdb" else {}
        # Each worker process pays its own first requests (lazy imports, caches):
        # a short load, not counted, reaches every one of them before the measure.
        load(port, clients, WARMUP_SECONDS)
        measured = load(port, clients, SECONDS)
        # One client alone: each page's own time, without waiting behind others.
        measured["alone"] = load(port, 1, ALONE_SECONDS, at_least=len(URLS))
        return measured, clients, weight


def main() -> int:
    if not os.environ.get("HM_DATABASE_URL", "").startswith("postgres"):
        print("The web benchmark needs PostgreSQL: run it with `make bench`.", file=sys.stderr)
        return 2
    setup_django()
    folder = Path(tempfile.mkdtemp(prefix="hm-web-bench-"))
    print("Preparing the data:", file=sys.stderr)
    prepared = prepare(folder)
    try:
        collectstatic()
        store, store_clients, weight = run_backend("duckdb", folder)
        uncached, uncached_clients, _ = run_backend("duckdb-nocache", folder)
        baseline, orm_clients, _ = run_backend("orm", folder)
    finally:
        discard_publication(prepared)
    values = prepared["values"]
    print(
        f"\nWeb pages, {values:,} approved values ({prepared['breakdowns']} breakdowns per cell), "
        f"gunicorn -w {WORKERS} --threads {THREADS}, {os.cpu_count()} CPUs, {SECONDS:.0f} s each"
    )
    with_store = report(
        f"(b) public pages from the publication (analytics store, page cache), "
        f"{store_clients} clients",
        store,
    )
    no_cache = report(
        f"(b2) the same without the page cache (every request computed from the store), "
        f"{uncached_clients} clients",
        uncached,
    )
    note = "" if orm_clients == CLIENTS else f" (fewer: one request alone > {SLOW_SECONDS:.0f} s)"
    without = report(
        f"(c) baseline: the same pages, store disabled (ORM), {orm_clients} clients{note}",
        baseline,
    )
    print("\n(d) dashboard first load, bytes transferred (Accept-Encoding: gzip, br)")
    for path, (size, encoding) in weight.items():
        print(f"{path:<60} {size:>9,}  {encoding or 'identity'}")
    total = sum(size for size, _encoding in weight.values())
    rows: list[tuple[str, str, str]] = [
        (f"(a) {values / 1e6:.1f} M values into PostgreSQL (s)", f"{prepared['loaded_s']:.1f}", ""),
        ("(a) analytics store rebuilt (s)", f"{prepared['built_s']:.1f}", ""),
        (
            f"(a) publish: frozen copy + open-data ZIP of {prepared['zip_bytes'] / 1e6:.0f} MB (s)",
            f"{prepared['published_s']:.1f}",
            "",
        ),
    ]
    for path in URLS:
        rows.append(
            (
                f"(b) p95 {path}, store, {store_clients} clients (ms)",
                f"{with_store[path]['p95']:.0f}",
                "< 150",
            )
        )
        rows.append(
            (
                f"(b2) p95 {path}, store, no page cache, {uncached_clients} clients (ms)",
                f"{no_cache[path]['p95']:.0f}",
                "",
            )
        )
        rows.append(
            (f"(c) p95 {path}, ORM, {orm_clients} clients (ms)", f"{without[path]['p95']:.0f}", "")
        )
    for label, result in (("store", store), ("store, no cache", uncached), ("ORM", baseline)):
        alone = result["alone"]["latencies"]
        for path in URLS:
            median = percentile(alone[path], 0.5) * 1000
            rows.append((f"    p50 {path}, {label}, 1 client (ms)", f"{median:.0f}", ""))
    for label, figures in (("store", with_store), ("store, no cache", no_cache), ("ORM", without)):
        found = figures["all pages"]
        rows.append((f"    throughput, {label} (requests/s)", f"{found['throughput']:.1f}", ""))
        rows.append((f"    errors, {label}", f"{found['errors']:.0f}", "0"))
    rows.append(("(d) dashboard first load (kB)", f"{total / 1000:.0f}", "< 1000"))
    print(f"\n{'measure':<66} {'figure':>8}  goal")
    for name, figure, goal in rows:
        print(f"{name:<66} {figure:>8}  {goal}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
