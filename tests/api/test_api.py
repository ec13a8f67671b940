"""The API on the seed archive: every endpoint, filters, search, series, exports, permissions."""
import csv
import io
import json

import pytest
from django.contrib.auth.models import User
from openpyxl import load_workbook
from rest_framework.test import APIClient

from reports.models import Document, Section, Statistic

from .helpers import STAMP_QUERY

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def client():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def results(response):
    assert response.status_code == 200, response.content[:300]
    return response.json()["results"]


def all_pages(client, url):
    rows = []
    while url:
        data = client.get(url).json()
        rows.extend(data["results"])
        url = data["next"]
    return rows


@pytest.mark.parametrize("resource", ["provinces", "prefectures", "counties", "committees", "sessions", "documents", "sections", "statistics"])
def test_list_and_detail(seed_archive, client, resource):
    rows = results(client.get(f"{API}/{resource}/"))
    assert rows
    detail = client.get(rows[0]["url"])
    assert detail.status_code == 200


def test_county_by_code_slug_and_name(seed_archive, client):
    assert client.get(f"{API}/counties/140826/").json()["slug"] == "jiang-xian"
    for value in ("140826", "jiang-xian", "绛县"):
        docs = results(client.get(f"{API}/documents/", {"county": value}))
        assert len(docs) == 13 and {d["county"]["code"] for d in docs} == {"140826"}


def test_document_filters(seed_archive, client):
    def count(**params):
        return client.get(f"{API}/documents/", {**params, "count": "true"}).json()["count"]

    assert count() == Document.objects.count() == 17
    assert count(kind="member_speech") == 8
    assert count(kind=["resolution", "political_resolution"]) == 3
    assert count(province="山西省") == 17 and count(province="140000") == 17 and count(province="110000") == 0
    assert count(prefecture="运城市") == 13
    assert count(term=14, session=4) == 4
    assert count(review_year=2025) == 1 and count(plan_year=2026) == 1
    assert count(date_after="2024-01-01", date_before="2024-12-31") == 4
    assert count(is_excerpt="true") == 1
    assert count(is_fragment="true") == Document.objects.filter(is_fragment=True).count() > 0
    assert count(review_status="parsed") == 17 and count(review_status="reviewed") == 0
    assert count(speaker="吴斌") == 1


def test_document_detail_has_tree_and_quotes(seed_archive, client):
    doc = Document.objects.get(title__contains="灵石县")
    data = client.get(f"{API}/documents/{doc.pk}/").json()
    assert [s["label"] for s in data["sections"]][:4] == ["一", "二", "三", "四"]
    assert [c["heading"] for c in data["sections"][0]["children"]] == ["旗帜鲜明讲政治", "从严从实抓党建", "学习教育见实效"]
    filed = [s for s in data["statistics"] if s["metric"] == "proposals_filed"]
    assert filed[0]["value"] == 188
    for stat in data["statistics"]:
        assert data["raw_text"][stat["start"] : stat["end"]] == stat["quote"]


def test_statistic_filters(seed_archive, client):
    def values(**params):
        return sorted(row["value"] for row in all_pages(client, f"{API}/statistics/?" + "&".join(
            f"{k}={v}" for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])
        )))

    assert values(metric="proposals_filed") == [188, 236]
    assert values(metric=["proposals_filed", "proposals_key"]) == [10, 11, 188, 236]
    assert values(metric="opinion_reports", value_min=200) == [412]
    assert values(metric="opinion_reports", value_max=200) == [102]
    assert values(metric="inspections", qualifier="more_than") == [10, 10, 20]
    assert values(metric="opinion_reports", county="ling-shi-xian") == [102]
    assert values(metric="opinion_reports", year=2023) == [412]
    assert values(metric="meetings_plenary", kind="standing_committee_work_report", province="山西省") == [5]


def test_sections_filters(seed_archive, client):
    doc = Document.objects.get(title__contains="灵石县")
    rows = all_pages(client, f"{API}/sections/?document={doc.pk}&level=1")
    assert [r["part"] for r in rows] == ["review"] * 4 + ["plan"] * 5
    plan = all_pages(client, f"{API}/sections/?document={doc.pk}&part=plan")
    assert len(plan) == 5


