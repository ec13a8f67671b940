"""Issue "editors' work is never lost", end to end: correct through admin and API, set up and ingest again."""
import pytest
from django.core.management import call_command
from django.urls import reverse

from reports.models import Document, ReviewStatus, Section, Statistic
from tests.conftest import RAW_DIR
from tests.corrections.conftest import form_data
from tests.ingest.test_ingest import archive_dump

pytestmark = pytest.mark.django_db


def test_setup_and_reingest_keep_three_corrections_and_report_the_conflicts(editor_client, api_editor, capsys):
    call_command("setup_archive", verbosity=0)
    documents = Document.objects.count()
    assert documents > 0
    # Every seeded row can be reverted to the parse: it has an initial history record.
    for model in (Document, Section, Statistic):
        assert model.history.values("id").distinct().count() == model.objects.count()

    # A statistic in the admin: 全年共收集社情民意信息412篇 → 421.
    stat = Statistic.objects.get(metric="opinion_reports", value=412)
    url = reverse("admin:reports_statistic_change", args=[stat.pk])
    data = form_data(editor_client.get(url)) | {"value": 421}
    assert editor_client.post(url, data).status_code == 302
    # A section heading and a document title through the API.
    section = Section.objects.filter(document__county__name="灵石县").order_by("document_id", "position").first()
    section_url = f"/api/v1/sections/{section.pk}/"
    response = api_editor.patch(section_url, {"heading": "更正后的小标题"}, format="json", HTTP_IF_MATCH=api_editor.get(section_url)["ETag"])
    assert response.status_code == 200
    document = Document.objects.filter(county__name="绛县").order_by("pk").first()
    document_url = f"/api/v1/documents/{document.pk}/"
    response = api_editor.patch(document_url, {"title": "更正后的文件标题"}, format="json", HTTP_IF_MATCH=api_editor.get(document_url)["ETag"])
    assert response.status_code == 200

    corrected = archive_dump()
    for _ in range(2):
        call_command("setup_archive", verbosity=0)
    assert archive_dump() == corrected and Document.objects.count() == documents

    capsys.readouterr()
    call_command("ingest", str(RAW_DIR), "--no-progress")
    captured = capsys.readouterr()
    assert "0 created, 0 updated" in captured.out and "3 conflicts" in captured.out, captured.out
    assert "421" in captured.err and "更正后的小标题" in captured.err and "更正后的文件标题" in captured.err

    stat.refresh_from_db(), section.refresh_from_db(), document.refresh_from_db()
    assert (stat.value, section.heading, document.title) == (421, "更正后的小标题", "更正后的文件标题")
    assert {stat.document.review_status, section.document.review_status, document.review_status} == {ReviewStatus.CORRECTED}
    assert stat.history.earliest().value == 412  # the parse, one revert away
    assert archive_dump() == corrected

