"""A document's history shows its sections' and statistics' changes inline: who changed which value from what to what,
when, and why (admin 历史 page and /api/v1/documents/<id>/history/)."""
import pytest
from django.urls import reverse

from reports import services
from reports.models import Document, Section, Statistic

pytestmark = pytest.mark.django_db

QUOTE = "全年共收集社情民意信息412篇"


@pytest.fixture
def edited(document, editor, api_editor):
    """Three editors' changes: a value through the API, a heading and a deletion through the services."""
    stat = Statistic.objects.get(quote=QUOTE)
    url = f"/api/v1/statistics/{stat.pk}/"
    response = api_editor.patch(url, {"value": 421}, format="json", HTTP_IF_MATCH=api_editor.get(url)["ETag"], HTTP_X_CHANGE_REASON="对照报纸原版")
    assert response.status_code == 200, response.content
    section = Section.objects.get(position=0)
    services.section_correct(section=section, data={"heading": "编辑改过的小标题"}, user=editor, reason="错字")
    services.row_delete(instance=Statistic.objects.get(quote="来自全国各地的30余名作家学者"), user=editor, reason="不是统计数字")
    return {"statistic": stat, "section": section, "heading": Section.objects.get(pk=section.pk).history.earliest().heading}


def test_the_api_lists_every_change_of_the_document_and_its_rows(edited, api_editor, django_assert_max_num_queries):
    document = Document.objects.get()
    with django_assert_max_num_queries(8):
        entries = api_editor.get(f"/api/v1/documents/{document.pk}/history/").json()
    assert [e["date"] for e in entries] == sorted((e["date"] for e in entries), reverse=True)
    value = next(e for e in entries if e["kind"] == "statistic" and e["action"] == "changed")
    assert (value["row_id"], value["user"], value["reason"]) == (edited["statistic"].pk, "editor", "对照报纸原版")
    assert {"field": "value", "old": 412, "new": 421} in value["changes"]
    heading = next(e for e in entries if e["kind"] == "section")
    assert heading["changes"] == [{"field": "heading", "old": edited["heading"], "new": "编辑改过的小标题"}]
    (deleted,) = [e for e in entries if e["action"] == "deleted"]
    assert (deleted["kind"], deleted["reason"]) == ("statistic", "不是统计数字")
    status = [e for e in entries if e["kind"] == "document" and e["action"] == "changed"]
    assert [c for e in status for c in e["changes"]] == [{"field": "review_status", "old": "parsed", "new": "corrected"}]
    # The rows parsed with the document are not listed one by one: its own record says it was created.
    assert [(e["kind"], e["action"]) for e in entries if e["action"] == "created"] == [("document", "created")]


def test_the_admin_history_page_shows_the_rows_changes(edited, editor_client):
    document = Document.objects.get()
    response = editor_client.get(reverse("admin:reports_document_history", args=[document.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="row-changes"' in page and "对照报纸原版" in page and "不是统计数字" in page
    assert "<code>value</code> 412 → 421" in page
    assert "<code>heading</code>" in page and "编辑改过的小标题" in page
    assert len(response.context["row_changes"]) == 5  # value, heading, deletion, and the document parsed → corrected, created


def test_a_document_without_edits_has_only_its_creation(document, api_editor):
    entries = api_editor.get(f"/api/v1/documents/{document.pk}/history/").json()
    assert [(e["kind"], e["action"]) for e in entries] == [("document", "created")]
    assert api_editor.get("/api/v1/documents/999999/history/").status_code == 404
