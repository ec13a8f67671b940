"""Backup and restore: every API list reads the same after a restore into an empty database."""
import gzip

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from reports import services
from reports.models import Document, Statistic

pytestmark = pytest.mark.django_db
LISTS = ("provinces", "prefectures", "counties", "committees", "sessions", "documents", "sections", "statistics")


def api_snapshot():
    client = APIClient()
    snapshot = {}
    for name in LISTS:
        rows, url = [], f"/api/v1/{name}/?page_size=500"
        while url:
            data = client.get(url).json()
            rows.extend(data["results"])
            url = data["next"]
        snapshot[name] = rows
    snapshot["series"] = client.get("/api/v1/statistics/series/").json()
    return snapshot


@pytest.mark.django_db(transaction=True)  # flush needs to run outside a test transaction (PostgreSQL's TRUNCATE)
def test_backup_flush_restore_gives_the_same_api(seed_archive, tmp_path, capsys):
    call_command("create_roles", verbosity=0)
    editor = User.objects.create_user("editor", password="pw", is_staff=True)
    call_command("create_roles", editor=["editor"], verbosity=0)
    stat = services.statistic_correct(statistic=Statistic.objects.first(), data={"value": Statistic.objects.first().value + 1}, user=editor)
    before = api_snapshot()
    history = stat.history.count()
    path = tmp_path / "archive.json.gz"
    call_command("backup_archive", str(path))
    assert "wrote" in capsys.readouterr().out

    call_command("flush", interactive=False, verbosity=0)
    assert not Document.objects.exists() and not User.objects.exists()
    call_command("restore_archive", str(path))

    assert api_snapshot() == before
    restored = Statistic.objects.get(pk=stat.pk)
    assert restored.corrected and restored.value == stat.value and restored.history.count() == history
    assert User.objects.get(username="editor").check_password("pw")
    assert set(Group.objects.get(name="editors").user_set.values_list("username", flat=True)) == {"editor"}
    assert editor.pk == User.objects.get(username="editor").pk


def test_restore_refuses_a_non_empty_archive(seed_archive, tmp_path):
    path = tmp_path / "archive.json.gz"
    call_command("backup_archive", str(path), verbosity=0)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_archive", str(path))


def test_a_backup_is_readable_by_its_owner_only(gazetteer, tmp_path):
    """It holds the users' password hashes: 0600, also when it replaces a file that others could read."""
    User.objects.create_user("editor", password="pw")
    fresh, existing = tmp_path / "new.json.gz", tmp_path / "old.json.gz"
    existing.write_bytes(b"")
    existing.chmod(0o644)
    for path in (fresh, existing):
        call_command("backup_archive", str(path), verbosity=0)
        assert path.stat().st_mode & 0o777 == 0o600, path
    assert b"pbkdf2_sha256" in gzip.decompress(fresh.read_bytes())
