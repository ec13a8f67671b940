"""The committed fixture matches the raw texts and loads idempotently."""
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from reports.fixtures import ARCHIVE_FIXTURE, build_archive_fixture
from reports.ingest import ingest_path
from reports.models import Document, Statistic
from tests.conftest import RAW_DIR, SEED_FILES
from tests.ingest.test_ingest import archive_dump

FIXTURE = Path(settings.FIXTURES_DIR) / ARCHIVE_FIXTURE


def test_committed_fixture_is_not_stale():
    assert FIXTURE.read_text(encoding="utf-8") == build_archive_fixture(RAW_DIR), (
        "fixtures/archive.json is stale: run `python manage.py build_fixtures`"
    )


@pytest.mark.django_db
def test_fixture_equals_ingestion_and_loads_twice(gazetteer):
    call_command("loaddata", str(FIXTURE), verbosity=0)
    loaded = archive_dump()
    assert Document.objects.exists() and Statistic.objects.exists()
    call_command("loaddata", str(FIXTURE), verbosity=0)
    assert archive_dump() == loaded
    # Ingesting the raw texts over the fixture finds everything already there.
    reports = [ingest_path(path) for path in SEED_FILES]
    assert sum(r.created + r.updated for r in reports) == 0
    assert archive_dump() == loaded
