"""The editors' workflow through the admin: import with preview, review, corrections, history, roles."""
import csv
import io

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from reports.ingest import ingest_text
from reports.models import Document, ReviewStatus, Section, Statistic
from tests.conftest import SEED_FILES

pytestmark = pytest.mark.django_db
IMPORT_URL = "/admin/reports/document/import/"
SEED = SEED_FILES[-1]  # 004: 长子县, one work report with 412篇 of public-opinion reports


@pytest.fixture
def roles(gazetteer):
    call_command("create_roles", verbosity=0)


def make_user(name, group=None, **flags):
    user = User.objects.create_user(name, password="pw", is_staff=True, **flags)
    if group:
        call_command("create_roles", **{group: [name]}, verbosity=0)
    return user


@pytest.fixture
def editor_client(client, roles):
    client.force_login(make_user("editor", "editor"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    return client


@pytest.fixture
def viewer_client(client, roles):
    client.force_login(make_user("viewer", "viewer"))
    return client


def counts():
    return Document.objects.count(), Section.objects.count(), Statistic.objects.count()


def test_import_preview_then_confirm(editor_client):
    upload = SimpleUploadedFile(SEED.name, SEED.read_bytes(), content_type="text/plain")
    preview = editor_client.post(IMPORT_URL, {"file": upload, "source_name": ""})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "长子县" in page and "import-preview" in page and "412" in page
    assert counts() == (0, 0, 0)  # the preview wrote nothing
    confirm = editor_client.post(IMPORT_URL, {"confirm": "1", "token": preview.context["confirm"].initial["token"], "source_name": SEED.name})
    assert confirm.status_code == 302
    document = Document.objects.get()
    assert document.county_id == "140428" and document.source_file == SEED.name
    assert Statistic.objects.filter(value=412, metric="opinion_reports").exists()


def test_gb18030_upload_and_paste(editor_client):
    data = SEED.read_text(encoding="utf-8").encode("gb18030")
    preview = editor_client.post(IMPORT_URL, {"file": SimpleUploadedFile("gbk.txt", data)})
    assert "长子县" in preview.content.decode()
    pasted = editor_client.post(IMPORT_URL, {"text": SEED.read_text(encoding="utf-8"), "source_name": "paste"})
    assert "长子县" in pasted.content.decode()
    assert counts() == (0, 0, 0)


def test_cancel_writes_nothing(editor_client):
    preview = editor_client.post(IMPORT_URL, {"text": SEED.read_text(encoding="utf-8")})
    response = editor_client.post(IMPORT_URL, {"cancel": "1", "token": preview.context["confirm"].initial["token"], "source_name": "x"})
    assert response.status_code == 302 and counts() == (0, 0, 0)


def test_bad_upload_is_explained(editor_client):
    response = editor_client.post(IMPORT_URL, {"file": SimpleUploadedFile("bin.txt", b"\x00\x01binary")})
    assert response.status_code == 200 and "bin.txt" in response.content.decode() and counts() == (0, 0, 0)


def test_correction_survives_reingest_and_is_in_history(editor_client):
    text = SEED.read_text(encoding="utf-8")
    ingest_text(text, source_file=SEED.name)
    stat = Statistic.objects.get(metric="opinion_reports", value=412)
    url = reverse("admin:reports_statistic_change", args=[stat.pk])
    form = {
        "document": stat.document_id, "section": stat.section_id or "", "metric": stat.metric, "wording": stat.wording,
        "value": 421, "qualifier": stat.qualifier, "unit": stat.unit, "year": stat.year or "", "_save": "1",
    }
    assert editor_client.post(url, form).status_code == 302
    stat.refresh_from_db()
    assert (stat.value, stat.corrected, stat.quote) == (421, True, "全年共收集社情民意信息412篇")
    assert stat.document.raw_text[stat.start : stat.end] == stat.quote
    assert stat.document.review_status == ReviewStatus.CORRECTED
    # History: who changed what.
    latest = stat.history.latest()
    assert latest.history_user.username == "editor" and latest.value == 421
    assert latest.diff_against(latest.prev_record).changed_fields == ["value", "corrected"] or set(
        latest.diff_against(latest.prev_record).changed_fields
    ) == {"value", "corrected"}
    assert editor_client.get(reverse("admin:reports_statistic_history", args=[stat.pk])).status_code == 200
    # A changed printing of the same page does not undo the correction.
    # The text is updated (quote and offsets follow it); the corrected value stays, same row, conflict reported.
    report, _ = ingest_text(text.replace("412篇", "413篇"), source_file=SEED.name)
    assert report.updated == 1 and [(c.field, c.kept, c.parsed) for c in report.conflicts] == [("value", 421, 413)]
    stat.refresh_from_db()
    assert (stat.value, stat.quote) == (421, "全年共收集社情民意信息413篇") and Statistic.objects.filter(value=413).count() == 0


def test_history_can_revert(editor_client):
    ingest_text(SEED.read_text(encoding="utf-8"), source_file=SEED.name)
    document = Document.objects.get()
    document.title = "改错的标题"
    document.save()
    previous = document.history.earliest()
    previous.instance.save()
    document.refresh_from_db()
    assert document.title != "改错的标题" and document.history.count() == 3


def test_mark_reviewed_and_export_selected(editor_client, tmp_path):
    for path in SEED_FILES[:2]:
        ingest_text(path.read_text(encoding="utf-8"), source_file=path.name)
    ids = list(Document.objects.values_list("pk", flat=True))
    changelist = reverse("admin:reports_document_changelist")
    response = editor_client.post(changelist, {"action": "mark_reviewed", "_selected_action": ids})
    assert response.status_code == 302
    assert set(Document.objects.values_list("review_status", flat=True)) == {ReviewStatus.REVIEWED}
    export = editor_client.post(changelist, {"action": "export_csv", "_selected_action": ids[:3]})
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert sorted(int(r["id"]) for r in rows) == sorted(ids[:3])
    assert editor_client.get(changelist, {"warning": "any"}).status_code == 200


def test_document_page_shows_tree_statistics_and_warnings(editor_client):
    ingest_text(SEED.read_text(encoding="utf-8"), source_file=SEED.name)
    document = Document.objects.get()
    page = editor_client.get(reverse("admin:reports_document_change", args=[document.pk])).content.decode()
    assert "<mark>全年共收集社情民意信息412篇</mark>" in page
    assert "像是子项，已归入上一级标题之下" in page and "heading_demoted" in page  # a parser warning, listed with its code
    assert "学思想、旗帜鲜明" in page


def test_viewer_cannot_change_anything(viewer_client):
    ingest_text(SEED.read_text(encoding="utf-8"), source_file=SEED.name)
    stat = Statistic.objects.first()
    assert viewer_client.get(reverse("admin:reports_statistic_changelist")).status_code == 200
    page = viewer_client.get(reverse("admin:reports_statistic_change", args=[stat.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = viewer_client.post(reverse("admin:reports_statistic_change", args=[stat.pk]), {"value": 1, "_save": "1"})
    assert response.status_code == 403
    assert viewer_client.get(IMPORT_URL).status_code == 302
    assert viewer_client.post(reverse("admin:reports_document_delete", args=[stat.document_id]), {"post": "yes"}).status_code == 403
    stat.refresh_from_db()
    assert stat.value != 1


def test_editor_cannot_manage_users(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_admin_refuses_to_save_over_someone_elses_change(editor_client):
    ingest_text(SEED.read_text(encoding="utf-8"), source_file=SEED.name)
    stat = Statistic.objects.get(metric="opinion_reports", value=412)
    url = reverse("admin:reports_statistic_change", args=[stat.pk])
    loaded = editor_client.get(url).context["adminform"].form["version"].value()
    # Someone else saves first.
    Statistic.objects.filter(pk=stat.pk).update(value=500)
    form = {
        "document": stat.document_id, "section": stat.section_id or "", "metric": stat.metric, "wording": stat.wording,
        "value": 421, "qualifier": stat.qualifier, "unit": stat.unit, "year": stat.year or "", "version": loaded, "_save": "1",
    }
    response = editor_client.post(url, form)
    assert response.status_code == 200
    assert "他人修改" in response.content.decode()
    stat.refresh_from_db()
    assert stat.value == 500
