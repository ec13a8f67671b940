"""The filter forms' shared fields (reports/api/filters.py ``_SharedFields``) and the place index by archive version."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from reports.api import filters

pytestmark = pytest.mark.django_db

FILTER_SETS = [filters.DocumentFilter, filters.SectionFilter, filters.StatisticFilter, filters.CountyFilter]


def field_state(filterset_class):
    """Every shared field's and widget's attributes, by identity and value: a change in place or a swap shows."""
    form_class = filterset_class(data={}).get_form_class()
    with translation.override("en"):  # lazy messages render in one language, whatever the last request activated
        return {
            name: (id(field), repr(sorted(vars(field).items())), id(field.widget), repr(sorted(vars(field.widget).items())))
            for name, field in form_class.base_fields.items()
        }


def test_forms_share_their_fields_and_requests_leave_them_unchanged(client, archive):
    before = {cls: field_state(cls) for cls in FILTER_SETS}
    form_a = filters.DocumentFilter(data={"county": "绛县"}).form
    form_b = filters.DocumentFilter(data={"county": "x"}).form
    assert form_a.fields["county"] is form_b.fields["county"]  # shared, not deep-copied
    for url in (
        "/api/v1/documents/?county=绛县&review_year=2010",
        "/api/v1/documents/?county=no-such-place",  # a 400 with close matches
        "/api/v1/documents/?kind=resolution,speech&date_min=2011-01-01",
        "/api/v1/documents/?kind=nonsense",
        "/api/v1/sections/?q=提案&county=140826",
        "/api/v1/statistics/?metric=proposals_received&value_min=10&province=140000",
        "/api/v1/statistics/?value_min=abc",
        "/api/v1/counties/?province=14",
    ):
        client.get(url, HTTP_ACCEPT="application/json")
        client.get(url, HTTP_ACCEPT="text/html")  # the browsable API renders the filter form
    assert {cls: field_state(cls) for cls in FILTER_SETS} == before


def test_place_filter_reads_the_places_once_per_archive_version(client, archive):
    url = "/api/v1/documents/?county=绛县"
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        first = client.get(url)
    assert not [q for q in warm.captured_queries if "reports_county" in q["sql"] and "WHERE" in q["sql"] and "code" in q["sql"] and "name" in q["sql"] and "slug" in q["sql"]]
    assert first.status_code == 200 and first.json()["results"]


def test_a_place_added_later_is_found_after_the_version_changes(client, archive):
    from reports import archive_version
    from reports.models import County

    assert client.get("/api/v1/documents/?county=新县名").status_code == 400
    jiang = County.objects.get(name="绛县")
    County.objects.create(code="149999", name="新县名", slug="xin-xian-ming", kind="县", province=jiang.province, prefecture=jiang.prefecture)
    with connection.cursor() as cursor:  # what the commit's trigger does (the test's transaction never commits)
        cursor.execute(f"UPDATE {archive_version.STAMP_TABLE} SET version = version + 1 WHERE id = 1")
    assert client.get("/api/v1/documents/?county=新县名").status_code == 200


def test_same_codes_with_and_without_the_index(archive):
    from reports import archive_version
    from reports.models import County

    jiang = County.objects.get(name="绛县")
    County.objects.create(code="140999", name="灵石县", slug="ling-shi-xian-2", kind="县", province=jiang.province, prefecture=jiang.prefecture)
    field = filters.PlaceField(place_model=County)
    values = ["绛县", "140923", "jiang-xian", "灵石县"]  # 灵石县 now names two counties
    plain = field.clean(values)
    with archive_version.of_this_request(archive_version.current()[0]):
        indexed = field.clean(values)
    assert sorted(plain) == sorted(indexed) and len(indexed) > 3
