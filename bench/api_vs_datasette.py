#!/usr/bin/env python
"""Benchmark 3: the same questions through our API (gunicorn) and Datasette (SQLite copy), with wrk on loopback.

Usage: .venv/bin/python bench/api_vs_datasette.py [--duration 10] [--conc 1,4,16] [--workers 5] [--debug]
Needs: wrk (apt-get install wrk), bench/.venv with datasette (bench/requirements.txt), the cppcc_bench database
(bench/corpus.sh). Exports the SQLite copy with bench/export_sqlite.py unless --sqlite names an existing file.
Our API: gunicorn, sync workers (--workers), DJANGO_DEBUG=0 (SECRET_KEY, ALLOWED_HOSTS=127.0.0.1,
SECURE_SSL_REDIRECT=0 set here), the anon throttle raised so the load is not answered with 429.
Datasette: one process, immutable (-i) database, default settings (3 SQL threads) but for a 15 s SQL time limit. Where our list does not count
the whole match set (statistics page by cursor; a search counts at most its 1,000 ranked matches), Datasette is
asked not to count either (_nocount=1); both count documents.
Both servers and wrk share this machine's cores; each run is bounded by --duration.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import psycopg

import _common as C

HERE = Path(__file__).resolve().parent
API_PORT, DS_PORT = 8001, 8002


def wait_up(url, proc, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            sys.exit(f"server exited: {proc.args}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except Exception:
            time.sleep(0.3)
    sys.exit(f"timeout waiting for {url}")


def wrk(url, conc, duration):
    threads = min(conc, 2)
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(conc), "-d", f"{duration}s", "--timeout", "10s",
                          "-s", str(HERE / "wrk_report.lua"), url], capture_output=True, text=True).stdout
    m = re.search(r"WRKJSON (\{.*\})", out)
    r = json.loads(m.group(1))
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    return r


def _cpu_busy(seconds=1.0):
    """Share of the machine's CPU time spent busy over ``seconds`` (from /proc/stat)."""
    def sample():
        fields = [int(v) for v in open("/proc/stat").readline().split()[1:]]
        return sum(fields), fields[3] + fields[4]  # total, idle + iowait
    total0, idle0 = sample()
    time.sleep(seconds)
    total1, idle1 = sample()
    return 1 - (idle1 - idle0) / max(total1 - total0, 1)


def settle(limit=90):
    """Wait (at most ``limit`` s) until the machine is nearly idle.

    A server that wrk left with a backlog (Datasette's slow queries go on after
    wrk's timeout) would otherwise take CPU from the next cell's measurement.
    """
    end = time.time() + limit
    while time.time() < end and _cpu_busy() > 0.15:
        pass


