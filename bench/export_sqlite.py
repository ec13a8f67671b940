#!/usr/bin/env python
"""Copy the benchmark corpus from PostgreSQL to a SQLite file for Datasette (bench/api_vs_datasette.sh).

Usage: .venv/bin/python bench/export_sqlite.py [out=bench/out/cppcc_bench.db]
Same rows and the same indexes as the questions use on PostgreSQL; documents without raw_text/search_text
(the API's list does not return them either); sections with an FTS5 index on search_text (the jieba tokens,
space separated), which Datasette's ?_search= uses.
"""
import sqlite3
import sys
import time
from pathlib import Path

import psycopg

import _common as C

TABLES = {
    "reports_province": "code TEXT PRIMARY KEY, name TEXT, slug TEXT",
    "reports_county": "code TEXT PRIMARY KEY, name TEXT, kind TEXT, slug TEXT, prefecture_id TEXT, province_id TEXT REFERENCES reports_province(code)",
    "reports_committee": "id INTEGER PRIMARY KEY, county_id TEXT REFERENCES reports_county(code), term INTEGER, start_year INTEGER, end_year INTEGER",
    "reports_session": "id INTEGER PRIMARY KEY, committee_id INTEGER REFERENCES reports_committee(id), number INTEGER, start_date TEXT, end_date TEXT, venue TEXT",
    "reports_document": "id INTEGER PRIMARY KEY, kind TEXT, title TEXT, county_id TEXT REFERENCES reports_county(code), "
    "committee_id INTEGER REFERENCES reports_committee(id), session_id INTEGER REFERENCES reports_session(id), speaker_name TEXT, "
    "speaker_role TEXT, date TEXT, review_year INTEGER, plan_year INTEGER, is_fragment INTEGER, is_excerpt INTEGER, "
    "review_status TEXT, source_file TEXT, source_index INTEGER, source_page TEXT",
    "reports_section": "id INTEGER PRIMARY KEY, document_id INTEGER REFERENCES reports_document(id), parent_id INTEGER, position INTEGER, "
    "level INTEGER, label TEXT, heading TEXT, body TEXT, part TEXT, start INTEGER, \"end\" INTEGER, search_text TEXT",
    "reports_statistic": "id INTEGER PRIMARY KEY, document_id INTEGER REFERENCES reports_document(id), section_id INTEGER, metric TEXT, "
    "wording TEXT, value INTEGER, qualifier TEXT, unit TEXT, year INTEGER, quote TEXT, start INTEGER, \"end\" INTEGER, corrected INTEGER",
}
INDEXES = [
    "CREATE INDEX doc_county ON reports_document(county_id)", "CREATE INDEX doc_review_year ON reports_document(review_year)",
    "CREATE INDEX doc_order ON reports_document(county_id, date, source_file, source_index)",
    "CREATE INDEX stat_metric ON reports_statistic(metric)", "CREATE INDEX stat_value ON reports_statistic(value)",
    "CREATE INDEX stat_document ON reports_statistic(document_id)", "CREATE INDEX sec_document ON reports_section(document_id)",
]


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent / "out" / "cppcc_bench.db")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    t0 = time.perf_counter()
    lite = sqlite3.connect(out)
    lite.execute("PRAGMA journal_mode=OFF"); lite.execute("PRAGMA synchronous=OFF")
    with psycopg.connect(C.dsn()) as pg:
        for table, ddl in TABLES.items():
            cols = [c.split()[0] for c in ddl.split(", ") if not c.startswith("FOREIGN")]
            lite.execute(f"CREATE TABLE {table} ({ddl})")
            n = 0
            with pg.cursor(name=f"c_{table}") as cur:
                cur.itersize = 5000
                cur.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY 1")
                while rows := cur.fetchmany(5000):
                    rows = [tuple(v.isoformat() if hasattr(v, "isoformat") else v for v in r) for r in rows]
                    lite.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(cols))})", rows)
                    n += len(rows)
            print(f"{table}: {n} rows")
    for sql in INDEXES:
        lite.execute(sql)
    lite.execute('CREATE VIRTUAL TABLE reports_section_fts USING fts5(search_text, content="reports_section", content_rowid="id")')
    lite.execute("INSERT INTO reports_section_fts(reports_section_fts) VALUES('rebuild')")
    lite.commit()
    lite.execute("ANALYZE")
    lite.close()
    print(f"wrote {out} ({out.stat().st_size/1e6:.0f} MB) in {time.perf_counter()-t0:.1f} s")


if __name__ == "__main__":
    main()
