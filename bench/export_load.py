#!/usr/bin/env python
"""Six concurrent full exports against gunicorn on PostgreSQL: does /api/v1/provinces/ still answer in < 1 s?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cppcc_bench .venv/bin/python bench/export_load.py [--seconds 30]

Needs a corpus of at least 5,000 documents in that database (``bash bench/corpus.sh 5000 0``, or
``manage.py generate_corpus --documents 5000 --seed 1 --load``). Starts gunicorn with the project's
gunicorn.conf.py when there is one (else 2·nproc+1 sync workers, timeout 90 s), production settings
(DJANGO_DEBUG unset) and the throttles raised, so the figure is the exports' cost, not the throttle's
refusals. Then, for ``--seconds`` each:

1. baseline: /api/v1/provinces/ alone, one request every 0.2 s (after every worker has served one);
2. the same probe while six clients export in a loop: six full-table XLSX (the attack of issue 15;
   refused above EXPORT_MAX_ROWS rows before any work), then a mix: statistics and sections as XLSX,
   statistics as CSV, sections as NDJSON, documents as CSV and the data package;
3. with ``--unbounded``, the baseline and the six XLSX again with EXPORT_MAX_ROWS raised past every
   table, which is how exports ran before the limit (every workbook built in full).

Prints p50/p95/max of the probe in each phase beside the baseline, and per export its answers and times.
Bounded: every phase stops after ``--seconds``; a request times out after 120 s.
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
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = "/api/v1/provinces/"
# The attack: six full-table XLSX at once; and a mix of every kind of export.
XLSX = [f"/api/v1/{table}/export/?format=xlsx" for table in ("statistics", "sections", "documents")] * 2
MIXED = [
    "/api/v1/statistics/export/?format=xlsx",
    "/api/v1/sections/export/?format=xlsx",
    "/api/v1/statistics/export/?format=csv",
    "/api/v1/sections/export/?format=ndjson",
    "/api/v1/documents/export/?format=csv",
    "/api/v1/export/datapackage.zip",
]
DATAPACKAGE = "/api/v1/export/datapackage.zip"
OUT = ROOT / "bench" / "out"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url, timeout=120):
    """(status, seconds, bytes) of a GET, reading the whole body."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            size = 0
            while chunk := response.read(1 << 16):
                size += len(chunk)
            return response.status, time.perf_counter() - started, size
    except urllib.error.HTTPError as error:
        return error.code, time.perf_counter() - started, len(error.read())
    except OSError as error:
        return f"error {type(error).__name__}", time.perf_counter() - started, 0


def start_server(env):
    port = free_port()
    python = str(ROOT / ".venv" / "bin" / "python")
    config = ROOT / "gunicorn.conf.py"
    if config.exists():
        command = [python, "-m", "gunicorn", "-c", str(config), "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"]
    else:
        workers = (os.cpu_count() or 2) * 2 + 1
        command = [python, "-m", "gunicorn", "cppcc_site.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                   "--preload", "--timeout", "90"]
    OUT.mkdir(exist_ok=True)
    log = open(OUT / "export_load.server.log", "a")  # Django logs every 400 ("Bad Request"): kept out of the figures
    server = subprocess.Popen(command + ["--log-level", "warning"], cwd=ROOT, env=env, stderr=log)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        if isinstance(fetch(base + PROBE, timeout=5)[0], int):
            return server, base
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def probe(base, seconds, stop=None):
    latencies = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not (stop and stop.is_set()):
        status, elapsed, _size = fetch(base + PROBE, timeout=60)
        latencies.append((status, elapsed))
        time.sleep(0.2)
    return latencies


def summary(latencies):
    ms = sorted(elapsed * 1000 for _status, elapsed in latencies)
    bad = sum(1 for status, _elapsed in latencies if status != 200)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return f"n={len(ms)} p50 {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, max {ms[-1]:.0f} ms, non-200 {bad}", ms[-1]


def warm(base, workers=16):
    """Every worker serves a request first (its first one loads what the others share)."""
    threads = [threading.Thread(target=fetch, args=(base + PROBE,)) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def under_load(base, seconds, exports):
    stop = threading.Event()
    results = [[] for _ in exports]

    def exporter(index):
        while not stop.is_set():
            results[index].append(fetch(base + exports[index]))

    threads = [threading.Thread(target=exporter, args=(i,)) for i in range(len(exports))]
    for thread in threads:
        thread.start()
    time.sleep(1)  # every export under way
    latencies = probe(base, seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return latencies, results


def phase(name, env, seconds, scenarios):
    """Baseline, then each scenario (a name and six export URLs); the worst probe latency under load."""
    server, base = start_server(env)
    worst = 0
    try:
        warm(base)
        fetch(base + DATAPACKAGE, timeout=300)  # the data package of this version, built once before measuring
        line, _ = summary(probe(base, seconds))
        print(f"[{name}] baseline {PROBE} alone: {line}", flush=True)
        for scenario, exports in scenarios:
            loaded, results = under_load(base, seconds, exports)
            line, scenario_worst = summary(loaded)
            worst = max(worst, scenario_worst)
            print(f"[{name}] {PROBE} during six {scenario} exports: {line}")
            for url in dict.fromkeys(exports):
                answers = [a for i, found in enumerate(exports) if found == url for a in results[i]]
                statuses = Counter(str(status) for status, _elapsed, _size in answers)
                times = [elapsed for _status, elapsed, _size in answers] or [0]
                sizes = [size for _status, _elapsed, size in answers] or [0]
                print(f"    {url:42s} answers {dict(statuses)}, {statistics.median(times):.2f} s median, "
                      f"{max(times):.2f} s max, {max(sizes) / 1e6:.1f} MB", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return worst


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--unbounded", action="store_true", help="also run with EXPORT_MAX_ROWS past every table (before)")
    args = parser.parse_args()
    env = {
        **os.environ,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "export-load-" + "x" * 50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        # measure the exports, not the throttles
        "ANON_THROTTLE_RATE": "1000000/minute",
        "EXPORT_THROTTLE_RATE": "1000000/minute",
    }
    env.pop("DJANGO_DEBUG", None)
    env.pop("DATABASE_REPLICA_URL", None)
    database = env.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database with >= 5,000 documents")
    count = subprocess.run(["psql", database, "-Atc", "SELECT count(*) FROM reports_document"], capture_output=True, text=True, check=True)
    rows = subprocess.run(["psql", database, "-Atc", "SELECT (SELECT count(*) FROM reports_statistic), (SELECT count(*) FROM reports_section)"],
                          capture_output=True, text=True, check=True)
    documents = int(count.stdout)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}")
    print(f"database: {documents} documents; statistics|sections {rows.stdout.strip()}; "
          f"gunicorn: {'gunicorn.conf.py' if (ROOT / 'gunicorn.conf.py').exists() else 'flags'}; {args.seconds:g} s a phase")
    if documents < 5000:
        raise SystemExit("fewer than 5,000 documents: load a corpus first (see the docstring)")
    worst = phase("bounded", env, args.seconds, [("XLSX", XLSX), ("mixed", MIXED)])
    if args.unbounded:
        before = phase("unbounded (before)", {**env, "EXPORT_MAX_ROWS": str(10**9)}, args.seconds, [("XLSX", XLSX)])
        print(f"RESULT before (unbounded): /api/v1/provinces/ worst latency during six full XLSX exports: {before:.0f} ms")
    print(f"RESULT /api/v1/provinces/ worst latency during six concurrent full exports: {worst:.0f} ms (target < 1000 ms)")
    return 0 if worst < 1000 else 1


if __name__ == "__main__":
    sys.exit(main())
