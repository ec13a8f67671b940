"""PostgreSQL going away under a running server and in the middle of an ingest.

Runs only on PostgreSQL (CI runs the suite there too). The app talks to the
database through a loopback proxy the test can cut (tests/faults/proxy.py), in
a database of its own so the rest of the suite is untouched.
"""
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from tests.conftest import SEED_FILES
from tests.faults.proxy import FlakyProxy
from tests.servers import free_port, get

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="fault tests need PostgreSQL"
)
ROOT = Path(settings.BASE_DIR)


@pytest.fixture(scope="module")
def fault_db():
    """A fresh database, migrated, with the gazetteer; dropped afterwards."""
    params = settings.DATABASES["default"]
    name = f"cppcc_fault_{uuid.uuid4().hex[:8]}"
    admin_dsn = f"host={params['HOST']} port={params['PORT'] or 5432} user={params['USER']} dbname=postgres"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    direct = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/{name}"
    env = {**os.environ, "DATABASE_URL": direct, "DJANGO_DEBUG": "1"}
    for command in (["migrate", "-v0"], ["load_gazetteer", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=300)
    yield {"name": name, "params": params, "direct": direct}
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def proxy(fault_db):
    proxy = FlakyProxy(int(fault_db["params"]["PORT"] or 5432), fault_db["params"]["HOST"])
    proxy.start()
    yield proxy
    proxy.stop()


def app_env(fault_db, proxy):
    params = fault_db["params"]
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{params['USER']}@127.0.0.1:{proxy.port}/{fault_db['name']}",
        "DJANGO_DEBUG": "1",
        "CONN_MAX_AGE": "600",  # keep the connection, so the outage hits a live one
    }


def test_requests_fail_cleanly_while_the_database_is_down(fault_db, proxy):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cppcc_site.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "30"],
        cwd=ROOT, env=app_env(fault_db, proxy), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/api/v1/counties/?page_size=1"
    try:
        for _ in range(100):
            try:
                status, _ = get(url)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        assert get(url)[0] == 200
        proxy.stop()
        status, body = get(url)
        assert status == 503 and '"database_unavailable"' in body
        assert get(url)[0] == 503  # still down, still clean
        proxy.start()
        statuses = [get(url)[0] for _ in range(3)]
        assert statuses[-1] == 200 and 500 not in statuses
        assert server.poll() is None  # the same process, never restarted
    finally:
        server.terminate()
        server.wait(timeout=10)


INGEST_WITH_PAUSE = r"""
import os, sys, time
import django
django.setup()
from reports import ingest
original = ingest.load_plan
calls = []
def paused(plan, report):
    calls.append(plan)
    if len(calls) == 2:  # the first document of the file is written, the second is next
        open(sys.argv[2], "w").write("paused")
        while not os.path.exists(sys.argv[3]):
            time.sleep(0.05)
    return original(plan, report)
ingest.load_plan = paused
from django.core.management import call_command
call_command("ingest", sys.argv[1], "--no-progress")
"""


def test_an_ingest_interrupted_by_the_database_rolls_back(fault_db, proxy, tmp_path):
    seed = SEED_FILES[0]  # four documents on one page
    paused, resume = tmp_path / "paused", tmp_path / "resume"
    process = subprocess.Popen(
        [sys.executable, "-c", INGEST_WITH_PAUSE, str(seed), str(paused), str(resume)],
        cwd=ROOT, env=app_env(fault_db, proxy), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    for _ in range(600):
        if paused.exists() or process.poll() is not None:
            break
        time.sleep(0.05)
    assert paused.exists(), process.stderr.read() if process.poll() is not None else "ingest never paused"
    proxy.stop()
    resume.write_text("go")
    out, err = process.communicate(timeout=120)
    assert process.returncode != 0
    assert seed.name in err and "rolled back" in err
    with psycopg.connect(fault_db["direct"].replace("postgres://", "postgresql://")) as conn:
        count = conn.execute("SELECT count(*) FROM reports_document WHERE source_file = %s", [seed.name]).fetchone()[0]
    assert count == 0, "a document of the interrupted file was left behind"
