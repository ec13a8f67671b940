#!/usr/bin/env python
"""Benchmark 5: full-text search latency for 提案 (2 chars), 乡村振兴 (4 chars), 社情民意信息 (phrase) and 灵石县 (rare) on PostgreSQL,
through reports.search.search() (first page of 50, ranked) and through the API (?q=, in-process test Client),
on sections and documents; then EXPLAIN ANALYZE showing whether the GIN indexes are used.

Usage: .venv/bin/python bench/search.py [--reps 30] [--warmup 3]
Database: $DATABASE_URL (default cppcc_bench, loaded by bench/corpus.sh).
"""
import argparse
import time
from urllib.parse import quote

import _common as C

# Three words in most of the corpus (two characters, four, a phrase) and one in a few dozen documents.
QUERIES = ["提案", "乡村振兴", "社情民意信息", "灵石县"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--no-explain", action="store_true")
    a = ap.parse_args()
    C.django_setup()
    from django.db import connection
    from django.test import Client

    from reports import search
    from reports.api.views import DocumentViewSet, SectionViewSet
    from reports.models import Document, Section

    print(C.machine())
    with connection.cursor() as cur:
        cur.execute("SELECT (SELECT count(*) FROM reports_document), (SELECT count(*) FROM reports_section)")
        nd, ns = cur.fetchone()
    print(f"corpus: documents={nd} sections={ns}")
    client = Client(SERVER_NAME="127.0.0.1")
    targets = [("sections", Section, SectionViewSet.filterset_class.phrase_fields),
               ("documents", Document, DocumentViewSet.filterset_class.phrase_fields)]

    def timed(fn):
        for _ in range(a.warmup):
            fn()
        out = []
        for _ in range(a.reps):
            t = time.perf_counter(); fn(); out.append((time.perf_counter() - t) * 1000)
        return C.summary(out)

    print(f"\n{'query':14} {'table':10} {'hits':>6} {'fn med':>8} {'fn p95':>8} {'API med':>8} {'API p95':>8}  (ms; fn = search(): first 50 rows and their count, one query)")
    results = {}
    for q in QUERIES:
        for label, model, phrase in targets:
            def fn():  # one query: the page and its count (the window search_total), as the API does
                qs = search.search(model.objects.all(), q, phrase).order_by("-search_rank", "-id")
                page = list(qs.values_list("id", "search_total")[:50])
                return (page[0][1] if page else 0), [pk for pk, _ in page]

            hits = fn()[0]
            f = timed(fn)
            path = f"/api/v1/{label}/?q={quote(q)}"
            r = client.get(path, HTTP_ACCEPT="application/json")
            assert r.status_code == 200, (path, r.status_code)
            api = timed(lambda: client.get(path, HTTP_ACCEPT="application/json"))
            results[(q, label)] = (hits, f, api)
            print(f"{q:14} {label:10} {hits:6} {f['median']:8.2f} {f['p95']:8.2f} {api['median']:8.2f} {api['p95']:8.2f}")

    if not a.no_explain:
        for q in QUERIES:
            for label, model, phrase in targets:
                qs = search.search(model.objects.all(), q, phrase).order_by("-search_rank", "-id")[:50]
                sql, params = qs.query.sql_with_params()
                with connection.cursor() as cur:
                    cur.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
                    plan = [r[0] for r in cur.fetchall()]
                used = [n for n in ("reports_section_search_gin", "reports_document_search_gin") if any(n in line for line in plan)]
                how = used or "no: the newest matches by a backward primary-key scan (a frequent word)"
                print(f"\n--- EXPLAIN ANALYZE {label} ?q={q}: GIN index used: {how}")
                print("\n".join(plan))
    return results


if __name__ == "__main__":
    main()
