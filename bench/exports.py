#!/usr/bin/env python
"""Benchmark 4: CSV export of all statistics through the API (streamed) vs psql \\copy of the same columns.

Usage: .venv/bin/python bench/exports.py [--reps 3] [--gunicorn]
API: GET /api/v1/statistics/?format=csv, consumed in a fresh subprocess (in-process test Client, streamed body
read chunk by chunk and discarded); peak RSS = the subprocess's ru_maxrss (also its RSS before the request).
With --gunicorn: against a 1-worker gunicorn on 127.0.0.1:8765 read with curl; peak RSS = the worker's VmHWM.
psql: \\copy (SELECT same 15 columns with the same joins ORDER BY id) TO STDOUT CSV HEADER, to /dev/null.
"""
import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import _common as C

HERE = Path(__file__).resolve().parent
COPY_SQL = """SELECT t.id, t.document_id, d.kind, d.county_id, c.name, p.name, t.metric, t.value, t.qualifier, t.unit, t.year,
 t.wording, t.quote, t.start, t."end" FROM reports_statistic t JOIN reports_document d ON d.id = t.document_id
 JOIN reports_county c ON c.code = d.county_id JOIN reports_province p ON p.code = c.province_id ORDER BY t.id"""

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, %(here)r)
import _common as C
C.django_setup()
from django.test import Client
c = Client(SERVER_NAME="127.0.0.1")
c.get("/api/v1/provinces/", HTTP_ACCEPT="application/json")  # warm imports/URLconf
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
r = c.get("/api/v1/statistics/?format=csv")
assert r.status_code == 200, r.status_code
nbytes = lines = 0
for chunk in r.streaming_content:
    nbytes += len(chunk); lines += chunk.count(b"\n")
dt = time.perf_counter() - t
print(json.dumps({"seconds": dt, "bytes": nbytes, "rows": lines - 1, "rss_before_kb": before,
                  "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def api_subprocess():
    out = subprocess.run([sys.executable, "-c", CHILD % {"here": str(HERE)}], capture_output=True, text=True, env=os.environ)
    if out.returncode:
        sys.exit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def api_gunicorn(port=8765):
    env = dict(os.environ)
    proc = subprocess.Popen([str(C.ROOT / ".venv/bin/gunicorn"), "cppcc_site.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1",
                             "--timeout", "600", "--log-level", "warning"], cwd=C.ROOT, env=env)
    try:
        for _ in range(100):
            if subprocess.run(["curl", "-sf", "-o", "/dev/null", f"http://127.0.0.1:{port}/api/v1/provinces/"]).returncode == 0:
                break
            time.sleep(0.2)
        worker = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()[0]
        status = lambda key: int([l for l in open(f"/proc/{worker}/status") if l.startswith(key)][0].split()[1])
        before = status("VmRSS")
        t = time.perf_counter()
        cp = subprocess.run(["curl", "-sf", f"http://127.0.0.1:{port}/api/v1/statistics/?format=csv"], capture_output=True)
        dt = time.perf_counter() - t
        assert cp.returncode == 0
        return {"seconds": dt, "bytes": len(cp.stdout), "rows": cp.stdout.count(b"\n") - 1, "rss_before_kb": before,
                "peak_rss_kb": status("VmHWM")}
    finally:
        proc.send_signal(signal.SIGTERM); proc.wait()


def psql_copy():
    # Read as a stream and counted: holding 330 MB here would raise this process's
    # peak RSS, which the next API subprocess inherits as its ru_maxrss.
    t = time.perf_counter()
    proc = subprocess.Popen(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", C.dsn().split("dbname=")[1], "-Atc",
                             f"\\copy ({' '.join(COPY_SQL.split())}) TO STDOUT CSV HEADER"], stdout=subprocess.PIPE)
    nbytes = lines = 0
    while chunk := proc.stdout.read(1 << 20):
        nbytes += len(chunk); lines += chunk.count(b"\n")
    assert proc.wait() == 0
    return {"seconds": time.perf_counter() - t, "bytes": nbytes, "rows": lines - 1}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--gunicorn", action="store_true")
    a = ap.parse_args()
    print(C.machine())
    api_runs, copy_runs = [], []
    for i in range(a.reps):
        api_runs.append(api_gunicorn() if a.gunicorn else api_subprocess())
        copy_runs.append(psql_copy())
        r, c = api_runs[-1], copy_runs[-1]
        print(f"run {i+1}: API {r['rows']} rows {r['bytes']/1e6:.1f} MB {r['seconds']:.2f} s ({r['rows']/r['seconds']:.0f} rows/s), "
              f"RSS before {r['rss_before_kb']/1024:.0f} MB peak {r['peak_rss_kb']/1024:.0f} MB | "
              f"psql \\copy {c['rows']} rows {c['bytes']/1e6:.1f} MB {c['seconds']:.2f} s ({c['rows']/c['seconds']:.0f} rows/s)")
    best_api = min(api_runs, key=lambda r: r["seconds"])
    best_copy = min(copy_runs, key=lambda r: r["seconds"])
    api_rate, copy_rate = best_api["rows"] / best_api["seconds"], best_copy["rows"] / best_copy["seconds"]
    peak = max(r["peak_rss_kb"] for r in api_runs) / 1024
    mode = "gunicorn 1 worker + curl" if a.gunicorn else "subprocess, in-process test Client"
    print(f"RESULT export ({mode}): API {api_rate:.0f} rows/s, psql \\copy {copy_rate:.0f} rows/s, "
          f"API/copy = {api_rate/copy_rate:.2f} (target >= 0.5); API peak RSS {peak:.0f} MB (target < 200 MB)")


if __name__ == "__main__":
    main()
