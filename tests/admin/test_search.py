"""The admin finds what the API finds, and its county filter lists only counties with documents."""
import pytest
from django.contrib.auth.models import User

from reports.models import County, Document, Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_zh(client):
    client.force_login(User.objects.create_superuser("root", password="x"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    return client


def shown(response):
    return {obj.pk for obj in response.context["cl"].result_list}


@pytest.mark.parametrize("query", ["社情民意信息", "乡村振兴", "提案"])
def test_admin_search_finds_what_the_api_finds(seed_archive, admin_client_zh, query):
    from rest_framework.test import APIClient

    api = APIClient().get("/api/v1/documents/", {"q": query, "page_size": 500}).json()["results"]
    admin = admin_client_zh.get("/admin/reports/document/", {"q": query})
    assert admin.status_code == 200
    expected = {d.pk for d in Document.objects.all() if query in d.title or query in d.raw_text}
    assert shown(admin) == {r["id"] for r in api} == expected and expected
    sections = admin_client_zh.get("/admin/reports/section/", {"q": query})
    assert shown(sections) == {s.pk for s in Section.objects.all() if query in f"{s.label} {s.heading}\n{s.body}" or query in s.document.title}


def test_admin_search_still_finds_speakers_and_files(seed_archive, admin_client_zh):
    doc = Document.objects.exclude(speaker_name="").first()
    assert doc.pk in shown(admin_client_zh.get("/admin/reports/document/", {"q": doc.speaker_name}))


def test_county_filter_lists_only_counties_with_documents(seed_archive, admin_client_zh):
    response = admin_client_zh.get("/admin/reports/document/")
    [county_filter] = [f for f in response.context["cl"].filter_specs if getattr(f, "parameter_name", None) == "county"]
    offered = {code for code, _label in county_filter.lookup_choices}
    assert offered == set(Document.objects.values_list("county_id", flat=True)) and County.objects.count() == 2842
    code = next(iter(offered))
    assert shown(admin_client_zh.get("/admin/reports/document/", {"county": code})) == set(Document.objects.filter(county_id=code).values_list("pk", flat=True))


def test_title_column_is_short_with_the_whole_title_on_hover(seed_archive, admin_client_zh):
    html = admin_client_zh.get("/admin/reports/document/").content.decode()
    longest = max(Document.objects.values_list("title", flat=True), key=len)
    assert f'title="{longest}"' in html
