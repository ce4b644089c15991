"""The fault runs of ``stack_bench.py``: each breaks one part of the stack, counts the
errors clients saw, and ends with the "nothing lost" check."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import stack_load
from stack_bench import HTTP_PORT, TERMINAL, check, data, get, kill_group, load, stack

IMPORT_TRIES = 3


def _recovered(seconds: float = 60) -> float | None:
    """Seconds until /healthz through nginx answers 200 again (None: not in time)."""
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        if get(HTTP_PORT, "/healthz", timeout=5) == 200:
            return time.monotonic() - began
        time.sleep(0.2)
    return None


def kill_app_server(env: dict[str, str], folder: Path, options: argparse.Namespace) -> bool:
    """One gunicorn (master and workers) killed a third of the way into the load."""
    seconds = options.fault_seconds
    results = load(
        env, HTTP_PORT, seconds, options, events=[(seconds / 3, lambda: kill_group("app-1"))]
    )
    stack_load.report(
        f"(c1) app server 1 killed at {seconds / 3:.0f} s of {seconds:.0f} s", results
    )
    ok = check(env, results, folder, "app server killed")
    stack("start")  # brings the killed app server back
    return ok


def restart_postgres(env: dict[str, str], folder: Path, options: argparse.Namespace) -> bool:
    """PostgreSQL restarted (fast shutdown) a third of the way into the load; the app
    servers are not restarted."""
    seconds = options.fault_seconds
    timing: dict[str, float] = {}

    def restart() -> None:
        began = time.monotonic()
        stack("restart-db")
        timing["restart"] = time.monotonic() - began
        print(f"  [fault] PostgreSQL restarted in {timing['restart']:.1f} s", file=sys.stderr)

    results = load(env, HTTP_PORT, seconds, options, events=[(seconds / 3, restart)])
    stack_load.report(
        f"(c3) PostgreSQL restarted at {seconds / 3:.0f} s of {seconds:.0f} s "
        f"(took {timing.get('restart', 0):.1f} s)",
        results,
    )
    healthy = _recovered()
    print(
        f"health after the restart: {'200 ok' if healthy is not None else 'NOT healthy'}; "
        "no app server was restarted"
    )
    return check(env, results, folder, "PostgreSQL restarted") and healthy is not None


def _import_until(env: dict[str, str], job: int, wanted: tuple[str, ...], seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    state = data(env, "import-state", str(job))
    while state["status"] not in wanted and time.monotonic() < deadline:
        time.sleep(0.5)
        state = data(env, "import-state", str(job))
    return state


def _running(env: dict[str, str], job: int, seconds: float) -> str:
    """Wait for the worker's progress file (written while the import runs): its stage."""
    progress = Path(env["HM_VAR_DIR"]) / "jobs" / f"{job}.json"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            return str(json.loads(progress.read_text())["stage"])
        except (OSError, ValueError, KeyError):
            time.sleep(0.005)
    return ""


def kill_worker_during_import(env: dict[str, str]) -> bool:
    """The Celery worker killed while it runs a background import; started again, the
    import must end done with every row once, or failed with none, never half."""
    for attempt in range(1, IMPORT_TRIES + 1):
        data(env, "reset")
        queued = data(env, "queue-import")
        stage = _running(env, queued["job"], 60)
        if not stage:
            print("  the import was not seen running; again", file=sys.stderr)
            continue
        time.sleep(0.1 * (attempt - 1))  # into the import's transaction
        kill_group("celery")
        print(f"  [fault] the import was {stage} when the worker was killed", file=sys.stderr)
        killed_at = time.monotonic()
        during = data(env, "import-state", str(queued["job"]))
        time.sleep(1)
        stack("start")  # a new worker
        final = _import_until(env, queued["job"], TERMINAL, 180)
        took = time.monotonic() - killed_at
        whole = final["values"] == queued["rows"] == final["distinct_cells"]
        none = final["values"] == 0
        ok = (final["status"] == "done" and whole) or (final["status"] == "failed" and none)
        print(
            f"\n(c2) Celery worker killed during an import of {queued['rows']:,} rows: values "
            f"in the database just after the kill: {during['values']:,} (the transaction "
            f"was rolled back); job {final['status']} {took:.0f} s later "
            f"(handed out again after the visibility timeout)"
        )
        print(
            f"nothing lost (worker killed): {'OK' if ok else 'FAILED'}: {final['values']:,} "
            f"values, {final['distinct_cells']:,} distinct cells, expected "
            f"{queued['rows']:,} or 0; {final['message'] or ''}"
        )
        return ok
    print("(c2) the import always finished before the worker could be killed: not measured")
    return False