@pytest.mark.parametrize("params", [{"kind": "novel"}, {"term": "x"}, {"date_after": "yesterday"}, {"is_fragment": "perhaps"}])
def test_bad_filter_values_are_400(seed_archive, client, params):
    response = client.get(f"{API}/documents/", params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_bad_statistic_filters_are_400(seed_archive, client):
    response = client.get(f"{API}/statistics/", {"metric": "happiness", "value_min": "many"})
    assert response.status_code == 400 and set(response.json()) == {"metric", "value_min"}


@pytest.mark.parametrize(
    "query, expected_titles",
    [
        ("旗帜鲜明讲政治", {"中国人民政治协商会议灵石县委员会常务委员会工作报告(摘要)"}),
        ("AED", {"中国人民政治协商会议灵石县委员会常务委员会工作报告(摘要)"}),
    ],
)
def test_search_documents_exact(seed_archive, client, query, expected_titles):
    rows = results(client.get(f"{API}/documents/", {"q": query}))
    assert {r["title"] for r in rows} == expected_titles
    assert all("<mark>" in r["snippet"] for r in rows)


@pytest.mark.parametrize("query", ["提案", "乡村振兴", "社情民意信息", "政协委员"])
def test_search_finds_every_document_containing_the_words(seed_archive, client, query):
    rows = results(client.get(f"{API}/documents/", {"q": query, "page_size": 100}))
    expected = {d.pk for d in Document.objects.all() if query in d.raw_text or query in d.title}
    assert {r["id"] for r in rows} == expected and expected
    # Ranked by mentions against length (reports/search.py): no row has more mentions in as few tokens as the first.
    tokens = [Document.objects.get(pk=r["id"]).search_text.split() for r in rows]
    mentions, length = [t.count(query) for t in tokens], [len(t) for t in tokens]
    assert not any(m > mentions[0] and n <= length[0] for m, n in zip(mentions, length))
    assert all(query in r["snippet"].replace("<mark>", "").replace("</mark>", "") for r in rows)


def test_search_sections_and_nothing(seed_archive, client):
    rows = results(client.get(f"{API}/sections/", {"q": "社情民意信息"}))
    assert rows and all("社情民意信息" in (r["heading"] + r["body"]) for r in rows)
    expected = {s.pk for s in Section.objects.all() if "社情民意信息" in s.heading + s.body}
    assert {r["id"] for r in rows} == expected
    assert results(client.get(f"{API}/documents/", {"q": "量子计算机"})) == []


def test_series_groups_by_county_and_year(seed_archive, client):
    rows = client.get(f"{API}/statistics/series/", {"metric": "opinion_reports"}).json()["results"]
    assert [(r["county"]["code"], r["year"], r["value"], r["count"]) for r in rows] == [("140428", 2023, 412, 1), ("140729", 2025, 102, 1)]
    assert client.get(f"{API}/statistics/series/", {"metric": "nonsense"}).status_code == 400


def test_exports_match_the_json_list(seed_archive, client):
    params = {"metric": "proposals_filed"}
    ids = sorted(r["id"] for r in results(client.get(f"{API}/statistics/", params)))
    csv_response = client.get(f"{API}/statistics/", {**params, "format": "csv"})
    assert csv_response.status_code == 200
    assert 'filename="statistics-proposals_filed.csv"' in csv_response["Content-Disposition"]
    body = b"".join(csv_response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert sorted(int(r["id"]) for r in rows) == ids
    assert {r["quote"] for r in rows} == set(Statistic.objects.filter(id__in=ids).values_list("quote", flat=True))

    ndjson = client.get(f"{API}/statistics/", {**params, "format": "ndjson"})
    lines = [json.loads(line) for line in b"".join(ndjson.streaming_content).splitlines()]
    assert sorted(r["id"] for r in lines) == ids

    xlsx = client.get(f"{API}/statistics/", {**params, "format": "xlsx"})
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True)
    sheet_rows = list(book.active.iter_rows(values_only=True))
    assert sheet_rows[0][0] == "id" and sorted(r[0] for r in sheet_rows[1:]) == ids


def test_document_export_honours_filters(seed_archive, client):
    response = client.get(f"{API}/documents/", {"kind": "member_speech", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 8 and {r["kind"] for r in rows} == {"member_speech"}


@pytest.mark.parametrize("resource", ["documents", "statistics", "sections", "counties"])
def test_query_count_does_not_grow_with_page_size(seed_archive, client, django_assert_max_num_queries, resource):
    with django_assert_max_num_queries(4 + STAMP_QUERY):
        assert client.get(f"{API}/{resource}/", {"page_size": 2}).status_code == 200
    with django_assert_max_num_queries(4 + STAMP_QUERY):
        assert client.get(f"{API}/{resource}/", {"page_size": 100}).status_code == 200


def test_anyone_reads_only_staff_writes(seed_archive, client):
    stat = Statistic.objects.filter(metric="proposals_filed").first()
    url = f"{API}/statistics/{stat.pk}/"
    assert client.patch(url, {"value": 1}, format="json").status_code in (401, 403)
    user = User.objects.create_user("reader", password="x")
    client.force_authenticate(user)
    assert client.patch(url, {"value": 1}, format="json").status_code == 403
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    from reports.roles import create_roles

    editor.groups.add(create_roles()[0])  # writes need the editors' model permissions, not only staff
    client.force_authenticate(editor)
    assert client.patch(url, {"value": 189}, format="json").status_code == 428  # no If-Match: refused
    response = client.patch(url, {"value": 189}, format="json", HTTP_IF_MATCH=client.get(url)["ETag"])
    assert response.status_code == 200
    stat.refresh_from_db()
    assert stat.value == 189 and stat.corrected and stat.quote == "立案188件"


def test_schema_and_docs(seed_archive, client):
    schema = client.get(f"{API}/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/statistics/series/" in paths and "/api/v1/documents/{id}/" in paths
    params = {p["name"] for p in paths["/api/v1/documents/"]["get"]["parameters"]}
    assert {"q", "format", "county", "kind", "date_after"} <= params
    assert client.get(f"{API}/docs/").status_code == 200
    assert client.get(f"{API}/redoc/").status_code == 200


def test_datapackage_holds_every_resource(seed_archive, client):
    import zipfile

    response = client.get(f"{API}/export/datapackage.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    descriptor = json.loads(archive.read("datapackage.json"))
    names = [r["name"] for r in descriptor["resources"]]
    assert names == ["provinces", "prefectures", "counties", "committees", "sessions", "documents", "sections", "statistics"]
    counties = list(csv.DictReader(io.StringIO(archive.read("counties.csv").decode())))
    assert len(counties) == 2842
    statistics = list(csv.DictReader(io.StringIO(archive.read("statistics.csv").decode())))
    assert len(statistics) == Statistic.objects.count()
    fields = {f["name"]: f["type"] for f in descriptor["resources"][-1]["schema"]["fields"]}
    assert fields["value"] == "integer" and fields["quote"] == "string"


def test_openapi_schema_validates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/v1/statistics/series/" in (tmp_path / "schema.yaml").read_text(encoding="utf-8")


def test_a_conflicting_second_update_is_refused(seed_archive, client):
    editor = User.objects.create_user("editor2", password="x", is_staff=True)
    from django.core.management import call_command

    call_command("create_roles", editor=["editor2"], verbosity=0)
    client.force_authenticate(editor)
    stat = Statistic.objects.filter(metric="proposals_filed").first()
    url = f"{API}/statistics/{stat.pk}/"
    first_read = client.get(url)["ETag"]
    second_read = client.get(url)["ETag"]
    assert first_read == second_read
    assert client.patch(url, {"value": 190}, format="json", HTTP_IF_MATCH=first_read).status_code == 200
    late = client.patch(url, {"value": 191}, format="json", HTTP_IF_MATCH=second_read)
    assert late.status_code == 412 and "changed since you read it" in late.json()["detail"]
    stat.refresh_from_db()
    assert stat.value == 190
