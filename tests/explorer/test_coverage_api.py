"""/api/v1/coverage/: each cell counts exactly the documents its filters select in /documents/."""
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from django.urls import reverse
from rest_framework.test import APIClient

from reports.models import Document, Statistic

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return APIClient()


def coverage(client, **params):
    response = client.get(reverse("api:coverage"), {"format": "json", **params})
    assert response.status_code == 200, response.content
    return response.json()


def document_count(client, **params):
    return client.get(reverse("api:document-list"), {"format": "json", "count": "true", **params}).json()["count"]


@pytest.mark.parametrize("by", ["province", "prefecture", "county"])
def test_every_cell_is_the_count_of_the_list_it_stands_for(seed_archive, client, by):
    data = coverage(client, by=by)
    assert data["by"] == by and data["results"]
    for cell in data["results"]:
        if cell["year"] is None:
            continue
        listed = document_count(client, **{by: cell["code"], "session_year": cell["year"], "kind": cell["kind"]})
        assert listed == cell["documents"], cell
    assert sum(c["documents"] for c in data["results"]) == Document.objects.count()


def test_totals_and_the_shanxi_2024_cell(seed_archive, client):
    data = coverage(client)
    totals = data["totals"]
    assert totals["documents"] == Document.objects.count()
    assert totals["statistics"] == Statistic.objects.count()
    assert totals["counties"] == Document.objects.values("county").distinct().count()
    shanxi_2024 = [c for c in data["results"] if c["name"] == "山西省" and c["year"] == 2024]
    # 长子县's work report (session of April 2024) and 绛县's session of February 2024: report, political resolution, 2 resolutions.
    assert sum(c["documents"] for c in shanxi_2024) == 5
    assert {c["kind"] for c in shanxi_2024} == {"standing_committee_work_report", "political_resolution", "resolution"}
    assert document_count(client, province="140000", session_year_min=2024, session_year_max=2024) == 5


def test_filters_and_search_narrow_the_cells(seed_archive, client):
    data = coverage(client, by="county", county="绛县", kind="member_speech")
    assert [(c["code"], c["kind"]) for c in data["results"]] == [("140826", "member_speech")]
    assert data["results"][0]["documents"] == document_count(client, county="绛县", kind="member_speech") == 8
    searched = coverage(client, by="county", q="社情民意信息")
    matches = client.get(reverse("api:document-list"), {"format": "json", "q": "社情民意信息"}).json()
    assert searched["totals"]["documents"] == matches["count"] > 0


def test_bad_input_is_a_400_naming_the_parameter(seed_archive, client):
    response = client.get(reverse("api:coverage"), {"by": "village", "format": "json"})
    assert response.status_code == 400 and "by" in response.json()
    response = client.get(reverse("api:coverage"), {"session_year": "soon", "format": "json"})
    assert response.status_code == 400 and "session_year" in response.json()


def test_csv_export_has_the_same_cells(seed_archive, client):
    response = client.get(reverse("api:coverage"), {"format": "csv", "by": "county"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert lines[0] == "code,name,year,kind,documents,counties"
    assert len(lines) - 1 == len(coverage(client, by="county")["results"])


def test_queries_are_bounded(seed_archive, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        coverage(client, by="county", q="提案")


def test_documented_in_the_schema(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/coverage/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"by", "q", "province", "prefecture", "county", "kind", "session_year_min", "session_year_max"} <= names


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(
    parameter=st.sampled_from(["by", "session_year", "session_year_min", "session_year_max", "q", "county", "kind"]),
    # NUL is left to the API-wide hardening of query parameters (PostgreSQL rejects it in text).
    value=st.text(st.characters(blacklist_characters="\x00"), max_size=40)
    | st.from_regex(r"-?\d{1,25}(\.\d{1,3})?", fullmatch=True)
    | st.sampled_from(["", " ", "'", "%"]),
    path=st.sampled_from(["/api/v1/coverage/", "/api/v1/documents/"]),
)
def test_any_string_in_a_coverage_or_session_year_parameter_is_200_or_400(parameter, value, path):
    response = APIClient().get(path, {parameter: value, "format": "json"})
    assert response.status_code in (200, 400), (path, parameter, value, response.status_code)
