"""Scenarios run in a child process whose ``default`` is the primary and ``replica`` a real hot standby.

``python -m tests.scaling.replica_scenarios NAME`` prints one JSON object of
observations; ``test_replica.py`` states what they must be. Django cannot add
a database alias to a running process, hence the child process.
"""
import json
import logging
import subprocess
import sys
import time
from pathlib import Path

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from reports import archive_version  # noqa: E402
from reports.db_router import LAG_SQL, health  # noqa: E402
from reports.models import Document  # noqa: E402
from reports.roles import create_roles  # noqa: E402

API = "/api/v1"
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "replica.sh"
warnings = []


class _Collect(logging.Handler):
    def emit(self, record):
        warnings.append(record.getMessage())


logging.getLogger("reports.db_router").addHandler(_Collect(level=logging.WARNING))


CACHE_TABLE = settings.CACHES["default"].get("LOCATION", "") if "DatabaseCache" in settings.CACHES["default"]["BACKEND"] else "\0"


class Count:
    """Queries run on one alias for the data: not the router's health checks, nor the shared cache's throttle
    counts (a table on the primary unless REDIS_URL is set: the router sends it there on purpose, see
    reports/db_router.py). Unlike CaptureQueriesContext, never connects."""

    def __init__(self, alias):
        self.alias, self.sql = alias, []

    def __call__(self, execute, sql, params, many, context):
        if sql != LAG_SQL and CACHE_TABLE not in sql:
            self.sql.append(sql)
        return execute(sql, params, many, context)

    def __enter__(self):
        self.wrapper = connections[self.alias].execute_wrapper(self)
        self.wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self.wrapper.__exit__(*exc)


def get(client, url, **params):
    """Status, body, and the queries each database ran for one GET."""
    with Count("default") as on_primary, Count("replica") as on_replica:
        response = client.get(url, params)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return {"status": response.status_code, "body": body.decode("utf-8", "replace"), "primary": len(on_primary.sql), "replica": len(on_replica.sql)}


def title_on(alias, pk):
    return Document.objects.using(alias).values_list("title", flat=True).get(pk=pk)


def replica_sql(sql):
    with connections["replica"].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0] if cursor.description else None


def wait_until(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(0.1)


def caught_up():
    return replica_sql("SELECT pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()")


def a_document():
    return Document.objects.using("default").order_by("pk").first()


def editor_client():
    user, _ = User.objects.get_or_create(username="replica-editor", defaults={"is_staff": True})
    user.groups.add(create_roles()[0])
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def routing():
    doc = a_document()
    anonymous = Client()
    staff, _ = User.objects.get_or_create(username="replica-admin", defaults={"is_staff": True, "is_superuser": True})
    admin = Client()
    admin.force_login(staff)
    with Count("default") as writes, Count("replica") as on_replica:
        Document.objects.filter(pk=doc.pk).update(source_page="routing check")
    return {
        "standby_in_recovery": replica_sql("SELECT pg_is_in_recovery()"),
        "list": get(anonymous, f"{API}/documents/", page_size=5),
        "detail": get(anonymous, f"{API}/documents/{doc.pk}/"),
        "admin": get(admin, f"/admin/reports/document/{doc.pk}/change/"),
        "write": {"primary": len(writes.sql), "replica": len(on_replica.sql)},
    }


def read_your_writes():
    """The standby stops replaying (it lags); an editor's read still shows the editor's write."""
    doc = a_document()
    editor = editor_client()
    url = f"{API}/documents/{doc.pk}/"
    new_title = f"{doc.title}（改{time.time_ns()}）"
    stamp_before = archive_version.current("default")[0]
    replica_sql("SELECT pg_wal_replay_pause()")
    try:
        etag = editor.get(url)["ETag"]
        patched = editor.patch(url, {"title": new_title}, format="json", HTTP_IF_MATCH=etag)
        editor_read = get(editor, url)
        anonymous_read = get(Client(), url)
        # CSV is COPY on a raw cursor (no captured queries): its staleness shows where it ran.
        anonymous_export = get(Client(), f"{API}/documents/", format="csv")
    finally:
        replica_sql("SELECT pg_wal_replay_resume()")
    wait_until(lambda: caught_up() and title_on("replica", doc.pk) == new_title)
    return {
        "new_title": new_title,
        "patch": patched.status_code,
        "stamp_bumped_at_commit": archive_version.current("default")[0] > stamp_before,
        "stamp_on_standby_after": archive_version.current("replica")[0] > stamp_before,
        "editor": editor_read,
        "anonymous_while_lagging": anonymous_read,
        "export_while_lagging": anonymous_export,
        "export_after": get(Client(), f"{API}/documents/", format="csv"),
        "anonymous_after": get(Client(), url),
    }


def lagging():
    """REPLICA_MAX_LAG=2: a standby paused past the bound is skipped with a warning, and used again once caught up."""
    doc = a_document()
    url = f"{API}/documents/{doc.pk}/"
    before = get(Client(), url)
    new_title = f"{doc.title}（滞后{time.time_ns()}）"
    replica_sql("SELECT pg_wal_replay_pause()")
    try:
        Document.objects.filter(pk=doc.pk).update(title=new_title)
        wait_until(lambda: not health.check())
        during = get(Client(), url)
    finally:
        replica_sql("SELECT pg_wal_replay_resume()")
    wait_until(caught_up)
    wait_until(health.check)
    with override_settings(REPLICA_CHECK_INTERVAL=3600):  # judged healthy just now; a busy machine's next lag spike aside
        after = get(Client(), url)
    return {"new_title": new_title, "before": before, "during": during, "after": after, "warnings": warnings}


def stopped():
    """REPLICA_CHECK_INTERVAL is long: the stop is found by a failed query, answered by the primary, not a 503."""
    url = f"{API}/documents/"
    before = get(Client(), url, page_size=3)
    subprocess.run([str(SCRIPT), "stop"], check=True, capture_output=True)
    try:
        during = [get(Client(), url, page_size=3) for _ in range(3)]
    finally:
        subprocess.run([str(SCRIPT), "start"], check=True, capture_output=True)
    wait_until(health.check)  # the next periodic check, run now
    return {"before": before, "during": during, "after": get(Client(), url, page_size=3), "warnings": warnings}


if __name__ == "__main__":
    print(json.dumps(globals()[sys.argv[1]](), ensure_ascii=False, default=str))
