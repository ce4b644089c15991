"""The load of ``stack_bench.py``: focal points saving values through the API while
public readers browse, each a thread with its own keep-alive HTTP connection.

Every loop is bounded in time (the deadline) and count (``MAX_REQUESTS``). Each
focal point remembers, for the "nothing lost" check, the last save the server
acknowledged (200), the saves whose answer never came, and whether its final submit
was acknowledged.
"""

from __future__ import annotations

import http.client
import json
import math
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from stack_data import value_of

TIMEOUT = 60.0
MAX_REQUESTS = 100_000  # per client, whatever the duration
HEADERS = {"Accept-Encoding": "gzip, br", "User-Agent": "hm-stack-bench"}


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    sent: dict[str, dict[str, Any]] = field(default_factory=dict)
    elapsed: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, endpoint: str, seconds: float | None, kind: str = "") -> None:
        with self.lock:
            self.latencies.setdefault(endpoint, [])
            if seconds is None:
                self.errors[endpoint] += 1
                self.kinds[kind] += 1
            else:
                self.latencies[endpoint].append(seconds)


def _request(
    connection: http.client.HTTPConnection, method: str, path: str, **options: Any
) -> tuple[int, bytes]:
    connection.request(
        method, path, headers={**HEADERS, **options.get("headers", {})}, body=options.get("body")
    )
    response = connection.getresponse()
    return response.status, response.read()


class Client:
    """One keep-alive connection; a failed request opens a new one."""

    def __init__(self, port: int, results: Results) -> None:
        self.port, self.results = port, results
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)

    def call(self, endpoint: str, method: str, path: str, **options: Any) -> tuple[int, bytes]:
        if options.pop("fresh", False):
            # After a long pause the server may have closed the kept connection (gunicorn
            # alone keeps it 5 s): a new one, as a browser would open.
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        began = time.perf_counter()
        try:
            status, body = _request(self.connection, method, path, **options)
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
            self.results.add(endpoint, None, type(error).__name__)
            return 0, b""
        ok = status == 200
        self.results.add(endpoint, time.perf_counter() - began if ok else None, f"HTTP {status}")
        return status, body

    def close(self) -> None:
        self.connection.close()


def reader(
    port: int, urls: list[tuple[str, str]], n: int, until: float, think: float, results: Results
) -> None:
    client = Client(port, results)
    for i in range(MAX_REQUESTS):
        if time.perf_counter() >= until:
            break
        endpoint, path = urls[(n + i) % len(urls)]
        client.call(endpoint, "GET", path)
        if think:
            time.sleep(think)
    client.close()


def focal_point(
    port: int, point: dict[str, Any], until: float, think: float, results: Results, start: float
) -> None:
    """Save the 500 values again and again (new numbers each time), then submit. The
    first save waits ``start`` seconds: focal points do not all press Save at once."""
    time.sleep(start)
    client = Client(port, results)
    auth = {"Authorization": f"Bearer {point['token']}", "Content-Type": "application/json"}
    path = f"/api/v1/submissions/{point['submission']}"
    state: dict[str, Any] = {"acked": None, "unanswered": [], "rows": len(point["rows"])}
    for iteration in range(1, MAX_REQUESTS):
        if time.perf_counter() >= until:
            break
        values = [{**row, "value": value_of(iteration, n)} for n, row in enumerate(point["rows"])]
        body = json.dumps({"values": values})
        status, _answer = client.call(
            "POST values (500)", "POST", f"{path}/values", headers=auth, body=body, fresh=True
        )
        if status == 200:
            state["acked"] = iteration
        else:
            state["unanswered"].append(iteration)
        time.sleep(think)
    for _attempt in range(3):  # the submit, retried a bounded number of times
        status, _answer = client.call(
            "POST submit", "POST", f"{path}/submit", headers=auth, fresh=True
        )
        if status == 200:
            state["submitted"] = True
            break
        time.sleep(1)
    client.close()
    with results.lock:
        results.sent[str(point["submission"])] = state


def run(
    port: int,
    points: list[dict[str, Any]],
    urls: list[tuple[str, str]],
    seconds: float,
    *,
    reader_count: int,
    reader_think: float,
    writer_think: float,
    events: list[tuple[float, Any]] = (),
) -> Results:
    """The load for ``seconds``; ``events`` are (seconds after the start, function),
    run from this thread (the faults)."""
    results = Results()
    began = time.perf_counter()
    until = began + seconds
    threads = [
        threading.Thread(target=reader, args=(port, urls, n, until, reader_think, results))
        for n in range(reader_count)
    ] + [
        threading.Thread(
            target=focal_point,
            args=(port, point, until, writer_think, results, writer_think * n / len(points)),
        )
        for n, point in enumerate(points)
    ]
    for thread in threads:
        thread.daemon = True
        thread.start()
    for at, action in sorted(events, key=lambda event: event[0]):
        time.sleep(max(0.0, began + at - time.perf_counter()))
        action()
    for thread in threads:
        thread.join(timeout=max(1.0, until - time.perf_counter()) + TIMEOUT * 3 + 30)
    results.elapsed = time.perf_counter() - began
    return results


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least ``share`` of the values at or below."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def report(title: str, results: Results) -> dict[str, dict[str, float]]:
    """Per endpoint: requests, errors, p50/p95/p99 (ms), throughput; printed and returned."""
    print(f"\n{title}")
    print(
        f"{'endpoint':<34} {'ok':>7} {'errors':>6} {'req/s':>7} {'p50 ms':>7} "
        f"{'p95 ms':>7} {'p99 ms':>7}"
    )
    figures = {}
    for endpoint in sorted(results.latencies):
        values, errors = results.latencies[endpoint], results.errors[endpoint]
        found = {f"p{p}": percentile(values, p / 100) * 1000 for p in (50, 95, 99)}
        found |= {"ok": len(values), "errors": errors, "rate": len(values) / results.elapsed}
        figures[endpoint] = found
        print(
            f"{endpoint:<34} {len(values):>7} {errors:>6} {found['rate']:>7.1f} "
            f"{found['p50']:>7.0f} {found['p95']:>7.0f} {found['p99']:>7.0f}"
        )
    total = sum(len(v) for v in results.latencies.values())
    errors = sum(results.errors.values())
    kinds = ", ".join(f"{kind} x{count}" for kind, count in results.kinds.most_common()) or "-"
    print(
        f"throughput {total / results.elapsed:.1f} requests/s over {results.elapsed:.1f} s; "
        f"errors {errors} ({kinds})"
    )
    figures["all"] = {"rate": total / results.elapsed, "errors": errors}
    return figures
