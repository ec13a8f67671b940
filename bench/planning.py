#!/usr/bin/env python
"""Where a list's database time goes: planning against execution (EXPLAIN ANALYZE), and what preparing saves.

Usage: .venv/bin/python bench/planning.py [--reps 200]
1. The count of ``?count=true`` on the documents question (county + year): before (the count of the page's
   ``.values()`` queryset, which keeps the page's four joins) and now (the filtered rows alone), planning and
   execution medians from EXPLAIN ANALYZE.
2. Section and document search for 提案: before this round (a count query, then the page ranked by counting
   the word in each match's full text, as the code did) and now (one query: ts_rank_cd from the stored vector
   and a window count), EXPLAIN ANALYZE planning + execution, medians.
3. Every query the API runs for each benchmark question (captured), replayed by psycopg not prepared and
   prepared, interleaved, medians: what ``DB_PREPARE_THRESHOLD`` (docs/scaling.md) can save per request.
Database: $DATABASE_URL (default cppcc_bench).
"""
import argparse
import json
import re
import statistics
import time

import _common as C


def explain_times(cur, sql, reps):
    plan, execute = [], []
    for _ in range(reps):
        cur.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        doc = cur.fetchone()[0]
        doc = json.loads(doc) if isinstance(doc, str) else doc
        plan.append(doc[0]["Planning Time"]); execute.append(doc[0]["Execution Time"])
    return statistics.median(plan), statistics.median(execute)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=200)
    a = ap.parse_args()
    C.django_setup()
    import psycopg
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from api_vs_sql import api_paths
    from reports.api import filters, rows
    from reports.models import Document

    print(C.machine())
    conn = psycopg.connect(C.dsn(), autocommit=True)
    with conn.cursor() as cur:
        p = C.pick_params(cur)
    print(f"params: {p}")

    from django.http import QueryDict

    fs = filters.DocumentFilter(QueryDict(f"county={p['county']}&review_year={p['year']}"),
                                queryset=Document.objects.select_related("county__province", "committee", "session"))
    assert fs.is_valid(), fs.errors
    counts = {}
    for label, qs in (("before: count of the page's values()", fs.qs.values(*rows.DOCUMENT.lookups)),
                      ("now: count of the filtered rows", fs.qs.select_related(None))):
        with CaptureQueriesContext(connection) as ctx:
            qs.count()
        counts[label] = ctx.captured_queries[-1]["sql"]
    print(f"\n1. documents ?count=true (county + year), EXPLAIN ANALYZE medians of {a.reps // 4} runs, ms")
    with conn.cursor() as cur:
        for label, sql in counts.items():
            plan, execute = explain_times(cur, sql, max(a.reps // 4, 5))
            print(f"  {label:40} joins={len(re.findall(' JOIN ', sql))}  planning {plan:6.3f}  execution {execute:6.3f}")

    print(f"\n2. search 提案, newest 1,000 matches, first page: before / now, EXPLAIN ANALYZE medians of {a.reps // 4} runs, ms")
    from reports import search
    from reports.models import Section

    for model, phrase in ((Section, ("heading", "body")), (Document, ("title", "raw_text"))):
        table = model._meta.db_table
        newest = f"SELECT id FROM {table} WHERE search_vector @@ to_tsquery('simple', '''提案''') ORDER BY id DESC LIMIT 1000"
        before = [f"SELECT count(*) FROM {table} WHERE id IN ({newest})",
                  f"SELECT id, (length(' ' || search_text || ' ') - length(replace(' ' || search_text || ' ', ' 提案 ', ''))) / 4 "
                  f"AS rank FROM {table} WHERE id IN ({newest}) ORDER BY rank DESC, id LIMIT 51"]
        qs = search.search(model.objects.all(), "提案", phrase).order_by("-search_rank", "-pk").values("pk", "search_rank", "search_total")[:51]
        with CaptureQueriesContext(connection) as ctx:
            list(qs)
        now = [ctx.captured_queries[-1]["sql"]]
        with conn.cursor() as cur:
            for label, sqls in (("before (count + text rank)", before), ("now (one query, vector rank)", now)):
                times = [explain_times(cur, sql, max(a.reps // 4, 5)) for sql in sqls]
                plan, execute = sum(t[0] for t in times), sum(t[1] for t in times)
                print(f"  {table:18} {label:30} {len(sqls)} queries  planning {plan:6.3f}  execution {execute:7.3f}  total {plan + execute:7.3f}")

    print(f"\n3. the API's own queries replayed, not prepared / prepared (interleaved, {a.reps} runs, medians, ms)")
    client = Client(SERVER_NAME="127.0.0.1")
    for name, path in api_paths(p).items():
        with CaptureQueriesContext(connection) as ctx:
            client.get(path, HTTP_ACCEPT="application/json")
        sqls = [q["sql"] for q in ctx.captured_queries]
        plain, prepared = [], []
        with conn.cursor() as cur:
            for i in range(a.reps + 5):
                for prepare, out in ((False, plain), (True, prepared)):
                    t = time.perf_counter()
                    for sql in sqls:
                        cur.execute(sql, prepare=prepare); cur.fetchall()
                    if i >= 5:
                        out.append((time.perf_counter() - t) * 1000)
        a_, b_ = statistics.median(plain), statistics.median(prepared)
        print(f"  {name:22} {len(sqls)} queries: not prepared {a_:7.3f}  prepared {b_:7.3f}  saves {a_ - b_:6.3f} ({a_ / b_:4.1f}x)")
    print(f"\nload average: {'%.1f/%.1f/%.1f' % __import__('os').getloadavg()}")


if __name__ == "__main__":
    main()
