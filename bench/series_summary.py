"""The national series from the summary (reports/series.py) beside the live GROUP BY it replaced, in one run.

Makes a scratch PostgreSQL database (``--db``, dropped at the end), migrates it,
loads the gazetteer and inserts a synthetic statistics table of the national
corpus's scale straight in SQL (``--documents`` documents over every county,
``--per-document`` statistics each; 200,000 × 10 by default, like the
national corpus of bench/RESULTS.md), builds the summary with
``refresh_series()`` and times requests through Django's test Client (full
middleware, filters, paging; DEBUG off):

- summary: ``/statistics/series/?metric=proposals_filed&page_size=500`` (metric and place filters read the summary);
- live: the same plus ``value_min=0``, a filter the summary cannot answer, so the statistics are grouped at
  request time as before: the same points (checked), the old cost.

Usage: ``.venv/bin/python bench/series_summary.py [--documents 200000] [--requests 20] [--db cppcc_series_bench]``.
"""
import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402  (sets up sys.path and the Django settings)

METRICS = ("proposals_filed", "proposals_received", "proposals_key", "proposals_closed", "opinion_reports",
           "opinion_reports_adopted", "consultations", "inspections")


def create_database(name):
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(name):
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fill(documents, per_document):
    """Documents spread evenly over every county and twenty review years; statistics of eight metrics, 30 % without a
    year of their own (their point's year is the document's review year)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SET session_replication_role = replica")  # no per-row triggers (version stamp, foreign keys): a load
        cur.execute(
            """
            INSERT INTO reports_document (kind, title, county_id, speaker_name, speaker_role, review_year, is_fragment,
                is_excerpt, source_file, source_index, source_page, raw_text, checksum, warnings, parser_version,
                review_status, search_text, corrected_fields)
            SELECT (ARRAY['standing_committee_work_report', 'proposal_work_report', 'resolution'])[1 + (i / n) %% 3],
                'document ' || i, c.code, '', '', 2004 + (i / n) %% 20, false, false, 'bench-' || i || '.txt', 0, '', '',
                md5(i::text) || md5((-i)::text), '[]', '', 'parsed', '', '[]'
            FROM (SELECT count(*) AS n FROM reports_county) total
            CROSS JOIN generate_series(0, %s - 1) AS i
            JOIN (SELECT code, row_number() OVER (ORDER BY code) - 1 AS k FROM reports_county) c ON c.k = i %% total.n
            """,
            [documents],
        )
        cur.execute(
            """
            INSERT INTO reports_statistic (document_id, metric, wording, value, qualifier, unit, year, quote, start, "end",
                corrected, rule, corrected_fields)
            SELECT d.id, (%s::text[])[1 + (d.id + k) %% array_length(%s::text[], 1)], '', v, 'exact', '件',
                CASE WHEN (d.id * 7 + k) %% 10 < 7 THEN d.review_year - (k %% 2) END,
                v::text || '件', k * 100, k * 100 + length(v::text || '件'), false, '', '[]'
            FROM reports_document d, generate_series(0, %s - 1) AS k,
                LATERAL (SELECT ((d.id * 7919 + k * 104729) %% 997)::bigint AS v) value
            """,
            [list(METRICS), list(METRICS), per_document],
        )
        cur.execute("SET session_replication_role = DEFAULT")
        cur.execute("VACUUM ANALYZE reports_document")
        cur.execute("VACUUM ANALYZE reports_statistic")
        cur.execute("SELECT (SELECT count(*) FROM reports_document), (SELECT count(*) FROM reports_statistic)")
        return cur.fetchone()


def timed(client, url, params, requests):
    ms, body = [], None
    client.get(url, params)  # warm: plans and caches, not measured
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url, params)
        ms.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
        body = response.json()
    return ms, body


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=200_000)
    ap.add_argument("--per-document", type=int, default=10, help="statistics per document")
    ap.add_argument("--requests", type=int, default=20, help="timed requests per question (after one warm-up)")
    ap.add_argument("--db", default="cppcc_series_bench", help="scratch database, created and dropped")
    args = ap.parse_args()
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.db}"
    started = time.perf_counter()
    create_database(args.db)
    try:
        run(args, started)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(args.db)
        print(f"dropped {args.db}; whole run {time.perf_counter() - started:.0f} s")


def run(args, started):
    _common.django_setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from reports.series import refresh_series

    print(_common.machine())
    call_command("migrate", verbosity=0)
    call_command("load_gazetteer", verbosity=0)
    t = time.perf_counter()
    docs, stats = fill(args.documents, args.per_document)
    print(f"inserted {docs:,} documents and {stats:,} statistics in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    points = refresh_series()
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE reports_seriespoint")
    print(f"refresh_series() (full rebuild): {points:,} points in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    counties = refresh_series(counties=["140826"])
    print(f"refresh_series(counties=[140826]) (what one write costs): {counties} points in {(time.perf_counter() - t) * 1000:.1f} ms")

    client = Client(SERVER_NAME="127.0.0.1")
    url = "/api/v1/statistics/series/"
    questions = [
        ("national, one metric, 500 points", {"metric": "proposals_filed", "page_size": 500}),
        ("national, every metric, first 50", {}),
        ("one province, one metric, 500", {"metric": "proposals_filed", "province": "140000", "page_size": 500}),
        ("one county, every metric, 500", {"county": "140826", "page_size": 500}),
    ]
    print(f"\n{args.requests} requests each, in-process test Client, DEBUG off; ms")
    print(f"{'question':36} {'summary p50':>11} {'p95':>7} {'live p50':>9} {'p95':>7} {'speed-up':>8}")
    for name, params in questions:
        fast, fast_body = timed(client, url, params, args.requests)
        slow, slow_body = timed(client, url, {**params, "value_min": 0}, args.requests)
        assert fast_body["results"] == slow_body["results"], f"{name}: the summary and the live query differ"
        p50, p50_live = _common.pct(fast, 50), _common.pct(slow, 50)
        print(f"{name:36} {p50:11.1f} {_common.pct(fast, 95):7.1f} {p50_live:9.1f} {_common.pct(slow, 95):7.1f} {p50_live / p50:7.0f}×")
    # What a chart of the whole country needs: every page of one metric, from the summary.
    t, pages, points, page_url, params = time.perf_counter(), 0, 0, url, {"metric": "proposals_filed", "page_size": 500}
    while page_url:
        body = client.get(page_url, params).json()
        pages, points, page_url, params = pages + 1, points + len(body["results"]), body["next"], None
    print(f"\nevery page of the national proposals_filed series from the summary: {points:,} points, {pages} pages, "
          f"{(time.perf_counter() - t) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
