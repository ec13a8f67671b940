"""The list contract a front-end relies on: one paging style, exact walks under every ordering, strict parameters.

Runs on both databases (CI runs the suite on PostgreSQL and on SQLite), so the
NULL placement and the walks are checked on each.
"""
import json

import pytest
from django.core import signing

from reports.api import filters as api_filters
from reports.api import views
from reports.api.pagination import CURSOR_SALT
from reports.models import Document, Statistic

from .helpers import API

pytestmark = pytest.mark.django_db

VIEWSETS = {
    "provinces": views.ProvinceViewSet, "prefectures": views.PrefectureViewSet, "counties": views.CountyViewSet,
    "committees": views.CommitteeViewSet, "sessions": views.SessionViewSet, "documents": views.DocumentViewSet,
    "sections": views.SectionViewSet, "statistics": views.StatisticViewSet,
}
WALKS = [(resource, None) for resource in VIEWSETS] + [
    (resource, f"{sign}{name}") for resource, viewset in VIEWSETS.items() for name in viewset.ordering_fields for sign in ("", "-")
]


def walk(client, url, params, link="next"):
    """Pages of a list following ``link``; checks each page's shape on the way."""
    pages = []
    response = client.get(url, params)
    while True:
        assert response.status_code == 200, response.content[:300]
        page = response.json()
        assert set(page) >= {"next", "previous", "has_more", "results"} and page["has_more"] == (page["next"] is not None)
        pages.append(page)
        if not page[link]:
            return pages
        response = client.get(page[link])


def key_of(resource):
    return "code" if resource in ("provinces", "prefectures", "counties") else "id"


def add_nulls_and_ties():
    """Rows that make an ordering hard: equal values and NULLs in the ordered columns."""
    for doc in Document.objects.all()[:3]:
        doc.date, doc.review_year = None, None
        doc.save(update_fields=["date", "review_year"])
    Statistic.objects.filter(metric__startswith="proposals").update(year=None, value=10)


