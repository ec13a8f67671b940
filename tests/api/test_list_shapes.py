"""List pages built from plain values equal DRF's serializer output, byte for byte of JSON, on every list."""
import pytest
from rest_framework import mixins
from rest_framework import serializers as drf_serializers

from reports.api import rows, serializers, views
from reports.models import Document

from .helpers import API, STAMP_QUERY

pytestmark = pytest.mark.django_db

PATHS = [
    "/provinces/", "/prefectures/?province=山西省", "/counties/?ordering=-name", "/counties/?page_size=2&ordering=name",
    "/committees.json", "/sessions/?ordering=-start_date", "/documents/", "/documents/?kind=proposal_work_report",
    "/documents/?ordering=-date&page_size=3", "/documents/?q=提案", "/documents/?q=乡村振兴", "/sections/",
    "/sections/?page_size=4&ordering=-position", "/sections/?q=提案&page_size=3&ordering=-level", "/statistics/",
    "/statistics/?ordering=-value&page_size=3", "/statistics/?metric=proposals_filed&value_min=100",
]


def _serializer_list(self, request, *args, **kwargs):
    return mixins.ListModelMixin.list(self, request, *args, **kwargs)


def _pages(client, path):
    """The page at ``path`` and the one its ``next`` link leads to (cursor and page-number alike)."""
    first = client.get(f"{API}{path}")
    assert first.status_code == 200, first.content
    body = first.json()
    pages = [body]
    if isinstance(body, dict) and body.get("next"):
        pages.append(client.get(body["next"]).json())
    return pages


@pytest.mark.parametrize("path", PATHS)
def test_plain_rows_equal_serializer_rows(archive, client, monkeypatch, path):
    plain = _pages(client, path)
    monkeypatch.setattr(views.PlainListMixin, "list", _serializer_list)
    assert _pages(client, path) == plain
    rows = plain[0]["results"] if isinstance(plain[0], dict) else plain[0]
    assert rows, "a comparison of empty pages proves nothing"


def test_every_list_has_a_shape():
    for name in dir(views):
        view = getattr(views, name)
        if isinstance(view, type) and issubclass(view, views.ExportMixin) and hasattr(view, "queryset"):
            assert issubclass(view, views.PlainListMixin) and view(action="list").list_shape.lookups, name


def test_a_column_added_to_the_serializer_is_in_the_list_shape():
    """The shape is read off the serializer: one declaration, nothing to add beside it."""

    class Wider(serializers.StatisticSerializer):
        province = serializers.PlaceRefSerializer(source="document.county.province", read_only=True)
        session_number = drf_serializers.IntegerField(source="document.session.number", read_only=True)

        class Meta(serializers.StatisticSerializer.Meta):
            fields = (*serializers.StatisticSerializer.Meta.fields, "province", "session_number", "rule")

    shape = rows.shape_of(Wider)
    assert shape.fields["province"] == {"code": "document__county__province_id", "name": "document__county__province__name"}
    assert shape.fields["session_number"] == "document__session__number" and shape.fields["rule"] == "rule"
    assert set(shape.fields) == set(Wider().fields)
    assert shape.url_name == "api:statistic-detail" and shape.fields["url"] == "id"


def test_document_list_leaves_text_in_the_database(archive, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"{API}/documents/?page_size=100").status_code == 200
    page_sql = ctx.captured_queries[-1]["sql"]
    assert "raw_text" not in page_sql and "search_text" not in page_sql
    assert Document.objects.count() <= 100 and len(ctx.captured_queries) <= 2 + STAMP_QUERY
