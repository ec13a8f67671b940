"""Evidence is immutable through writes (issue 15, item 5), by the admin as by the API: a statistic keeps its
document, quote and offsets, a section its document and place, a document's session is its county's."""
import pytest
from django.urls import reverse

from reports.models import Committee, County, Document, Section, Session, Statistic
from tests.corrections.conftest import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_document(document):
    """A second document, in another county, with its own committee and session."""
    county = County.objects.create(code="140429", name="武乡县", slug="wuxiang", kind="县",
                                   prefecture_id="140400", province_id="140000")
    committee = Committee.objects.create(county=county, term=14)
    session = Session.objects.create(committee=committee, number=3)
    other = Document.objects.create(kind=document.kind, title="另一份报告", county=county, committee=committee, session=session,
                                    source_file="other.txt", raw_text="另一份报告的正文。", checksum="0" * 64)
    return other


def test_the_admin_cannot_move_a_statistic_or_change_its_quote(editor_client, document, other_document):
    stat = Statistic.objects.filter(document=document).order_by("pk").first()
    url = reverse("admin:reports_statistic_change", args=[stat.pk])
    data = form_data(editor_client.get(url)) | {"document": other_document.pk, "quote": "伪造", "start": 0, "end": 2, "value": stat.value + 1}
    assert editor_client.post(url, data).status_code == 302
    saved = Statistic.objects.get(pk=stat.pk)
    assert (saved.document_id, saved.quote, saved.start, saved.end) == (document.pk, stat.quote, stat.start, stat.end)
    assert saved.value == stat.value + 1 and document.raw_text[saved.start : saved.end] == saved.quote


def test_the_admin_keeps_a_section_in_its_document_and_place(editor_client, document, other_document):
    section = Section.objects.filter(document=document, parent__isnull=False).order_by("pk").first()
    url = reverse("admin:reports_section_change", args=[section.pk])
    data = form_data(editor_client.get(url)) | {"document": other_document.pk, "parent": "", "position": 999, "heading": "新标题"}
    assert editor_client.post(url, data).status_code == 302
    saved = Section.objects.get(pk=section.pk)
    assert (saved.document_id, saved.parent_id, saved.position) == (document.pk, section.parent_id, section.position)
    assert saved.heading == "新标题"


def test_the_admin_refuses_a_session_of_another_countys_committee(editor_client, document, other_document):
    url = reverse("admin:reports_document_change", args=[document.pk])
    data = form_data(editor_client.get(url)) | {"session": other_document.session_id}
    response = editor_client.post(url, data)
    assert response.status_code == 200 and "session" in response.context["adminform"].form.errors
    assert Document.objects.get(pk=document.pk).session_id == document.session_id


def test_the_api_does_not_move_a_document_to_another_countys_session(api_editor, document, other_document):
    url = f"/api/v1/documents/{document.pk}/"
    response = api_editor.patch(url, {"session": other_document.session_id, "committee": other_document.committee_id},
                                format="json", HTTP_IF_MATCH=api_editor.get(url)["ETag"])
    # Session and committee are read-only in the API (the admin or ingestion set them, with the rule above).
    assert response.status_code == 200 and response.json()["session"] == document.session_id
    assert Document.objects.get(pk=document.pk).session_id == document.session_id


def test_the_api_does_not_move_a_statistic(api_editor, document, other_document):
    stat = Statistic.objects.filter(document=document).order_by("pk").first()
    url = f"/api/v1/statistics/{stat.pk}/"
    response = api_editor.patch(url, {"document": other_document.pk, "start": 0, "end": 2}, format="json",
                                HTTP_IF_MATCH=api_editor.get(url)["ETag"])
    assert response.status_code == 200
    saved = Statistic.objects.get(pk=stat.pk)
    assert (saved.document_id, saved.start, saved.end) == (document.pk, stat.start, stat.end)
