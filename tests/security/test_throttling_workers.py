"""Two gunicorn workers count against one limit: the throttle's cache is shared (the database, or Redis).

Per-worker counting (a local-memory cache) would let each worker allow the
full rate. The API root needs no archive, only the cache's table, so the
server runs on a fresh SQLite file. The Redis case uses database 15 of
``REDIS_TEST_URL`` (default: a local Redis) and flushes only that; it is
skipped when no Redis answers.
"""
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

from tests.servers import free_port, get, wait_until_answering

ROOT = Path(settings.BASE_DIR)
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
LIMIT = 12


def status(url):
    return get(url, timeout=20)[0]


def redis_or_skip():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_TEST_URL}")
    return client


@pytest.mark.parametrize("cache", ["database", "redis"])
def test_two_workers_share_the_anonymous_limit(cache, tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ANON_THROTTLE_RATE": f"{LIMIT}/hour",
    }
    env.pop("REDIS_URL", None)
    redis = None
    if cache == "redis":
        redis = redis_or_skip()
        redis.flushdb()
        env["REDIS_URL"] = REDIS_TEST_URL
    else:
        subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True, timeout=120)
    port = free_port()
    log = tmp_path / "access.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cppcc_site.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--preload",
         "--access-logfile", str(log), "--access-logformat", "%(p)s %(s)s"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/api/v1/"
    try:
        wait_until_answering(f"http://127.0.0.1:{port}", server)
        with ThreadPoolExecutor(max_workers=6) as pool:
            answers = list(pool.map(status, [url] * (3 * LIMIT)))
        # DRF's count is a read then a write: a request racing another may slip through, never a worker's worth.
        assert LIMIT <= answers.count(200) <= LIMIT + 2 and set(answers) == {200, 429}, answers
    finally:
        server.terminate()
        server.wait(timeout=20)
        if redis is not None:
            redis.flushdb()
    workers = {line.split()[0] for line in log.read_text().splitlines() if line.split()[1:] in (["200"], ["429"])}
    assert len(workers) == 2, "both workers should have answered"
