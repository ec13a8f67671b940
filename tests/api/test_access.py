"""Who may do what: anyone reads, staff editors write (session or token); throttling; CORS; docs."""
import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from rest_framework.authtoken.models import Token

from reports.models import Document, Section, Statistic
from reports.roles import create_roles

from .helpers import API, results

pytestmark = pytest.mark.django_db


def test_anonymous_reads_but_cannot_write(archive, client):
    stat = Statistic.objects.get(metric="proposals_filed", value=188)
    assert client.get(f"{API}/statistics/{stat.pk}/").status_code == 200
    assert client.patch(f"{API}/statistics/{stat.pk}/", {"value": 1}, format="json").status_code in (401, 403)
    assert client.delete(f"{API}/documents/{stat.document_id}/").status_code in (401, 403)
    assert client.post(f"{API}/counties/", {"code": "140827"}, format="json").status_code in (401, 403, 405)


def make_editor(name="editor"):
    """A staff user in the editors group (staff alone may not write: viewers are staff too)."""
    user = User.objects.create_user(name, password="x", is_staff=True)
    editors, _viewers = create_roles()
    user.groups.add(editors)
    return user


def test_logged_in_non_staff_cannot_write(archive, client):
    stat = Statistic.objects.get(metric="proposals_filed", value=188)
    client.force_authenticate(User.objects.create_user("reader", password="x"))
    assert client.patch(f"{API}/statistics/{stat.pk}/", {"value": 1}, format="json").status_code == 403


def test_staff_viewer_cannot_write(archive, client):
    viewer = User.objects.create_user("viewer", password="x", is_staff=True)
    viewer.groups.add(create_roles()[1])
    client.force_authenticate(viewer)
    stat = Statistic.objects.first()
    assert client.patch(f"{API}/statistics/{stat.pk}/", {"value": 1}, format="json").status_code == 403


def test_staff_editor_corrects_with_a_token(archive, client):
    editor = make_editor()
    token = Token.objects.create(user=editor)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    stat = Statistic.objects.get(metric="proposals_filed", value=188)
    response = client.patch(f"{API}/statistics/{stat.pk}/", {"value": 189}, format="json", **if_match(client, f"{API}/statistics/{stat.pk}/"))
    assert response.status_code == 200, response.content
    stat.refresh_from_db()
    assert stat.value == 189 and stat.corrected and stat.quote == "立案188件"  # the evidence stays as printed
    # Corrected text is searchable at once.
    section = Section.objects.get(heading="强化办理协商")
    assert client.patch(f"{API}/sections/{section.pk}/", {"heading": "强化办理协商与民主监督"}, format="json", **if_match(client, f"{API}/sections/{section.pk}/")).status_code == 200
    assert section.pk in {r["id"] for r in results(client.get(f"{API}/sections/", {"q": "民主监督"}))}
    doc = Document.objects.get(kind="member_speech")
    assert client.patch(f"{API}/documents/{doc.pk}/", {"title": "关于发展雁门关全域旅游的建议", "review_status": "reviewed"}, format="json", **if_match(client, f"{API}/documents/{doc.pk}/")).status_code == 200
    assert doc.pk in {r["id"] for r in results(client.get(f"{API}/documents/", {"q": "雁门关全域旅游"}))}
    # Places are reference data: read-only even for editors.
    assert client.post(f"{API}/counties/", {"code": "140827"}, format="json").status_code == 405
    assert client.delete(f"{API}/documents/{doc.pk}/", **if_match(client, f"{API}/documents/{doc.pk}/")).status_code == 204
    assert not Document.objects.filter(pk=doc.pk).exists()


def test_bad_correction_is_400(archive, client):
    client.force_authenticate(make_editor())
    stat = Statistic.objects.first()
    assert client.patch(f"{API}/statistics/{stat.pk}/", {"metric": "happiness"}, format="json", **if_match(client, f"{API}/statistics/{stat.pk}/")).status_code == 400


def test_anonymous_throttling_is_on(archive, client, settings):
    from rest_framework.settings import api_settings

    assert "reports.api.throttles.AnonRateThrottle" in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
    assert api_settings.DEFAULT_THROTTLE_RATES["anon"]


@override_settings(CORS_ALLOWED_ORIGINS=["https://front.example.org"], CORS_ALLOW_ALL_ORIGINS=False)
def test_cors_allowlist(archive, client):
    allowed = client.get(f"{API}/counties/", HTTP_ORIGIN="https://front.example.org")
    assert allowed["Access-Control-Allow-Origin"] == "https://front.example.org"
    other = client.get(f"{API}/counties/", HTTP_ORIGIN="https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in other


def test_schema_documents_filters_and_formats(client):
    schema = client.get(f"{API}/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for resource in ("provinces", "prefectures", "counties", "committees", "sessions", "documents", "sections", "statistics"):
        params = {p["name"]: p for p in paths[f"/api/v1/{resource}/"]["get"]["parameters"]}
        assert "format" in params and params["format"]["schema"]["enum"] == ["json"]
        export = {p["name"]: p for p in paths[f"/api/v1/{resource}/export/"]["get"]["parameters"]}
        assert sorted(export["format"]["schema"]["enum"]) == ["csv", "ndjson", "xlsx"] and "labels" in export
    docs = {p["name"]: p for p in paths["/api/v1/documents/"]["get"]["parameters"]}
    assert {"q", "county", "county_id", "prefecture", "province", "kind", "term", "session", "date_after", "date_before",
            "review_year", "plan_year", "is_fragment", "is_excerpt", "review_status", "ordering", "page_size"} <= set(docs)
    assert docs["q"]["examples"] and docs["county"]["description"]
    stats = {p["name"] for p in paths["/api/v1/statistics/"]["get"]["parameters"]}
    assert {"metric", "value_min", "value_max", "qualifier", "year", "county", "province", "kind", "cursor"} <= stats
    assert "/api/v1/statistics/series/" in paths and "/api/v1/export/datapackage.zip" in paths
    assert client.get(f"{API}/docs/").status_code == 200 and client.get(f"{API}/redoc/").status_code == 200


def if_match(client, url):
    """The If-Match header a writer must send: the ETag of a fresh GET."""
    return {"HTTP_IF_MATCH": client.get(url)["ETag"]}
