"""Every time limit of the site, declared once: the settings, the export path and gunicorn.conf.py read them here.

Pure Python (no Django): gunicorn.conf.py imports it before Django is loaded.
Each number can be overridden by the environment variable of the same name;
all are seconds.

How they fit together: a request's SQL statement is cancelled by PostgreSQL
after ``DB_STATEMENT_TIMEOUT`` and the request answers 503
(reports/middleware.py); a database that does not answer a new connection is
given up after ``DB_CONNECT_TIMEOUT`` (libpq's minimum is 2). An export runs
its statements under ``DB_EXPORT_STATEMENT_TIMEOUT`` (reports/timeouts.py) and
management commands (``manage.py …``: migrations, ingest, backups) under
``DB_COMMAND_STATEMENT_TIMEOUT`` (0: no limit). Gunicorn kills a worker that is
silent for ``GUNICORN_TIMEOUT``, which must stay above the longest statement a
request may run, so that the database's own cancellation (a clean 503) always
comes first and the worker survives.
"""
import os


def _seconds(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else float(default)


DB_CONNECT_TIMEOUT = _seconds("DB_CONNECT_TIMEOUT", 3)
DB_STATEMENT_TIMEOUT = _seconds("DB_STATEMENT_TIMEOUT", 10)
DB_EXPORT_STATEMENT_TIMEOUT = _seconds("DB_EXPORT_STATEMENT_TIMEOUT", 60)
DB_COMMAND_STATEMENT_TIMEOUT = _seconds("DB_COMMAND_STATEMENT_TIMEOUT", 0)
GUNICORN_TIMEOUT = _seconds("GUNICORN_TIMEOUT", max(DB_STATEMENT_TIMEOUT, DB_EXPORT_STATEMENT_TIMEOUT) + 30)

# manage.py sets this before Django loads, so a command's connections get the command limit.
COMMAND_FLAG = "CPPCC_MANAGEMENT_COMMAND"


def statement_timeout() -> float:
    """The statement timeout of this process's connections: the command limit under manage.py, else the request limit."""
    return DB_COMMAND_STATEMENT_TIMEOUT if os.environ.get(COMMAND_FLAG) else DB_STATEMENT_TIMEOUT


def milliseconds(seconds: float) -> int:
    """PostgreSQL's unit for statement_timeout (0 means no limit)."""
    return int(seconds * 1000)
