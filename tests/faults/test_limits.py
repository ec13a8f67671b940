"""The time limits of cppcc_site/limits.py reach the database connections, the export path and the 503 answer."""
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import RequestFactory
from django.utils import translation

from cppcc_site import limits
from reports.middleware import DatabaseUnavailableMiddleware
from reports.timeouts import export_statement_timeout, statement_timeout

ON_POSTGRES = connection.vendor == "postgresql"


def show_statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SELECT setting::int FROM pg_settings WHERE name = 'statement_timeout'")
        return cursor.fetchone()[0]  # milliseconds


def test_gunicorn_outlasts_every_statement_a_request_may_run():
    assert limits.GUNICORN_TIMEOUT > max(limits.DB_STATEMENT_TIMEOUT, limits.DB_EXPORT_STATEMENT_TIMEOUT)
    assert limits.DB_EXPORT_STATEMENT_TIMEOUT > limits.DB_STATEMENT_TIMEOUT


def test_postgres_connections_get_the_limits():
    code = "from django.conf import settings; o = settings.DATABASES['default']['OPTIONS']; print(o['connect_timeout'], o['options'])"
    env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": "postgres://u@127.0.0.1:5432/x", "DB_STATEMENT_TIMEOUT": "7"}
    env.pop(limits.COMMAND_FLAG, None)
    web = subprocess.run([sys.executable, "-c", f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cppcc_site.settings'; django.setup(); {code}"],
                         cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60)
    assert web.stdout.split() == ["3", "-c", "statement_timeout=7000"], web.stderr
    command = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=settings.BASE_DIR,
                             env={**env, "DB_COMMAND_STATEMENT_TIMEOUT": "3600"}, capture_output=True, text=True, timeout=60)
    assert command.stdout.splitlines()[-1].split() == ["3", "-c", "statement_timeout=3600000"], command.stderr


@pytest.mark.skipif(not ON_POSTGRES, reason="statement timeouts are PostgreSQL's")
@pytest.mark.django_db
def test_an_export_runs_under_its_own_limit_and_the_connection_gets_its_own_back():
    before = show_statement_timeout()
    assert before == limits.milliseconds(limits.DB_STATEMENT_TIMEOUT)
    with export_statement_timeout():
        assert show_statement_timeout() == limits.milliseconds(limits.DB_EXPORT_STATEMENT_TIMEOUT)
    assert show_statement_timeout() == before


@pytest.mark.skipif(not ON_POSTGRES, reason="statement timeouts are PostgreSQL's")
@pytest.mark.django_db
def test_a_statement_past_its_limit_is_a_503_in_chinese():
    with pytest.raises(OperationalError) as cancelled, statement_timeout(0.2):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")
    with translation.override("zh-hans"):  # what LocaleMiddleware sets for a request without Accept-Language
        response = DatabaseUnavailableMiddleware(lambda r: None).process_exception(RequestFactory().get("/api/v1/"), cancelled.value)
    assert response.status_code == 503 and response["Retry-After"]
    assert "数据库暂时无法访问" in response.content.decode() and b'"database_unavailable"' in response.content
