#!/usr/bin/env python
"""Benchmark 3: the same questions through our API (gunicorn) and Datasette (SQLite copy), with wrk on loopback, fairly.

Usage: .venv/bin/python bench/api_vs_datasette.py [--duration 8] [--conc 1,4] [--reps 3] [--workers 5] [--settle 60]
One command for the 20k-document table: bash bench/fair_20k.sh (bench/README.md).
Needs: wrk (apt-get install wrk), bench/.venv with datasette (bench/requirements.txt), the cppcc_bench database
(bench/corpus.sh or bench/fair_20k.sh). Exports the SQLite copy with bench/export_sqlite.py unless --sqlite names one.

Fair means (bench/RESULTS.md, issue 17):
- Datasette runs as its users run it: ``--setting suggest_facets off`` (its default computes suggested facets on
  every JSON page, 0.7–1.6 s at 20k documents, which is what made the earlier ratios), immutable (``-i``), every
  other setting its default (3 SQL threads, 1 s SQL time limit). Same indexes on the filtered columns, FTS5 over
  the same jieba tokens (bench/export_sqlite.py).
- Each question does the same work on both sides, stated in ``WORK`` below: ranked or not, counted or not, rows.
  Both search questions rank the newest 1,000 matches and count them: ours with ts_rank_cd, Datasette with bm25
  through its SQL endpoint (its ``_search`` table filter returns matches in row order, unranked).
- Our API: gunicorn as deployed (``--preload``, sync workers), DJANGO_DEBUG=0, the anon throttle raised.
- A and B interleaved cell by cell, the order alternating each repetition; ≥ 3 repetitions; the ratio (ours /
  Datasette requests per second) reported as min / median / max over the repetitions; the load average printed
  with every cell (both servers and wrk share this machine's cores).
"""
import argparse
import statistics
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


def settle(limit):
    """Wait (at most ``limit`` s) until the machine is nearly idle.

    A server that wrk left with a backlog (Datasette's slow queries go on after
    wrk's timeout) would otherwise take CPU from the next cell's measurement.
    """
    end = time.time() + limit
    while time.time() < end and _cpu_busy() > 0.15:
        pass


def _ratio(ours, theirs):
    return ours / theirs if theirs else float("inf")


def load():
    return "load %.1f/%.1f/%.1f" % os.getloadavg()


# What each question asks of both sides (the same work): ranked, counted, rows per page.
WORK = {
    "docs_county_year": "not ranked (county, date order) | counted (both) | up to 50 rows, county/province names",
    "stats_metric_value": "not ranked (id order) | not counted | 50 rows",
    "search_sections": "ranked: newest 1,000 matches (ours ts_rank_cd, Datasette bm25) | counted (the ≤1,000) | 50 rows",
    "stats_deep_cursor": "not ranked (id order, keyset at 90 % depth) | not counted | 50 rows",
}

