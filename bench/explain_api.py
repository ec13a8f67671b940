#!/usr/bin/env python
"""Print the SQL the API runs for each benchmark question, with EXPLAIN ANALYZE (diagnosis for RESULTS.md).

Usage: .venv/bin/python bench/explain_api.py [question ...]
"""
import sys

import _common as C


def main():
    C.django_setup()
    import psycopg
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from api_vs_sql import api_paths

    with psycopg.connect(C.dsn()) as conn, conn.cursor() as cur:
        p = C.pick_params(cur)
    paths = api_paths(p)
    client = Client(SERVER_NAME="127.0.0.1")
    for name in sys.argv[1:] or paths:
        with CaptureQueriesContext(connection) as ctx:
            client.get(paths[name], HTTP_ACCEPT="application/json")
        print(f"===== {name}: {paths[name]}")
        for q in filter(lambda q: C.is_data_query(q["sql"]), ctx.captured_queries):
            print(f"--- {q['time']} s\n{q['sql']}")
            with connection.cursor() as cur:
                cur.execute("EXPLAIN (ANALYZE, COSTS OFF) " + q["sql"])
                print("\n".join(r[0] for r in cur.fetchall()))


if __name__ == "__main__":
    main()
