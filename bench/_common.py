"""Shared helpers for the Python benchmarks: Django setup, machine line, percentiles, the benchmark questions."""
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cppcc_bench")
os.environ.setdefault("ANON_THROTTLE_RATE", "100000000/minute")  # the API's anon throttle would 429 a load test
# The shared cache as deployed (docker-compose runs Redis); REDIS_URL= (empty) measures the database-table cache.
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cppcc_site.settings")


def django_setup(debug=False):
    import django
    from django.conf import settings

    django.setup()
    # DJANGO_DEBUG=1 is needed for the dev SECRET_KEY/ALLOWED_HOSTS; switch off DEBUG's per-query logging for timing.
    settings.DEBUG = debug
    return settings


# Statements a request runs that are not its data work: transaction control (an atomic block's BEGIN has no
# matching COMMIT in a replay), session settings (the statement timeout) and the shared cache's throttle
# counters. Replays and EXPLAINs of a request's queries keep what answers the question.
NOT_DATA = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "SET ", "SHOW ")


def is_data_query(sql):
    return not sql.lstrip().upper().startswith(NOT_DATA) and "django_cache" not in sql


def dsn():
    from urllib.parse import urlparse

    u = urlparse(os.environ["DATABASE_URL"])
    return f"host={u.hostname} port={u.port or 5432} user={u.username or 'postgres'} dbname={u.path.lstrip('/')}"


def machine():
    mem = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    try:
        pg = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-Atc", "show server_version"],
                            capture_output=True, text=True).stdout.strip()
    except OSError:
        pg = "?"
    return f"machine: {platform.node()} | nproc={os.cpu_count()} | mem={mem} GiB | PostgreSQL {pg} | Python {platform.python_version()} | db={os.environ['DATABASE_URL']}"


def pct(values, p):
    v = sorted(values)
    if not v:
        return float("nan")
    k = (len(v) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def summary(ms):
    return {"n": len(ms), "median": statistics.median(ms), "p95": pct(ms, 95), "p99": pct(ms, 99)}


def cursor_for(position):
    """The API's keyset cursor for 'rows after id=position' (default ordering); signed with the server's key."""
    import django

    django.setup()
    from reports.api.pagination import encode_cursor

    return encode_cursor("id", [position])


def pick_params(cur):
    """Data-dependent parameters, chosen deterministically from the loaded corpus."""
    cur.execute("""SELECT county_id, review_year, count(*) FROM reports_document WHERE review_year IS NOT NULL
                   GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 1""")
    county, year, n_docs = cur.fetchone()
    cur.execute("SELECT count(*), max(id) FROM reports_statistic")
    n_stats, max_stat = cur.fetchone()
    cur.execute("SELECT id FROM reports_statistic ORDER BY id OFFSET %s LIMIT 1", [int(n_stats * 0.9)])
    deep_id = cur.fetchone()[0]
    return {"county": county, "year": year, "county_year_docs": n_docs, "metric": "proposals_filed", "value_min": 100,
            "q": "提案", "deep_id": deep_id, "n_stats": n_stats}
