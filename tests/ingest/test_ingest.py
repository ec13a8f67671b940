"""Ingestion of the real seed texts: atomic, idempotent, and editors' corrections win."""
import shutil

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command

from reports import ingest, services
from reports.ingest import ingest_path
from reports.models import Committee, Document, ReviewStatus, Section, Session, Statistic
from tests.conftest import RAW_DIR, SEED_FILES

pytestmark = pytest.mark.django_db


def archive_dump():
    """Every archive row by natural key: equal dumps mean nothing changed."""
    objects = [
        *Committee.objects.all(),
        *Session.objects.all(),
        *Document.objects.order_by("county_id", "kind", "checksum"),
        *Section.objects.order_by("document__checksum", "position"),
        *Statistic.objects.order_by("document__checksum", "metric", "start"),
    ]
    return serializers.serialize("json", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True)


def counts():
    return tuple(model.objects.count() for model in (Committee, Session, Document, Section, Statistic))


def test_every_seed_loads(gazetteer):
    reports = [ingest_path(path) for path in SEED_FILES]
    assert [r.error for r in reports] == [None] * len(SEED_FILES)
    assert sum(r.created for r in reports) == Document.objects.count() > len(SEED_FILES)
    # Each document keeps its evidence: every quote is exactly the slice it names.
    for stat in Statistic.objects.select_related("document"):
        assert stat.document.raw_text[stat.start : stat.end] == stat.quote
    for section in Section.objects.select_related("document", "parent"):
        if section.parent is not None:
            assert section.parent.document_id == section.document_id
            assert section.parent.position < section.position


def test_loading_twice_changes_nothing(gazetteer):
    for path in SEED_FILES:
        ingest_path(path)
    before = archive_dump()
    second = [ingest_path(path) for path in SEED_FILES]
    assert sum(r.created + r.updated for r in second) == 0
    assert sum(r.unchanged for r in second) > 0
    assert archive_dump() == before


def test_changed_text_updates_the_document_in_place(gazetteer, tmp_path):
    source = SEED_FILES[-1]
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    first = ingest_path(copy)
    documents = Document.objects.count()
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("412篇", "413篇"), encoding="utf-8")
    assert "413篇" in copy.read_text(encoding="utf-8")
    second = ingest_path(copy)
    assert second.error is None and second.updated == 1 and second.created == 0
    assert Document.objects.count() == documents == first.created
    assert Statistic.objects.filter(value=413, quote__contains="413篇").exists()
    assert not Statistic.objects.filter(value=412, quote__contains="412篇").exists()


def test_a_correction_is_never_overwritten(gazetteer, tmp_path):
    source = SEED_FILES[-1]
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    ingest_path(copy)
    doc = Document.objects.get(raw_text__contains="412篇")
    parsed_title = doc.title
    services.document_correct(document=doc, data={"title": "编辑改过的标题"})
    copy.write_text(copy.read_text(encoding="utf-8").replace("412篇", "413篇"), encoding="utf-8")
    report = ingest_path(copy)
    # The text follows the source; the corrected title stays, and the conflict names both values.
    assert report.error is None and report.updated == 1
    assert [(c.field, c.kept, c.parsed) for c in report.conflicts] == [("title", "编辑改过的标题", parsed_title)]
    assert "编辑改过的标题" in str(report.conflicts[0]) and parsed_title in str(report.conflicts[0])
    doc.refresh_from_db()
    assert doc.title == "编辑改过的标题" and "413篇" in doc.raw_text and doc.review_status == ReviewStatus.CORRECTED


def test_dry_run_writes_nothing(gazetteer):
    report = ingest_path(SEED_FILES[0], dry_run=True)
    assert report.error is None and report.created > 0
    assert counts() == (0, 0, 0, 0, 0)


def test_a_failure_midway_leaves_nothing(gazetteer, monkeypatch):
    calls = []
    real = ingest.load_plan

    def fail_on_second(plan, report):
        calls.append(plan)
        if len(calls) == 2:
            raise ingest.IngestError(report.source, "simulated failure")
        return real(plan, report)

    monkeypatch.setattr(ingest, "load_plan", fail_on_second)
    report = ingest_path(SEED_FILES[0])
    assert report.failed and "simulated failure" in report.error and str(SEED_FILES[0]) in report.error
    assert counts() == (0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    "content, reason",
    [(b"", "empty"), (b"\x00\x01\x02binary\x00" * 50, "binary"), ("今天天气晴朗，气温十五度。".encode(), "")],
)
def test_bad_input_is_a_clear_error_and_writes_nothing(gazetteer, tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    report = ingest_path(bad)
    assert report.failed and str(bad) in report.error
    assert reason in report.error.lower()
    assert counts() == (0, 0, 0, 0, 0)


def test_the_command_summarises_and_fails_loudly(gazetteer, tmp_path, capsys):
    call_command("ingest", str(RAW_DIR))
    out = capsys.readouterr().out
    assert f"{len(SEED_FILES)} files:" in out and "0 failed" in out and " 0 created" not in out
    call_command("ingest", str(RAW_DIR))
    assert "0 created, 0 updated" in capsys.readouterr().out
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(CommandError, match="1 of 1 files failed"):
        call_command("ingest", str(tmp_path))
