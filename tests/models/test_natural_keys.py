"""Natural keys round-trip: dump, flush, load gives the same rows, and loading twice changes nothing."""
import pytest
from django.core.management import call_command

from reports.models import Committee, Document, Section, Session, Statistic
from tests.ingest.test_ingest import archive_dump

pytestmark = pytest.mark.django_db


def dump(tmp_path, name):
    path = tmp_path / name
    call_command(
        "dumpdata", "reports.committee", "reports.session", "reports.document", "reports.section", "reports.statistic",
        natural_foreign=True, natural_primary=True, output=str(path), verbosity=0,
    )
    return path


def test_dump_flush_load_round_trip(seed_archive, tmp_path):
    before = archive_dump()
    counts = [m.objects.count() for m in (Committee, Session, Document, Section, Statistic)]
    assert all(counts)
    path = dump(tmp_path, "archive.json")
    for model in (Statistic, Section, Document, Session, Committee):
        model.objects.all().delete()
    call_command("loaddata", str(path), verbosity=0)
    assert archive_dump() == before
    call_command("loaddata", str(path), verbosity=0)
    assert [m.objects.count() for m in (Committee, Session, Document, Section, Statistic)] == counts
    assert archive_dump() == before


def test_natural_keys_identify_rows(seed_archive):
    for model in (Committee, Session, Document, Section, Statistic):
        obj = model.objects.order_by("?").first()
        assert model.objects.get_by_natural_key(*obj.natural_key()) == obj
