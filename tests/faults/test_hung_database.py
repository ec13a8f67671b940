"""A database that accepts connections and never answers: requests get a 503 within seconds, the worker survives.

The "database" is a socket server in the test that accepts TCP and then says
nothing (a PostgreSQL host that hangs). The app runs under gunicorn with the
project's own gunicorn.conf.py, so the connect timeout and the worker timeout
are the ones production uses (cppcc_site/limits.py). Needs no real database:
it runs on either suite.
"""
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings

from cppcc_site import limits
from tests.servers import free_port, get, wait_until_answering

ROOT = Path(settings.BASE_DIR)


class SilentServer:
    """Accepts every connection, reads whatever is sent, never writes a byte."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.accepted = 0
        self.sockets = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.accepted += 1
            self.sockets.append(client)

    def close(self):
        for sock in (self.listener, *self.sockets):
            sock.close()


def timed_get(url):
    started = time.monotonic()
    status, body = get(url, timeout=60)
    return status, body, time.monotonic() - started


def test_a_hung_database_is_a_503_within_seconds_and_the_worker_lives(tmp_path):
    database = SilentServer()
    port = free_port()
    log = tmp_path / "access.log"
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"postgres://cppcc@127.0.0.1:{database.port}/cppcc",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    env.pop("REDIS_URL", None)  # the throttle's cache is the (hung) database too
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--access-logfile", str(log), "--access-logformat", "%(p)s %(s)s"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(base, server)
        answers = [timed_get(f"{base}/api/v1/counties/?page_size=1") for _ in range(2)]
        for status, body, seconds in answers:
            assert status == 503 and '"database_unavailable"' in body and "数据库暂时无法访问" in body
            # One connect timeout (the first read gives up for the whole request), far below gunicorn's timeout.
            assert seconds < 2 * limits.DB_CONNECT_TIMEOUT < limits.GUNICORN_TIMEOUT, seconds
        assert database.accepted >= 2  # it did try the database each time
        assert server.poll() is None
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
        database.close()
    workers = {line.split()[0] for line in log.read_text().splitlines() if line.endswith(" 503")}
    assert len(workers) == 1, "the same worker answered both requests"
    assert b"WORKER TIMEOUT" not in stderr