def _ratio(ours, theirs):
    # Datasette answers nothing within wrk's timeout on some questions at this size.
    return f"{ours / theirs:8.2f}x" if theirs else f"{'inf':>8}x"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--conc", default="1,4,16")
    ap.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    ap.add_argument("--sqlite", help="existing SQLite copy (default: export to bench/out/cppcc_bench.db)")
    ap.add_argument("--debug", action="store_true", help="run gunicorn with DJANGO_DEBUG=1 instead of 0")
    ap.add_argument("--json")
    a = ap.parse_args()
    print(C.machine())
    with psycopg.connect(C.dsn()) as conn, conn.cursor() as cur:
        p = C.pick_params(cur)
    print(f"params: {p}")
    db = Path(a.sqlite) if a.sqlite else HERE / "out" / "cppcc_bench.db"
    if not a.sqlite:
        subprocess.run([sys.executable, str(HERE / "export_sqlite.py"), str(db)], check=True)
    name = db.stem
    q = quote("提案")
    questions = {
        "docs_county_year": (f"/api/v1/documents/?county={p['county']}&review_year={p['year']}",
                             f"/{name}/reports_document.json?county_id={p['county']}&review_year={p['year']}&_size=50&_labels=on"),
        "stats_metric_value": (f"/api/v1/statistics/?metric={p['metric']}&value_min={p['value_min']}",
                               f"/{name}/reports_statistic.json?metric={p['metric']}&value__gte={p['value_min']}&_size=50&_labels=on&_nocount=1"),
        "search_sections": (f"/api/v1/sections/?q={q}", f"/{name}/reports_section.json?_search={q}&_size=50&_nocount=1"),
        "stats_deep_cursor": (f"/api/v1/statistics/?cursor={C.cursor_for(p['deep_id'])}",
                              f"/{name}/reports_statistic.json?_next={p['deep_id']}&_size=50&_labels=on&_nocount=1"),
    }
    env = dict(os.environ, DJANGO_DEBUG="1" if a.debug else "0", SECRET_KEY="bench-only-secret-key-" + "x" * 40,
               ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_SSL_REDIRECT="0", ANON_THROTTLE_RATE="100000000/minute")
    procs = []
    try:
        api = subprocess.Popen([str(C.ROOT / ".venv/bin/gunicorn"), "cppcc_site.wsgi", "-b", f"127.0.0.1:{API_PORT}",
                                "-w", str(a.workers), "--log-level", "warning", "--timeout", "60"], cwd=C.ROOT, env=env)
        procs.append(api)
        # Its 1 s SQL time limit would answer 400 to the national-size search; a
        # deployment of this size would raise it, so the benchmark does too.
        ds = subprocess.Popen([str(HERE / ".venv/bin/datasette"), "serve", "-i", str(db), "-h", "127.0.0.1", "-p", str(DS_PORT),
                               "--setting", "sql_time_limit_ms", "15000"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(ds)
        wait_up(f"http://127.0.0.1:{API_PORT}/api/v1/provinces/", api)
        wait_up(f"http://127.0.0.1:{DS_PORT}/{name}.json", ds)
        for qn, (ours, theirs) in questions.items():  # same answer sizes? show row counts once
            o = json.load(urllib.request.urlopen(f"http://127.0.0.1:{API_PORT}{ours}"))
            t = json.load(urllib.request.urlopen(f"http://127.0.0.1:{DS_PORT}{theirs}"))
            print(f"{qn}: ours {len(o['results'])} rows (count={o.get('count', '-')}), datasette {len(t['rows'])} rows "
                  f"(filtered_table_rows_count={t.get('filtered_table_rows_count')})")
            # warm up both
            for _ in range(20):
                urllib.request.urlopen(f"http://127.0.0.1:{API_PORT}{ours}").read()
                urllib.request.urlopen(f"http://127.0.0.1:{DS_PORT}{theirs}").read()
        results = []
        print(f"\ngunicorn workers={a.workers} DJANGO_DEBUG={'1' if a.debug else '0'}; wrk {a.duration}s per cell; latency ms")
        print(f"{'question':20} {'c':>3} | {'ours rps':>9} {'p50':>7} {'p95':>7} {'p99':>7} {'err':>4} | {'ds rps':>9} {'p50':>7} {'p95':>7} {'p99':>7} {'err':>4} | {'rps ratio':>9} {'p95 ratio':>9}")
        for qn, (ours, theirs) in questions.items():
            for c in [int(x) for x in a.conc.split(",")]:
                settle()
                o = wrk(f"http://127.0.0.1:{API_PORT}{ours}", c, a.duration)
                settle()
                t = wrk(f"http://127.0.0.1:{DS_PORT}{theirs}", c, a.duration)
                results.append({"question": qn, "conc": c, "ours": o, "datasette": t})
                print(f"{qn:20} {c:3} | {o['rps']:9.1f} {o['p50']:7.1f} {o['p95']:7.1f} {o['p99']:7.1f} {o['non2xx']+o['errors']:4} | "
                      f"{t['rps']:9.1f} {t['p50']:7.1f} {t['p95']:7.1f} {t['p99']:7.1f} {t['non2xx']+t['errors']:4} | "
                      f"{_ratio(o['rps'], t['rps'])} {_ratio(o['p95'], t['p95'])}", flush=True)
        print("\nURLs:")
        for qn, (ours, theirs) in questions.items():
            print(f"  {qn}: ours {ours}\n  {' ' * len(qn)}  datasette {theirs}")
        if a.json:
            json.dump(results, open(a.json, "w"), indent=1)
    finally:
        for pr in procs:
            pr.send_signal(signal.SIGTERM)
        for pr in procs:
            pr.wait(timeout=30)


if __name__ == "__main__":
    main()
