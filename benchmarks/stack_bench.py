"""Benchmark: the production-shaped stack under the load of a reporting deadline, and
three faults, each ending with a "nothing lost" check.

On a stack of its own (``tools/stack.sh`` with HM_STACK_DIR=var/stack-bench and
ports of its own: PostgreSQL, Redis, nginx, two gunicorn app servers, a Celery
worker), prints:

(a) load: 90 focal points, each saving a 500-value submission through the API
    again and again (new numbers each time, ``--think`` seconds apart) and
    submitting it at the end, while 50 public readers browse the dashboard and an
    indicator page (``--reader-think`` apart), for ``--seconds`` (120): throughput,
    p50/p95/p99 per endpoint, errors;
(b) the baseline: the same run against one gunicorn on SQLite (no nginx, no Redis);
(c) faults, each under the same load for ``--fault-seconds``: one app server killed
    (SIGKILL) a third of the way in; the Celery worker killed during a background
    import of ~24 000 rows; PostgreSQL restarted a third of the way in.

Every run ends by checking, in the database, that every save the server
acknowledged is there exactly once (``stack_data.verify``). Loopback only; every
loop is bounded in time and count. Run with ``make stack-bench``. The bench stack
is kept (stopped) for the next run; its audit history grows by ~300 MB a full run:
``rm -rf var/stack-bench`` starts afresh.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import stack_load

PROJECT_DIR = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
STACK = {
    "HM_STACK_DIR": str(PROJECT_DIR / "var" / "stack-bench"),
    "HM_STACK_HTTP_PORT": "8090",
    "HM_STACK_APP_PORTS": "8011 8012",
    "HM_STACK_PG_PORT": "5443",
    "HM_STACK_REDIS_PORT": "6390",
    # A task whose worker died is handed out again after this (production: 600).
    "HM_CELERY_VISIBILITY_TIMEOUT": "15",
    "HM_LOG_REQUESTS": "false",
}
HTTP_PORT = 8090
TERMINAL = ("done", "failed", "rejected")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stack(command: str) -> str:
    done = subprocess.run(
        ["bash", str(PROJECT_DIR / "tools/stack.sh"), command],
        env=os.environ | STACK,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0:
        raise RuntimeError(f"stack.sh {command} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def stack_env() -> dict[str, str]:
    """The settings the stack's processes run with (``stack.sh env``)."""
    done = subprocess.run(
        ["bash", "-c", 'eval "$(bash tools/stack.sh env)" && env -0'],
        env=os.environ | STACK,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    pairs = (item.partition("=") for item in done.stdout.split("\0") if item)
    return {name: value for name, _eq, value in pairs}


def data(env: dict[str, str], *args: str) -> Any:
    command = [sys.executable, str(PROJECT_DIR / "benchmarks/stack_data.py"), *args]
    done = subprocess.run(
        command, env=env, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        raise RuntimeError(f"stack_data {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def pid_of(name: str) -> int:
    return int((Path(STACK["HM_STACK_DIR"]) / "run" / f"{name}.pid").read_text())


def kill_group(name: str) -> None:
    """SIGKILL a stack process and its children (its process group)."""
    os.killpg(pid_of(name), signal.SIGKILL)
    print(f"  [fault] killed {name} (SIGKILL, whole process group)", file=sys.stderr)


def get(port: int, path: str, timeout: float = 10) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as answer:
            return int(answer.status)
    except OSError:
        return 0


def warm(ports: list[int], urls: list[tuple[str, str]]) -> None:
    """Each page once per app server (lazy imports, caches), bounded."""
    for port in ports:
        for _label, path in urls:
            for _attempt in range(3):
                if get(port, path, timeout=60) == 200:
                    break


def check(env: dict[str, str], results: stack_load.Results, folder: Path, name: str) -> bool:
    """The "nothing lost" check of a run, printed."""
    path = folder / f"sent-{name}.json"
    path.write_text(json.dumps(results.sent))
    found = data(env, "verify", str(path))
    acked = sum(1 for state in results.sent.values() if state["acked"] is not None)
    submitted = sum(1 for state in results.sent.values() if state.get("submitted"))
    ok = not found["problems"] and found["submissions"] == len(results.sent) > 0
    print(
        f"nothing lost ({name}): {'OK' if ok else 'FAILED'}: {found['submissions']} "
        f"submissions, {acked} with an acknowledged save, {submitted} submitted; "
        f"{found['values']:,} values in the database, each cell once, each from the last "
        f"acknowledged save (or a later unanswered one); problems: "
        f"{found['problems'][:5] or 'none'}"
    )
    return ok


def load(
    env: dict[str, str],
    port: int,
    seconds: float,
    options: argparse.Namespace,
    events: list[tuple[float, Any]] = (),
    points: list[Any] | None = None,
) -> stack_load.Results:
    data(env, "reset")
    return stack_load.run(
        port,
        points or options.points,
        options.urls,
        seconds,
        reader_count=options.readers,
        reader_think=options.reader_think,
        writer_think=options.think,
        events=events,
    )


def sqlite_baseline(folder: Path, options: argparse.Namespace) -> stack_load.Results:
    """The same load against one gunicorn on SQLite (as many processes as the stack's two
    app servers): no nginx, no Redis, the database task queue."""
    var_dir = PROJECT_DIR / "var" / "stack-bench" / "sqlite"
    base = stack_env()
    env = {k: v for k, v in base.items() if not k.startswith(("HM_CACHE", "HM_DATABASE"))}
    # As many processes as the stack's two app servers together.
    env |= {"HM_VAR_DIR": str(var_dir), "HM_TASKS_BACKEND": "db", "HM_STACK_APP_WORKERS": "4"}
    hm = [str(BIN / "habitat-monitor")]
    if not (var_dir / ".content-loaded").exists():
        print("  preparing the SQLite baseline (demo content, bench data)", file=sys.stderr)
        var_dir.mkdir(parents=True, exist_ok=True)
        for args in (["migrate", "-v0"], ["content", "load", "--demo"]):
            done = subprocess.run(hm + args, env=env, cwd=PROJECT_DIR, capture_output=True)
            if done.returncode != 0:
                raise RuntimeError(f"{args[0]} failed: {done.stderr.decode()[-2000:]}")
        (var_dir / ".content-loaded").touch()
    points = data(env, "prepare")["focal_points"]
    port = free_port()
    log = (folder / "gunicorn-sqlite.log").open("wb")
    command = [str(BIN / "gunicorn"), "habitat_monitor.wsgi:application", "-b", f"127.0.0.1:{port}"]
    command += ["-c", str(PROJECT_DIR / "stack/gunicorn.conf.py")]
    server = subprocess.Popen(command, env=env, cwd=PROJECT_DIR, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while get(port, "/healthz", timeout=2) != 200:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the SQLite baseline server did not start")
            time.sleep(0.3)
        warm([port], options.urls)
        results = load(env, port, options.seconds, options, points=points)
        check(env, results, folder, "SQLite baseline")
        return results
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120, help="Length of the load run.")
    parser.add_argument("--fault-seconds", type=float, default=60, help="Length of each fault run.")
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--reader-think", type=float, default=0.5, help="Seconds between pages.")
    parser.add_argument("--think", type=float, default=10.0, help="Seconds between two saves.")
    parser.add_argument("--no-baseline", action="store_true", help="Skip the SQLite run.")
    parser.add_argument("--no-faults", action="store_true", help="Skip the fault runs.")
    parser.add_argument("--keep", action="store_true", help="Leave the stack running.")
    return parser.parse_args()


def main() -> int:
    from stack_faults import kill_app_server, kill_worker_during_import, restart_postgres

    options = arguments()
    folder = Path(tempfile.mkdtemp(prefix="hm-stack-bench-"))
    print("Starting the stack (var/stack-bench)", file=sys.stderr)
    stack("start")
    env = stack_env()
    try:
        prepared = data(env, "prepare")
        options.points = prepared["focal_points"]
        code = prepared["indicators"][0]
        options.urls = [
            ("GET / (dashboard)", "/"),
            ("GET indicator page", f"/progress/indicators/{code}/"),
        ]
        options.urls += [("GET /index.json", "/index.json")]
        warm([HTTP_PORT, 8011, 8012], options.urls)
        print(
            f"\n{len(options.points)} focal points x 500 values, {options.readers} readers, "
            f"{os.cpu_count()} CPUs; think {options.think:g} s (writers), "
            f"{options.reader_think:g} s (readers)"
        )
        results = load(env, HTTP_PORT, options.seconds, options)
        figures = {"stack": stack_load.report(f"(a) stack, {options.seconds:.0f} s", results)}
        verdicts = {"load": check(env, results, folder, "stack load")}
        if not options.no_baseline:
            baseline = sqlite_baseline(folder, options)
            figures["sqlite"] = stack_load.report(
                f"(b) baseline: one gunicorn on SQLite, {options.seconds:.0f} s", baseline
            )
        if not options.no_faults:
            verdicts["app server killed"] = kill_app_server(env, folder, options)
            verdicts["worker killed"] = kill_worker_during_import(env)
            verdicts["postgres restarted"] = restart_postgres(env, folder, options)
        print(
            "\nsummary: "
            + ", ".join(f"{k}: {'OK' if v else 'FAILED'}" for k, v in verdicts.items())
        )
        return 0 if all(verdicts.values()) else 1
    finally:
        if not options.keep:
            stack("stop")
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