# Datasette's way to rank a full-text search: SQL over the FTS5 table (bm25 needs the FTS cursor).
RANKED_SEARCH_SQL = (
    "with m as (select rowid as id, bm25(reports_section_fts) as score from reports_section_fts "
    "where reports_section_fts match :q order by rowid desc limit 1000) "
    "select s.id, s.document_id, s.parent_id, s.position, s.level, s.label, s.heading, s.body, s.part, s.start, s.\"end\", "
    "m.score, count(*) over () as total from m join reports_section s on s.id = m.id order by m.score, s.id desc limit 50"
)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=8, help="seconds of wrk per cell")
    ap.add_argument("--conc", default="1,4")
    ap.add_argument("--reps", type=int, default=3, help="interleaved repetitions (>= 3 for a figure)")
    ap.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    ap.add_argument("--settle", type=float, default=60, help="max seconds to wait for an idle machine before a cell")
    ap.add_argument("--sqlite", help="existing SQLite copy (default: export to bench/out/cppcc_bench.db)")
    ap.add_argument("--debug", action="store_true", help="run gunicorn with DJANGO_DEBUG=1 instead of 0")
    ap.add_argument("--json")
    a = ap.parse_args()
    # The cursor of the deep-page question is signed here and checked by gunicorn: one key for both.
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    print(C.machine())
    print(f"start: {load()}")
    with psycopg.connect(C.dsn()) as conn, conn.cursor() as cur:
        p = C.pick_params(cur)
        cur.execute("SELECT count(*) FROM reports_document")
        print(f"corpus: {cur.fetchone()[0]} documents; params: {p}")
    db = Path(a.sqlite) if a.sqlite else HERE / "out" / "cppcc_bench.db"
    if not a.sqlite:
        subprocess.run([sys.executable, str(HERE / "export_sqlite.py"), str(db)], check=True)
    name = db.stem
    q = quote("提案")
    ranked_sql = f"/{name}.json?sql={quote(RANKED_SEARCH_SQL)}&q={quote(chr(34) + '提案' + chr(34))}&_shape=objects"
    questions = {
        "docs_county_year": (f"/api/v1/documents/?county={p['county']}&review_year={p['year']}&count=true",
                             f"/{name}/reports_document.json?county_id={p['county']}&review_year={p['year']}&_size=50&_labels=on"),
        "stats_metric_value": (f"/api/v1/statistics/?metric={p['metric']}&value_min={p['value_min']}",
                               f"/{name}/reports_statistic.json?metric={p['metric']}&value__gte={p['value_min']}&_size=50&_labels=on&_nocount=1"),
        "search_sections": (f"/api/v1/sections/?q={q}", ranked_sql),
        "stats_deep_cursor": (f"/api/v1/statistics/?cursor={C.cursor_for(p['deep_id'])}",
                              f"/{name}/reports_statistic.json?_next={p['deep_id']}&_size=50&_labels=on&_nocount=1"),
    }
    env = dict(os.environ, DJANGO_DEBUG="1" if a.debug else "0",
               ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_SSL_REDIRECT="0", ANON_THROTTLE_RATE="100000000/minute")
    procs = []
    try:
        api = subprocess.Popen([str(C.ROOT / ".venv/bin/gunicorn"), "cppcc_site.wsgi", "-b", f"127.0.0.1:{API_PORT}", "--preload",
                                "-w", str(a.workers), "--log-level", "warning", "--timeout", "60"], cwd=C.ROOT, env=env)
        procs.append(api)
        ds = subprocess.Popen([str(HERE / ".venv/bin/datasette"), "serve", "-i", str(db), "-h", "127.0.0.1", "-p", str(DS_PORT),
                               "--setting", "suggest_facets", "off"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(ds)
        wait_up(f"http://127.0.0.1:{API_PORT}/api/v1/provinces/", api)
        wait_up(f"http://127.0.0.1:{DS_PORT}/{name}.json", ds)
        print("\nthe same work on both sides (checked once here):")
        for qn, (ours, theirs) in questions.items():
            o = json.load(urllib.request.urlopen(f"http://127.0.0.1:{API_PORT}{ours}"))
            t = json.load(urllib.request.urlopen(f"http://127.0.0.1:{DS_PORT}{theirs}"))
            t_count = t.get("filtered_table_rows_count") or (t["rows"][0]["total"] if t["rows"] and "total" in t["rows"][0] else None)
            print(f"  {qn}: {WORK[qn]}\n    ours {len(o['results'])} rows (count={o.get('count', '-')}), "
                  f"datasette {len(t['rows'])} rows (count={t_count})")
            for _ in range(10):  # warm up both
                urllib.request.urlopen(f"http://127.0.0.1:{API_PORT}{ours}").read()
                urllib.request.urlopen(f"http://127.0.0.1:{DS_PORT}{theirs}").read()
        results = []
        concs = [int(x) for x in a.conc.split(",")]
        print(f"\ngunicorn --preload workers={a.workers} DJANGO_DEBUG={'1' if a.debug else '0'}; datasette -i, suggest_facets off; "
              f"wrk {a.duration}s per cell; {a.reps} interleaved repetitions; latency ms")
        print(f"{'rep':>3} {'question':20} {'c':>3} | {'ours rps':>9} {'p50':>7} {'p95':>7} {'err':>4} | {'ds rps':>9} {'p50':>7} {'p95':>7} {'err':>4} | {'ratio':>7} | load")
        for rep in range(a.reps):
            for qn, (ours, theirs) in questions.items():
                for c in concs:
                    runs = {}
                    sides = [("ours", API_PORT, ours), ("datasette", DS_PORT, theirs)]
                    for side, port, path in sides if rep % 2 == 0 else sides[::-1]:
                        settle(a.settle)
                        runs[side] = wrk(f"http://127.0.0.1:{port}{path}", c, a.duration)
                    o, t = runs["ours"], runs["datasette"]
                    ratio = _ratio(o["rps"], t["rps"])
                    results.append({"rep": rep, "question": qn, "conc": c, "ours": o, "datasette": t, "ratio": ratio, "load": os.getloadavg()})
                    print(f"{rep + 1:3} {qn:20} {c:3} | {o['rps']:9.1f} {o['p50']:7.1f} {o['p95']:7.1f} {o['non2xx'] + o['errors']:4} | "
                          f"{t['rps']:9.1f} {t['p50']:7.1f} {t['p95']:7.1f} {t['non2xx'] + t['errors']:4} | {ratio:6.2f}x | {load()}", flush=True)
        print(f"\nsummary: ours / Datasette requests per second, min / median / max over {a.reps} interleaved runs "
              f"(p95 ms: median of ours / Datasette's)")
        print(f"{'question':20} {'c':>3} | {'min':>6} {'median':>7} {'max':>6} | {'ours p95':>8} {'ds p95':>7} | work")
        for qn in questions:
            for c in concs:
                cell = [r for r in results if r["question"] == qn and r["conc"] == c]
                ratios = [r["ratio"] for r in cell]
                print(f"{qn:20} {c:3} | {min(ratios):5.2f}x {statistics.median(ratios):6.2f}x {max(ratios):5.2f}x | "
                      f"{statistics.median(r['ours']['p95'] for r in cell):8.1f} {statistics.median(r['datasette']['p95'] for r in cell):7.1f} | {WORK[qn]}")
        print(f"end: {load()}")
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
