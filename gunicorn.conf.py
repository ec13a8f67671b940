"""Gunicorn's settings for the archive: ``gunicorn -c gunicorn.conf.py`` (docker-compose and the README use it).

The worker timeout comes from cppcc_site/limits.py, where it is declared
above every statement timeout a request may run under: PostgreSQL cancels a
slow statement (a 503, the worker carries on) before gunicorn would kill the
worker. Environment: ``WEB_CONCURRENCY`` (workers, default 3),
``GUNICORN_BIND`` (default 0.0.0.0:8000), ``GUNICORN_TIMEOUT`` (limits.py).
"""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cppcc_site import limits  # noqa: E402  (needs the project on the path)

wsgi_app = "cppcc_site.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# The segmenter and gazetteer load once in the master and are shared by the forked workers (reports/preload.py).
preload_app = True
timeout = int(limits.GUNICORN_TIMEOUT)
graceful_timeout = 30
keepalive = 5
accesslog = "-"
