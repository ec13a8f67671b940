"""The router against a real hot standby (``scripts/replica.sh``): routing, read-your-writes, lag, outage.

Runs when ``REPLICA_TEST_URL`` names the standby (``postgres://postgres@127.0.0.1:5433``)
and ``DATABASE_URL`` its primary; CI sets both and ``REQUIRE_REPLICA=1``, so
there a missing standby fails instead of skipping. Each test runs one scenario
of ``replica_scenarios.py`` in a child process on a database made for this
module, and the tests take turns (a lock file): they pause and stop the standby.
"""
import fcntl
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
STANDBY = os.environ.get("REPLICA_TEST_URL", "")
PRIMARY = os.environ.get("DATABASE_URL", "")

if not (STANDBY and PRIMARY.startswith("postgres")):
    if os.environ.get("REQUIRE_REPLICA") == "1":
        raise RuntimeError("REQUIRE_REPLICA=1 but REPLICA_TEST_URL/DATABASE_URL do not name a standby and its primary")
    pytest.skip("no standby configured (REPLICA_TEST_URL; see scripts/replica.sh)", allow_module_level=True)


def _url(base, name):
    parts = dj_database_url.parse(base)
    return f"postgres://{parts['USER']}@{parts['HOST']}:{parts['PORT']}/{name}"


@pytest.fixture(scope="module")
def replicated_db():
    """A database on the primary with the seed archive, present on the standby too; dropped afterwards."""
    name = f"{dj_database_url.parse(PRIMARY)['NAME']}_replica_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    with psycopg.connect(_url(PRIMARY, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": _url(PRIMARY, name), "DJANGO_DEBUG": "1"}
    env.pop("DATABASE_REPLICA_URL", None)
    for command in (["migrate", "--noinput"], ["load_gazetteer"], ["loaddata", str(ROOT / "fixtures" / "archive.json")]):
        subprocess.run([sys.executable, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, check=True, timeout=600)
    with psycopg.connect(_url(PRIMARY, name)) as conn:
        documents = conn.execute("SELECT count(*) FROM reports_document").fetchone()[0]
    deadline = time.monotonic() + 60
    while True:  # wait for the standby to replay the load
        try:
            with psycopg.connect(_url(STANDBY, name)) as conn:
                if conn.execute("SELECT count(*) FROM reports_document").fetchone()[0] == documents:
                    break
        except psycopg.Error:
            pass
        assert time.monotonic() < deadline, "the standby did not replay the test database"
        time.sleep(0.5)
    yield name
    with psycopg.connect(_url(PRIMARY, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def scenario(replicated_db):
    """Runs a named scenario with the given settings; returns its observations."""

    def run(name, **settings_env):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cppcc_site.settings",
            "DJANGO_DEBUG": "1",
            "ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": _url(PRIMARY, replicated_db),
            "DATABASE_REPLICA_URL": _url(STANDBY, replicated_db),
            **{key: str(value) for key, value in settings_env.items()},
        }
        with open(Path(tempfile.gettempdir()) / "cppcc-standby-tests.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one scenario at a time pauses or stops the standby
            result = subprocess.run(
                [sys.executable, "-m", "tests.scaling.replica_scenarios", name],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
            )
        assert result.returncode == 0, result.stderr[-4000:]
        return json.loads(result.stdout.strip().splitlines()[-1])

    return run


def test_anonymous_reads_go_to_the_standby_writes_and_the_admin_to_the_primary(scenario):
    seen = scenario("routing")
    assert seen["standby_in_recovery"] is True  # a real hot standby, not a second name for the primary
    for read in ("list", "detail"):
        assert seen[read]["status"] == 200, seen[read]["body"][:300]
        assert seen[read]["replica"] >= 1 and seen[read]["primary"] == 0, (read, seen[read])
    assert seen["admin"]["status"] == 200 and seen["admin"]["replica"] == 0 and seen["admin"]["primary"] >= 1
    assert seen["write"] == {"primary": 1, "replica": 0}


def test_an_editor_reads_their_own_write_while_the_standby_lags(scenario):
    seen = scenario("read_your_writes", REPLICA_MAX_LAG=3600)
    new_title = seen["new_title"]
    assert seen["patch"] == 200
    # The archive version stamp (HTTP validators) moved with the committed write, on both servers.
    assert seen["stamp_bumped_at_commit"] and seen["stamp_on_standby_after"]
    assert new_title in seen["editor"]["body"] and seen["editor"]["replica"] == 0
    # Anonymous readers are served by the (paused, stale) standby until it catches up.
    assert new_title not in seen["anonymous_while_lagging"]["body"] and seen["anonymous_while_lagging"]["replica"] >= 1
    assert new_title in seen["anonymous_after"]["body"] and seen["anonymous_after"]["replica"] >= 1
    # Exports read from the standby too: stale while it lags, current after.
    assert seen["export_while_lagging"]["status"] == 200 and new_title not in seen["export_while_lagging"]["body"]
    assert new_title in seen["export_after"]["body"]


def test_a_standby_beyond_the_lag_bound_is_skipped_with_a_warning_until_it_catches_up(scenario):
    seen = scenario("lagging", REPLICA_MAX_LAG=2, REPLICA_CHECK_INTERVAL=0)
    assert seen["before"]["replica"] >= 1
    during = seen["during"]
    assert during["status"] == 200 and seen["new_title"] in during["body"]  # the primary answered, fresh
    assert during["replica"] == 0 and during["primary"] >= 1
    assert any("replica skipped" in w and "behind" in w for w in seen["warnings"]), seen["warnings"]
    assert any("healthy again" in w for w in seen["warnings"]), seen["warnings"]
    assert seen["after"]["status"] == 200 and seen["after"]["replica"] >= 1 and seen["after"]["primary"] == 0


def test_a_stopped_standby_is_skipped_without_errors_and_its_return_brings_reads_back(scenario):
    seen = scenario("stopped", REPLICA_CHECK_INTERVAL=3600)
    assert seen["before"]["status"] == 200 and seen["before"]["replica"] >= 1
    assert [read["status"] for read in seen["during"]] == [200, 200, 200]
    assert all(read["primary"] >= 1 for read in seen["during"])
    assert seen["during"][-1]["replica"] == 0  # once found down, not even tried
    assert any("replica skipped" in w and "unreachable" in w for w in seen["warnings"]), seen["warnings"]
    assert seen["after"]["status"] == 200 and seen["after"]["replica"] >= 1 and seen["after"]["primary"] == 0
