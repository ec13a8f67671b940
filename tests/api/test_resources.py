"""Every resource's list and detail, links between them, filters, ordering, paging and 400s."""
import pytest
from reports.api import views
from reports.models import Document, Section, Statistic

from .helpers import API, STAMP_QUERY, all_pages, results

pytestmark = pytest.mark.django_db
RESOURCES = ["provinces", "prefectures", "counties", "committees", "sessions", "documents", "sections", "statistics"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_list_and_detail(archive, client, resource):
    rows = results(client.get(f"{API}/{resource}/"))
    assert rows
    detail = client.get(rows[0]["url"])
    assert detail.status_code == 200
    assert detail.json()["url"] == rows[0]["url"]


def test_root_lists_resources(archive, client):
    assert set(RESOURCES) <= set(client.get(f"{API}/").json())


def test_stable_identifiers_and_links(archive, client):
    county = client.get(f"{API}/counties/140826/").json()
    assert county["slug"] == "jiang-xian" and county["prefecture"]["code"] == "140800" and county["province"]["name"] == "山西省"
    assert client.get(f"{API}/provinces/140000/").json()["name"] == "山西省"
    assert client.get(f"{API}/prefectures/140700/").json()["province"]["code"] == "140000"
    assert client.get(f"{API}/counties/999999/").status_code == 404
    doc = archive["documents"]["jiang_proposals"]
    data = client.get(f"{API}/documents/{doc.pk}/").json()
    assert data["county"] == {"code": "140826", "name": "绛县"} and data["term"] == 14 and data["session_number"] == 4
    assert client.get(f"{API}/sessions/{data['session']}/").json()["number"] == 4


def test_document_detail_has_tree_and_quotes(archive, client):
    doc = archive["documents"]["lingshi_standing"]
    data = client.get(f"{API}/documents/{doc.pk}/").json()
    assert [s["label"] for s in data["sections"]] == ["一", "二", "三"]
    assert [c["heading"] for c in data["sections"][0]["children"]] == ["旗帜鲜明讲政治", "从严从实抓党建"]
    assert [s["part"] for s in data["sections"]] == ["review", "review", "plan"]
    assert {s["metric"]: s["value"] for s in data["statistics"]}["opinion_reports"] == 102
    assert len(data["statistics"]) == doc.statistics.count() == 6
    for stat in data["statistics"]:
        assert data["raw_text"][stat["start"] : stat["end"]] == stat["quote"]


def count(client, resource, **params):
    response = client.get(f"{API}/{resource}/", params)
    assert response.status_code == 200, response.content[:300]
    data = response.json()
    total = len(all_pages(client, f"{API}/{resource}/", params))
    assert client.get(f"{API}/{resource}/", {**params, "count": "true"}).json()["count"] == total
    return total


@pytest.mark.parametrize("value", ["140826", "jiang-xian", "绛县", "绛县,140826", "jiang-xian,绛县"])
def test_documents_by_county_code_slug_or_name(archive, client, value):
    docs = results(client.get(f"{API}/documents/", {"county": value}))
    assert len(docs) == 2 and {d["county"]["code"] for d in docs} == {"140826"}


def test_document_filters(archive, client):
    def n(**params):
        return count(client, "documents", **params)

    assert n() == Document.objects.count() == 6
    assert n(county_id="140729") == 2
    assert n(kind="member_speech") == 1
    assert n(kind=["resolution", "political_resolution"]) == 2
    assert n(province="山西省") == 6 and n(province="140000") == 6 and n(province="shan-xi-sheng") == 6 and n(province="110000") == 0
    assert n(prefecture="运城市") == 2 and n(prefecture="jin-zhong-shi") == 2
    assert n(term=14) == 3 and n(term=14, session=4) == 3 and n(term=10, session=5) == 1
    assert n(session_id=archive["documents"]["dai_speech"].session_id) == 2
    assert n(review_year=2024) == 2 and n(plan_year=2025) == 2
    assert n(year_min=2020) == 3 and n(year_max=2019) == 1
    assert n(date_after="2025-01-01") == 3 and n(date_after="2024-01-01", date_before="2024-12-31") == 2
    assert n(is_excerpt="true") == 1 and n(is_fragment="true") == 1 and n(is_fragment="false") == 5
    assert n(review_status="reviewed") == 1 and n(review_status=["parsed", "corrected"]) == 5
    assert n(speaker="张丽") == 1
    assert n(source_file="140923-member_speech.txt") == 1


def test_place_filters(archive, client):
    assert count(client, "provinces", name="山西") == 1 and count(client, "provinces", code="110000") == 1
    assert count(client, "prefectures", province="山西省") == 3 and count(client, "prefectures", slug="xin-zhou-shi") == 1
    assert count(client, "counties", prefecture="140800") == 1 and count(client, "counties", province="shan-xi-sheng") == 3
    assert count(client, "counties", kind="县") == 3 and count(client, "counties", name="灵石") == 1
    assert count(client, "committees", county="jiang-xian") == 2 and count(client, "committees", term=14) == 2
    assert count(client, "committees", province="山西省") == 4 and count(client, "committees", county_id="140923") == 1
    assert count(client, "sessions", county="绛县") == 2 and count(client, "sessions", term=14, number=4) == 2
    assert count(client, "sessions", start_after="2025-01-01") == 2 and count(client, "sessions", start_before="2020-12-31") == 1


def test_statistic_filters(archive, client):
    def values(**params):
        return sorted(r["value"] for r in all_pages(client, f"{API}/statistics/", params))

    assert values(metric="proposals_filed") == [160, 188]
    assert values(metric=["proposals_filed", "proposals_key"]) == [10, 160, 188]
    assert values(metric="opinion_reports", value_min=200) == [412]
    assert values(metric="opinion_reports", value_max=200) == [102]
    assert values(metric="proposals_received", value_min=10, value_max=210) == [201]
    assert values(metric="inspections", qualifier="more_than") == [10, 20]
    assert values(metric="opinion_reports", county="ling-shi-xian") == [102]
    assert values(metric="opinion_reports", year=2023) == [412]
    assert values(metric="proposals_received", year_min=2020, year_max=2024) == [3, 236]
    assert values(metric="meetings_plenary", kind="standing_committee_work_report", province="山西省") == [1]
    assert values(metric="proposals_filed", prefecture="运城市", term=10, session=5) == [160]
    assert values(document=archive["documents"]["dai_political"].pk) == [10, 412]
    assert values(corrected="true") == []
    assert len(values()) == Statistic.objects.count()


def test_section_filters(archive, client):
    doc = archive["documents"]["lingshi_standing"]
    rows = all_pages(client, f"{API}/sections/", {"document": doc.pk, "level": 1})
    assert [r["part"] for r in rows] == ["review", "review", "plan"]
    assert len(all_pages(client, f"{API}/sections/", {"document": doc.pk, "part": "plan"})) == 1
    assert len(all_pages(client, f"{API}/sections/", {"level_max": 1})) == Section.objects.filter(level=1).count()
    assert len(all_pages(client, f"{API}/sections/", {"county": "灵石县", "kind": "standing_committee_work_report"})) == 5


def test_ordering(archive, client):
    titles = [d["date"] for d in results(client.get(f"{API}/documents/", {"ordering": "-date"}))]
    assert titles == sorted(titles, reverse=True)
    values = [s["value"] for s in all_pages(client, f"{API}/statistics/", {"ordering": "-value", "page_size": 3})]
    assert values == sorted(values, reverse=True) and len(values) == Statistic.objects.count()
    assert [c["code"] for c in results(client.get(f"{API}/counties/", {"ordering": "-code"}))] == ["140923", "140826", "140729"]
    unknown = client.get(f"{API}/documents/", {"ordering": "raw_text"})
    assert unknown.status_code == 400 and "raw_text" in unknown.json()["ordering"][0] and "review_year" in unknown.json()["ordering"][0]


def test_paging_is_bounded_and_keyset(archive, client):
    page = client.get(f"{API}/documents/", {"page_size": 100000}).json()
    assert len(page["results"]) == 6 and page["has_more"] is False and page["next"] is None and "count" not in page
    page = client.get(f"{API}/statistics/", {"page_size": 2}).json()
    assert len(page["results"]) == 2 and "cursor=" in page["next"] and page["has_more"] is True and page["previous"] is None
    second = client.get(page["next"]).json()
    assert client.get(second["previous"]).json()["results"] == page["results"]
    ids = [r["id"] for r in all_pages(client, f"{API}/statistics/", {"page_size": 2})]
    assert ids == sorted(Statistic.objects.values_list("id", flat=True))
    for size in ("0", "-1", "many"):
        assert client.get(f"{API}/statistics/", {"page_size": size}).status_code == 400


@pytest.mark.parametrize(
    "resource, params",
    [
        ("documents", {"kind": "novel"}), ("documents", {"term": "x"}), ("documents", {"date_after": "yesterday"}),
        ("documents", {"is_fragment": "perhaps"}), ("documents", {"review_status": "done", "year_min": "soon"}),
        ("statistics", {"metric": "happiness", "value_min": "many"}), ("statistics", {"qualifier": "roughly"}),
        ("sections", {"level": "top", "part": "middle"}), ("sessions", {"start_after": "2025-13-45"}),
        ("committees", {"term": "十四"}),
    ],
)
def test_bad_filter_values_are_400_per_field(archive, client, resource, params):
    response = client.get(f"{API}/{resource}/", params)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == set(params) and all(isinstance(body[k], list) and body[k] for k in params)


# Model fields a user would not filter on, with the reason (corrected_fields: bookkeeping of the correction service).
UNFILTERED = {
    "Document": {"title", "raw_text", "search_text", "checksum", "source_index", "source_page", "speaker_role",
                 "speaker_name", "sections", "statistics", "committee", "session", "id", "corrected_fields", "deletions"},
    "Section": {"id", "parent", "position", "label", "heading", "body", "start", "end", "search_text", "children", "statistics",
                "corrected_fields"},
    "Statistic": {"id", "section", "wording", "unit", "quote", "start", "end", "value", "corrected_fields"},
}
# Field names that reach a model field under another name.
ALIASES = {"speaker": "speaker_name", "session_id": "session", "county_id": "county", "value_min": "value", "level_max": "level",
           "finding": "findings", "warning": "warnings"}


@pytest.mark.parametrize("viewset", [views.DocumentViewSet, views.SectionViewSet, views.StatisticViewSet])
def test_every_model_field_has_a_filter(viewset):
    """Fails when a field is added to the model without a filter (or a reason in UNFILTERED)."""
    model = viewset.queryset.model
    filterset = viewset.filterset_class
    covered = {f.field_name.split("__")[0] for f in filterset.base_filters.values()}
    covered |= {ALIASES.get(name, name) for name in filterset.base_filters}
    fields = {f.name for f in model._meta.get_fields()}
    missing = fields - covered - UNFILTERED[model.__name__]
    assert not missing, f"{model.__name__} fields without a filter: {sorted(missing)}"


# Page-numbered lists: COUNT + page; cursor lists (sections, statistics): the page alone; plus the stamp.
QUERIES = {"sections": 1 + STAMP_QUERY, "statistics": 1 + STAMP_QUERY}


@pytest.mark.parametrize("resource", RESOURCES)
def test_query_count_does_not_grow_with_page_size(archive, client, django_assert_max_num_queries, resource):
    # Page size 1 is smaller than every list here, 100 larger: the same number of queries.
    for size in (1, 100):
        with django_assert_max_num_queries(QUERIES.get(resource, 2 + STAMP_QUERY)):
            assert client.get(f"{API}/{resource}/", {"page_size": size}).status_code == 200


def test_document_detail_queries_do_not_grow_with_sections(archive, client, django_assert_max_num_queries):
    for doc in archive["documents"].values():  # 0 to 5 sections, 0 to 6 statistics
        # The document, its sections, its statistics, its findings with their statistics' ids; the version stamp.
        with django_assert_max_num_queries(4 + STAMP_QUERY):
            assert client.get(f"{API}/documents/{doc.pk}/").status_code == 200


def test_query_count_with_search(archive, client, django_assert_max_num_queries):
    for size in (1, 100):
        with django_assert_max_num_queries(3 + STAMP_QUERY):
            assert client.get(f"{API}/documents/", {"q": "提案", "page_size": size}).status_code == 200
        with django_assert_max_num_queries(3 + STAMP_QUERY):
            assert client.get(f"{API}/sections/", {"q": "乡村振兴", "page_size": size}).status_code == 200