@pytest.mark.parametrize("resource, ordering", WALKS, ids=[f"{r}-{o or 'default'}" for r, o in WALKS])
def test_every_list_walks_every_row_exactly_once_under_every_ordering(archive, client, resource, ordering):
    add_nulls_and_ties()
    key = key_of(resource)
    everything = VIEWSETS[resource].queryset.model.objects.values_list("pk", flat=True)
    params = {"page_size": max(1, len(everything) // 4), **({"ordering": ordering} if ordering else {})}
    pages = walk(client, f"{API}/{resource}/", params)
    forward = [row[key] for page in pages for row in page["results"]]
    assert sorted(map(str, forward)) == sorted(map(str, everything)) and len(pages) > 1
    # Back from the last page by the previous links: the same rows in the same order.
    back = walk(client, pages[-1]["previous"], None, link="previous")
    assert [row[key] for page in reversed(back) for row in page["results"]] + [r[key] for r in pages[-1]["results"]] == forward


def test_nulls_sort_last_either_way_on_every_database(archive, client):
    add_nulls_and_ties()
    for ordering in ("review_year", "-review_year", "date", "-date"):
        rows = [r for page in walk(client, f"{API}/documents/", {"ordering": ordering, "page_size": 2}) for r in page["results"]]
        column = [r[ordering.lstrip("-")] for r in rows]
        present = [v for v in column if v is not None]
        assert column == present + [None] * (len(column) - len(present)), ordering
        assert present == sorted(present, reverse=ordering.startswith("-"))
        nulls = [r["id"] for r in rows if r[ordering.lstrip("-")] is None]
        assert nulls == sorted(nulls), "ties broken by id"


def test_ordering_is_honoured_with_a_search(archive, client):
    ranked = [r["id"] for r in walk(client, f"{API}/documents/", {"q": "提案"})[0]["results"]]
    by_date = walk(client, f"{API}/documents/", {"q": "提案", "ordering": "-date"})[0]["results"]
    assert sorted(r["id"] for r in by_date) == sorted(ranked) and len(ranked) > 1
    assert [r["date"] for r in by_date] == sorted((r["date"] for r in by_date), reverse=True)
    rows = [r for page in walk(client, f"{API}/sections/", {"q": "乡村振兴", "ordering": "level", "page_size": 1}) for r in page["results"]]
    assert [r["level"] for r in rows] == sorted(r["level"] for r in rows) and len({r["id"] for r in rows}) == len(rows) > 1


def test_a_tampered_or_replayed_cursor_is_400(archive, client):
    page = client.get(f"{API}/statistics/", {"page_size": 2, "ordering": "year"}).json()
    cursor = page["next"].split("cursor=")[1].split("&")[0]
    for bad in (cursor[:-2] + "xx", "garbage", signing.Signer(salt=CURSOR_SALT).sign_object({"o": "year,id", "d": "n"}), "", "%00"):
        response = client.get(f"{API}/statistics/", {"page_size": 2, "ordering": "year", "cursor": bad})
        assert response.status_code in (400, 200) and (bad == "" or response.status_code == 400), bad
    forged = signing.Signer(salt="another-salt").sign_object({"o": "year,id", "d": "n", "v": ["2023 OR 1=1", 1]})
    assert client.get(f"{API}/statistics/", {"ordering": "year", "cursor": forged}).status_code == 400
    other = client.get(f"{API}/statistics/", {"page_size": 2, "ordering": "-value", "cursor": cursor})
    assert other.status_code == 400 and "cursor" in other.json()


MULTI_VALUE = [
    (resource, name, flt)
    for resource, viewset in VIEWSETS.items()
    for name, flt in viewset.filterset_class.base_filters.items()
    if isinstance(flt, api_filters.filters.MultipleChoiceFilter)
]


@pytest.mark.parametrize("resource, name, flt", MULTI_VALUE, ids=[f"{r}-{n}" for r, n, _f in MULTI_VALUE])
def test_multi_value_filters_take_repeated_and_comma_separated_values_alike(archive, client, resource, name, flt):
    assert isinstance(flt.extra.get("widget"), type) and issubclass(flt.extra["widget"], api_filters.CommaSeparatedMultiple) or isinstance(flt, api_filters.PlaceFilter)
    if isinstance(flt, api_filters.PlaceFilter):
        model = VIEWSETS[resource].queryset.model
        for part in flt.field_name.split("__"):
            model = model._meta.get_field(part).related_model
        values = list(model.objects.order_by("code").values_list("name", flat=True)[:2])
    else:
        values = [value for value, _label in flt.extra["choices"]][:2]
    key = key_of(resource)

    def ids(params):
        return sorted(str(r[key]) for page in walk(client, f"{API}/{resource}/", params) for r in page["results"])

    repeated = ids({name: values})
    assert repeated == ids({name: ",".join(values)}) == ids({name: [values[0], ",".join(values[1:])]})
    assert set(ids({name: values[0]})) <= set(repeated)


def test_an_unknown_place_is_400_naming_it_with_close_matches(archive, client):
    response = client.get(f"{API}/documents/", {"county": "灵石,绛县"})
    assert response.status_code == 400
    [message] = response.json()["county"]
    assert "灵石" in message and "灵石县" in message and "绛县" not in message.replace("灵石", "")
    for params in ({"county": "999999"}, {"county": "100%"}, {"province": "山西"}, {"county": ["绛县", "不存在县"]}, {"prefecture": "yun-cheng"}):
        response = client.get(f"{API}/statistics/", params)
        assert response.status_code == 400 and set(response.json()) == set(params), params
    assert "山西省" in client.get(f"{API}/counties/", {"province": "山西"}).json()["province"][0]
    assert "yun-cheng-shi" in client.get(f"{API}/counties/", {"prefecture": "yun-cheng"}).json()["prefecture"][0]


def test_an_unknown_county_suggests_the_gazetteer_name(gazetteer, client):
    [message] = client.get(f"{API}/documents/", {"county": "长子"}).json()["county"]
    assert "长子县" in message


def test_unknown_query_parameters_are_400_listing_the_allowed_ones(archive, client):
    response = client.get(f"{API}/statistics/", {"metrc": "proposals_filed", "format": "csv"})
    assert response.status_code == 400
    body = json.loads(response.content)
    assert body["unknown"] == ["metrc"] and "metric" in body["allowed"] and "metrc" in body["detail"]
    assert client.get(f"{API}/statistics/", {"metrc": "proposals_filed", "strict": "false"}).status_code == 200
    assert client.get(f"{API}/documents/", {"page": 2}).status_code == 400
    assert client.get(f"{API}/statistics/series/", {"metrc": "x"}).status_code == 400
    for resource, viewset in VIEWSETS.items():
        params = {name: "" for name in viewset.filterset_class.base_filters}
        assert client.get(f"{API}/{resource}/", params).status_code == 200, resource


def test_contract_errors_speak_chinese_to_a_chinese_client(archive):
    from rest_framework.test import APIClient

    zh = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
    [message] = zh.get(f"{API}/documents/", {"county": "灵石"}).json()["county"]
    assert message.startswith("未知的") and "您是否要找：灵石县" in message
    assert "未知的查询参数：metrc" in zh.get(f"{API}/statistics/", {"metrc": "x"}).json()["detail"]
    assert "游标无效" in zh.get(f"{API}/statistics/", {"cursor": "x"}).json()["cursor"][0]
