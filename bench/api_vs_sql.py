#!/usr/bin/env python
"""Benchmark 2: the same four questions through the API and as raw SQL (psycopg), in one process.

Usage: .venv/bin/python bench/api_vs_sql.py [--reps 50] [--warmup 5] [--url http://127.0.0.1:8000]
Default: the API is called in-process through Django's test Client (full middleware, DRF, filters, paging,
JSON rendering; no network). With --url it calls a running server (gunicorn) over loopback HTTP instead.
Baselines, all fetched by psycopg in the same process:
- "ORM SQL": the queries the API request itself ran (captured), replayed as text, not prepared — what the API's
  database work costs; the issue's target is API within 3x of it.
- "SQL": hand-written queries for the same page, not prepared (psycopg prepares a statement after five runs by
  default, which the ORM's SQL never is: the earlier figures compared a prepared baseline; bench/RESULTS.md), and
  "SQL prep." the same prepared, to show what server-side preparation saves.
- "SQL+JSON": unprepared SQL plus the page's rows as dicts encoded by orjson, the least a hand-written endpoint does.
Database: $DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cppcc_bench), loaded by bench/corpus.sh.
"""
import argparse
import http.client
import json
import time
from urllib.parse import urlparse

import orjson

import _common as C

SQL = {
    "docs_county_year": [
        # The page; the API counts only with ?count=true (bench/api_vs_datasette.py asks for it, this does not).
        ("""SELECT d.id, d.kind, d.title, c.code, c.name, p.code, p.name, d.committee_id, d.session_id, cm.term, s.number,
                   d.speaker_name, d.speaker_role, d.date, d.review_year, d.plan_year, d.is_fragment, d.is_excerpt,
                   d.review_status, d.source_file, d.source_page
            FROM reports_document d JOIN reports_county c ON c.code = d.county_id JOIN reports_province p ON p.code = c.province_id
            LEFT JOIN reports_committee cm ON cm.id = d.committee_id LEFT JOIN reports_session s ON s.id = d.session_id
            WHERE d.county_id = %(county)s AND d.review_year = %(year)s
            ORDER BY d.county_id, d.date, d.source_file, d.source_index LIMIT 50""", None),
    ],
    "stats_metric_value": [
        ("""SELECT t.id, t.document_id, d.kind, c.code, c.name, t.section_id, t.metric, t.wording, t.value, t.qualifier, t.unit,
                   t.year, t.quote, t.start, t."end", t.corrected
            FROM reports_statistic t JOIN reports_document d ON d.id = t.document_id JOIN reports_county c ON c.code = d.county_id
            WHERE t.metric = %(metric)s AND t.value >= %(value_min)s ORDER BY t.id LIMIT 51""", None),
    ],
    "search_sections": [
        # reports.search on PostgreSQL: the stored vector's GIN index, the newest 1,000 matches ranked from the
        # vector and counted in the same scan.
        ("""SELECT s.id, s.document_id, s.parent_id, s.position, s.level, s.label, s.heading, s.body, s.part, s.start, s."end",
                   ts_rank_cd(s.search_vector, to_tsquery('simple', %(tsq)s), 1) AS rank, count(*) OVER () AS total
            FROM reports_section s WHERE s.id IN (
              SELECT id FROM reports_section WHERE search_vector @@ to_tsquery('simple', %(tsq)s) ORDER BY id DESC LIMIT 1000)
            ORDER BY rank DESC, s.id DESC LIMIT 51""", None),
    ],
    "stats_deep_cursor": [
        ("""SELECT t.id, t.document_id, d.kind, c.code, c.name, t.section_id, t.metric, t.wording, t.value, t.qualifier, t.unit,
                   t.year, t.quote, t.start, t."end", t.corrected
            FROM reports_statistic t JOIN reports_document d ON d.id = t.document_id JOIN reports_county c ON c.code = d.county_id
            WHERE t.id > %(deep_id)s ORDER BY t.id LIMIT 51""", None),
    ],
}


