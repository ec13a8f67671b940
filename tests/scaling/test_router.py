"""The primary/replica router, exercised with two real database aliases in a child process.

Django cannot add a database alias to a running process, so the check runs in
a subprocess whose settings have both ``default`` and ``replica`` (two
connections to one SQLite file, standing in for a streaming replica).
"""
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

CHECK = r"""
import django
django.setup()
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from reports.db_router import pinned_to_primary
from reports.models import County, Province

call_command("migrate", verbosity=0)
call_command("load_gazetteer", verbosity=0)
primary, replica = connections["default"], connections["replica"]

with CaptureQueriesContext(primary) as writes, CaptureQueriesContext(replica) as reads:
    Province.objects.filter(code="140000").update(name="山西省")
assert len(writes) == 1 and len(reads) == 0, (len(writes), len(reads))

with CaptureQueriesContext(primary) as on_primary, CaptureQueriesContext(replica) as on_replica:
    response = Client().get("/api/v1/counties/", {"page_size": 5})
assert response.status_code == 200
# Only the throttle's count (the shared cache, a table on the primary) is read and written there.
archive_on_primary = [q["sql"] for q in on_primary if "django_cache" not in q["sql"] and q["sql"] not in ("BEGIN", "COMMIT")]
assert len(on_replica) >= 1 and archive_on_primary == [], (archive_on_primary, len(on_replica))

with CaptureQueriesContext(primary) as on_primary, CaptureQueriesContext(replica) as on_replica:
    with pinned_to_primary():
        County.objects.get(code="140826")
assert len(on_primary) == 1 and len(on_replica) == 0

with CaptureQueriesContext(primary) as on_primary, CaptureQueriesContext(replica) as on_replica:
    Client().post("/admin/login/", {"username": "x", "password": "y"})
assert len(on_replica) == 0, "admin requests must read from the primary"
print("router ok")
"""


def test_reads_go_to_the_replica_and_writes_to_the_primary(tmp_path):
    database = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cppcc_site.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database,
        "DATABASE_REPLICA_URL": database,
        "ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=Path(settings.BASE_DIR), env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "router ok" in result.stdout
