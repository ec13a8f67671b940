#!/usr/bin/env python
"""Bounded load test on loopback: N concurrent clients for S seconds against gunicorn; zero errors expected.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cppcc_load bench/.venv/bin/python bench/load_test.py --clients 32 --seconds 60
    # the same against the primary plus its streaming standby (scripts/replica.sh):
    ... bench/load_test.py --clients 32 --seconds 60 --replica-url postgres://postgres@127.0.0.1:5433/cppcc_load

Sets up the database (migrate, setup_archive) unless --no-setup, starts
gunicorn (``--preload``: the segmenter loaded once, shared by the workers) on a
free loopback port, runs a mix of read questions from N threads — lists,
filters, search, a detail, a series, a CSV export, and any ``--path`` given
(pages of the site) — stops by itself, prints throughput, latency percentiles
and the error count, and exits 1 if any request failed (non-2xx or a network error).
"""
import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATHS = [
    "/api/v1/documents/?county=jiang-xian",
    "/api/v1/documents/?kind=standing_committee_work_report&review_year=2025",
    "/api/v1/statistics/?metric=proposals_filed&metric=proposals_key&value_min=10",
    "/api/v1/statistics/series/?metric=opinion_reports",
    "/api/v1/sections/?level=1&part=plan",
    "/api/v1/counties/?province=140000&page_size=100",
    "/api/v1/documents/?q=" + urllib.parse.quote("社情民意信息"),
    "/api/v1/sections/?q=" + urllib.parse.quote("乡村振兴"),
    "/api/v1/documents/1/",
    "/api/v1/statistics/?metric=proposals_filed&county=jiang-xian&format=csv",
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
    parser.add_argument("--no-setup", action="store_true")
    parser.add_argument("--replica-url", help="DATABASE_REPLICA_URL for the server: reads go to this standby")
    parser.add_argument("--path", action="append", default=[], help="another URL path for the mix (repeatable)")
    args = parser.parse_args()
    paths = PATHS + args.path

    env = {
        **os.environ,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "load-test-" + "x" * 50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "ANON_THROTTLE_RATE": "1000000/minute",  # measure the app, not the throttles: the anonymous one…
        "EXPORT_THROTTLE_RATE": "1000000/minute",  # …and the exports' (60/hour by default: the CSV in the mix got 429s)
    }
    env.pop("DJANGO_DEBUG", None)
    env.pop("DATABASE_REPLICA_URL", None)
    if args.replica_url:
        env["DATABASE_REPLICA_URL"] = args.replica_url
    python = ROOT / ".venv" / "bin" / "python"
    if not args.no_setup:
        for command in (["migrate", "-v0"], ["setup_archive", "-v0"]):
            subprocess.run([str(python), "manage.py", *command], cwd=ROOT, env={**env, "DJANGO_DEBUG": "1"}, check=True)
    port = free_port()
    server = subprocess.Popen(
        [str(python), "-m", "gunicorn", "cppcc_site.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--preload", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/api/v1/", timeout=10)
                break
            except OSError:
                time.sleep(0.2)
        latencies, errors, lock = [], [], threading.Lock()
        deadline = time.monotonic() + args.seconds

        def client(index):
            i = index
            while time.monotonic() < deadline:
                url = base + paths[i % len(paths)]
                i += 1
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(url, timeout=30) as response:
                        response.read()
                        ok = 200 <= response.status < 300
                except (urllib.error.URLError, OSError) as exc:
                    ok, response = False, exc
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if not ok:
                        errors.append(f"{url}: {response}")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    ms = sorted(x * 1000 for x in latencies)
    pct = lambda p: ms[min(len(ms) - 1, int(len(ms) * p))]  # noqa: E731
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}")
    print(f"database {env.get('DATABASE_URL', 'sqlite')}, replica {env.get('DATABASE_REPLICA_URL', 'none')}")
    print(f"clients {args.clients}, gunicorn workers {args.workers}, {wall:.1f} s")
    print(f"requests {len(ms)}, throughput {len(ms) / wall:.1f} req/s, errors {len(errors)}")
    print(f"latency ms: p50 {statistics.median(ms):.1f}, p95 {pct(0.95):.1f}, p99 {pct(0.99):.1f}, max {ms[-1]:.1f}")
    for line in errors[:10]:
        print("error:", line)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
