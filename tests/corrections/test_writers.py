"""Every writer × re-ingest of the same and of a changed source: the correction survives, the conflict is reported.

Writers: the admin's change forms, the document page's inlines, API PATCH and
API PUT. Re-ingestion: the ingest path (as ``manage.py ingest``) with the same
text, then the admin import (preview + confirm) with a changed printing.
"""
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from reports.ingest import ingest_text
from reports.models import Document, ReviewStatus, Section, Statistic
from tests.corrections.conftest import SEED, admin_import, form_data

pytestmark = pytest.mark.django_db

# target → (how to find the row, the field, the corrected value, the API resource)
TARGETS = {
    "statistic": (lambda: Statistic.objects.get(metric="opinion_reports", value=412), "value", 421, "statistics"),
    "heading": (lambda: Section.objects.get(position=0), "heading", "编辑改过的小标题", "sections"),
    "title": (lambda: Document.objects.get(), "title", "编辑改过的文件标题", "documents"),
}
ADMIN_PAGE = {"statistic": "reports_statistic_change", "heading": "reports_section_change", "title": "reports_document_change"}
INLINE_PREFIX = {"statistic": "statistics", "heading": "sections"}


def admin_form(clients, target, row, field, value):
    client = clients["admin"]
    url = reverse(f"admin:{ADMIN_PAGE[target]}", args=[row.pk])
    data = form_data(client.get(url))
    data[field] = value
    data["reason"] = "对照原文更正"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response


def admin_inline(clients, target, row, field, value):
    client = clients["admin"]
    url = reverse("admin:reports_document_change", args=[row.document_id])
    data = form_data(client.get(url))
    prefix = INLINE_PREFIX[target]
    (index,) = [k.split("-")[1] for k, v in data.items() if k.startswith(f"{prefix}-") and k.endswith("-id") and str(v) == str(row.pk)]
    data[f"{prefix}-{index}-{field}"] = value
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]


def api_write(method):
    def write(clients, target, row, field, value):
        api = clients["api"]
        url = f"/api/v1/{TARGETS[target][3]}/{row.pk}/"
        got = api.get(url)
        body = {field: value}
        if method == "put":
            read_only = {"id", "url", "county", "province", "document_kind", "term", "session_number", "snippet", "sections",
                         "statistics", "checksum", "warnings", "raw_text", "corrected", "quote", "start", "end", "document",
                         "parent", "position", "committee", "session", "source_file", "source_page", "findings"}
            body = {k: v for k, v in got.json().items() if k not in read_only} | body
        response = getattr(api, method)(url, body, format="json", HTTP_IF_MATCH=got["ETag"], HTTP_X_CHANGE_REASON="对照原文更正")
        assert response.status_code == 200, response.content
    return write


WRITERS = {"admin form": admin_form, "admin inline": admin_inline, "API PATCH": api_write("patch"), "API PUT": api_write("put")}
CASES = [(w, t) for w in WRITERS for t in TARGETS if not (w == "admin inline" and t == "title")]


@pytest.mark.parametrize("writer, target", CASES, ids=[f"{w}-{t}" for w, t in CASES])
def test_correction_survives_reingest_and_conflict_is_reported(document, editor_client, api_editor, seed_text, writer, target):
    find, field, value, _resource = TARGETS[target]
    row = find()
    parsed = getattr(row, field)
    WRITERS[writer]({"admin": editor_client, "api": api_editor}, target, row, field, value)

    row.refresh_from_db()
    assert getattr(row, field) == value
    assert field in row.corrected_fields
    assert Document.objects.get().review_status == ReviewStatus.CORRECTED
    record = row.history.latest()
    assert record.history_user.username == "editor" and getattr(record, field) == value
    if writer != "admin inline":
        assert record.history_change_reason == "对照原文更正"

    # The same source again: nothing changes, the conflict names both values.
    report, _plans = ingest_text(seed_text, source_file=SEED.name)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert [(c.field, c.kept, c.parsed) for c in report.conflicts] == [(field, value, parsed)]
    row.refresh_from_db()
    assert getattr(row, field) == value

    # A changed printing through the admin import: the text is updated, the correction is not, the same row survives.
    response = admin_import(editor_client, seed_text.replace("412篇", "413篇"), SEED.name)
    said = [str(m) for m in get_messages(response.wsgi_request)] + [str(m) for m in response.context["messages"]]
    assert any("更新 1 个" in m and "冲突 1 个" in m for m in said), said
    assert any(str(value) in m and str(parsed)[:10] in m for m in said), said
    row.refresh_from_db()
    assert getattr(row, field) == value
    assert "413篇" in Document.objects.get().raw_text
    assert Statistic.objects.filter(quote__contains="413篇", metric="opinion_reports").exists()
