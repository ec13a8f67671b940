"""Helper for corpus.sh: parse pages in a folder, then time bulk_load() alone into a fresh copy of the tables.

Truncates the reports_* document tables of $DATABASE_URL first (scratch database only!).
"""
import os, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cppcc_site.settings")
import django
django.setup()
from django.db import connection, transaction
from reports.ingest import bulk_load, plan_file
from reports.parsing import parse_text

pages = sorted(Path(sys.argv[1]).glob("*.txt"))
t0 = time.perf_counter()
plans = []
for p in pages:
    plans.append(plan_file(parse_text(p.read_text(encoding="utf-8"), source=p.name), source_file=p.name))
t1 = time.perf_counter()
with connection.cursor() as c:
    c.execute("TRUNCATE reports_statistic, reports_section, reports_document, reports_session, reports_committee CASCADE")
loaded = 0
t2 = time.perf_counter()
batch = []
for ps in plans:
    batch.extend(ps)
    if len(batch) >= 200:
        with transaction.atomic():
            loaded += bulk_load(batch)
        batch = []
if batch:
    with transaction.atomic():
        loaded += bulk_load(batch)
t3 = time.perf_counter()
print(f"pages={len(pages)} parse+plan_seconds={t1-t0:.2f} documents_loaded={loaded}")
print(f"bulk_load_seconds={t3-t2:.2f}")