def api_paths(p):
    return {
        "docs_county_year": f"/api/v1/documents/?county={p['county']}&review_year={p['year']}",
        "stats_metric_value": f"/api/v1/statistics/?metric={p['metric']}&value_min={p['value_min']}",
        "search_sections": "/api/v1/sections/?q=%E6%8F%90%E6%A1%88",  # 提案
        "stats_deep_cursor": f"/api/v1/statistics/?cursor={C.cursor_for(p['deep_id'])}",
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--url", help="base URL of a running server; default: in-process test Client")
    ap.add_argument("--json", help="write results here")
    a = ap.parse_args()
    C.django_setup()
    import psycopg
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    print(C.machine())
    conn = psycopg.connect(C.dsn(), autocommit=True)
    with conn.cursor() as cur:
        p = C.pick_params(cur)
        cur.execute("SELECT (SELECT count(*) FROM reports_document), (SELECT count(*) FROM reports_section)")
        nd, ns = cur.fetchone()
    print(f"corpus: documents={nd} sections={ns} statistics={p['n_stats']}")
    print(f"params: {p}")
    p.update(tsq="'提案'", like="% 提案 %", needle=" 提案 ", nlen=len(" 提案 "))

    if a.url:
        u = urlparse(a.url)
        hc = http.client.HTTPConnection(u.hostname, u.port or 80)

        def get(path):
            hc.request("GET", path, headers={"Accept": "application/json"})
            r = hc.getresponse()
            body = r.read()
            return r.status, body
    else:
        client = Client(SERVER_NAME="127.0.0.1")

        def get(path):
            r = client.get(path, HTTP_ACCEPT="application/json")
            return r.status_code, r.content

    paths = api_paths(p)
    results = {}
    print(f"\n{'question':22} {'API med':>8} {'API p95':>8} {'ORM SQL':>8} {'API/ORM':>8} {'SQL med':>8} {'SQL prep.':>9} "
          f"{'+JSON med':>9} {'API/SQL':>8} {'rows':>5} {'queries':>7}")

    def timed(run, n):
        out = []
        for i in range(a.warmup + n):
            t = time.perf_counter(); run(); ms = (time.perf_counter() - t) * 1000
            if i >= a.warmup:
                out.append(ms)
        return out

    for name, path in paths.items():
        status, body = get(path)
        assert status == 200, (name, status, body[:300])
        data = json.loads(body)
        rows = len(data.get("results", data))
        nq, orm_sql = "-", []
        if not a.url:
            with CaptureQueriesContext(connection) as ctx:
                get(path)
            nq = len(ctx.captured_queries)
            orm_sql = [q["sql"] for q in ctx.captured_queries if C.is_data_query(q["sql"])]
        for _ in range(a.warmup):
            get(path)
        api = []
        for _ in range(a.reps):
            t = time.perf_counter(); get(path); api.append((time.perf_counter() - t) * 1000)
        with conn.cursor() as cur:
            def hand(prepare):
                for q, _ in SQL[name]:
                    cur.execute(q, p, prepare=prepare); cur.fetchall()

            def hand_json():
                for q, _ in SQL[name]:
                    cur.execute(q, p, prepare=False); fetched = cur.fetchall()
                names = [d.name for d in cur.description]
                orjson.dumps({"results": [dict(zip(names, r)) for r in fetched]}, default=str)

            def orm():
                for q in orm_sql:  # the request's own SQL as Django sent it, parameters inlined: planned every time
                    cur.execute(q, prepare=False); cur.fetchall()

            sql, prep, sql_json = timed(lambda: hand(False), a.reps), timed(lambda: hand(True), a.reps), timed(hand_json, a.reps)
            orm_ms = timed(orm, a.reps) if orm_sql else [float("nan")]
        sa, so, ss, sp, sj = (C.summary(v) for v in (api, orm_ms, sql, prep, sql_json))
        results[name] = {"path": path, "api": sa, "orm_sql": so, "sql": ss, "sql_prepared": sp, "sql_json": sj, "rows": rows, "queries": nq}
        print(f"{name:22} {sa['median']:8.2f} {sa['p95']:8.2f} {so['median']:8.2f} {sa['median']/so['median']:7.1f}x {ss['median']:8.2f} "
              f"{sp['median']:9.2f} {sj['median']:9.2f} {sa['median']/ss['median']:7.1f}x {rows:5} {nq:>7}")
    print("\n(ms, medians; API = " + (a.url if a.url else "in-process django.test.Client, DEBUG off") + "; ORM SQL = the API's "
          "captured queries replayed unprepared; SQL = hand-written, unprepared; SQL prep. = the same prepared; psycopg, "
          "same process, autocommit)")
    for name, r in results.items():
        print(f"  {name}: {r['path']}")
    if a.json:
        json.dump(results, open(a.json, "w"), indent=1, default=str)


if __name__ == "__main__":
    main()
