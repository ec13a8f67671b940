"""400, never 500, for bad input: every filter of every list, every path segment, every cursor (issue 15, item 4).

The filters are read from the FilterSets the API's routes declare, so a filter
added later is fed the same values; run on SQLite and PostgreSQL (PostgreSQL
refuses NUL in text, SQLite does not care: the 500s differed by database).
Writable fields are covered the same way in tests/api/test_writes.py.
"""
import pytest
from django.test import Client

from reports.api.pagination import encode_cursor
from reports.api.urls import router
from reports.control_characters import CONTROL_CHARACTERS
from tests.api.helpers import API

pytestmark = pytest.mark.django_db

# Control characters, out-of-range numbers and dates, malformed text: what a prober sends.
CONTROL = ["\x00", "a\x00b", "\x01", "\x1f", "\x7f", "\x85"]
MALFORMED = ["", " ", "-1", "0", "1800", "99999999999999999999", "1e400", "abc", "0001-01-01", "9999-12-31", "2024-02-30", "'", "%", "true,false"]

LISTS = [(prefix, viewset) for prefix, viewset, _basename in router.registry]
FILTERS = [(prefix, name) for prefix, viewset in LISTS for name in viewset.filterset_class.base_filters]
# /statistics/series/ and /coverage/ take a list's filters too.
EXTRA_ENDPOINTS = {"statistics": "statistics/series/", "documents": "coverage/"}


def test_every_list_has_its_filters_fed():
    assert len(LISTS) == 8 and len(FILTERS) > 50
    assert {"q", "county", "session", "value_min", "date_after"} <= {name for _prefix, name in FILTERS}


def _no_server_error(client, url, params):
    response = client.get(url, params)
    assert response.status_code < 500, (url, params, response.status_code, response.content[:200])
    return response


@pytest.mark.parametrize("prefix, name", FILTERS, ids=[f"{p}.{n}" for p, n in FILTERS])
def test_every_filter_answers_bad_values_without_a_server_error(archive, prefix, name):
    client = Client(raise_request_exception=False)
    urls = [f"{API}/{prefix}/", f"{API}/{prefix}/export/"] + ([f"{API}/{EXTRA_ENDPOINTS[prefix]}"] if prefix in EXTRA_ENDPOINTS else [])
    for url in urls:
        for value in MALFORMED:
            response = _no_server_error(client, url, {name: value})
            if response.status_code == 400:
                assert response["Content-Type"] == "application/json", (url, name, value)
        for value in CONTROL:
            response = _no_server_error(client, url, {name: value})
            assert response.status_code == 400 and response["Content-Type"] == "application/json"
            assert response.json()["detail"] == CONTROL_CHARACTERS % {"where": name}


@pytest.mark.parametrize("prefix", [p for p, _v in LISTS])
def test_path_segments_with_control_characters_or_nonsense_are_not_server_errors(archive, prefix):
    client = Client(raise_request_exception=False)
    for segment in ("%00", "a%00b", "%01", "%7F"):
        response = client.get(f"{API}/{prefix}/{segment}/")
        assert response.status_code == 400, (prefix, segment, response.status_code)
        assert response.json()["detail"] == CONTROL_CHARACTERS % {"where": "path"}
    for segment in ("abc", "-1", "0", "99999999999999999999", "1e400", "%E4%B8%AD", "%FF"):
        response = client.get(f"{API}/{prefix}/{segment}/")
        assert response.status_code in (400, 404), (prefix, segment, response.status_code)


def test_control_characters_are_refused_outside_the_api_too(seed_archive):
    client = Client(raise_request_exception=False)
    for url in ("/search/?q=%00", "/counties/%00/", "/admin/reports/document/?q=%00", "/compare/?metric=%01"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.content.decode().startswith("路径和查询参数不能包含控制字符")


def test_an_unknown_parameter_name_with_a_control_character_is_400(archive):
    response = Client().get(f"{API}/documents/", {"a\x00": "1"})
    assert response.status_code == 400 and response.json()["detail"] == CONTROL_CHARACTERS % {"where": "a?"}


def test_tab_and_newline_in_a_search_are_not_control_characters(archive):
    assert Client().get(f"{API}/documents/", {"q": "提案\t工作\n报告"}).status_code == 200


# Signed cursors whose position does not fit the ordering's columns: only someone holding the
# secret key can make them, but the answer must still be 400, not the database's error.
FORGED = [
    ("statistics", "", "id", ["abc"]), ("statistics", "", "id", [[1]]), ("statistics", "", "id", [{"a": 1}]),
    ("statistics", "", "id", [True]), ("statistics", "", "id", [10**30]), ("statistics", "-value", "-value,id", ["1e400", 3]),
    ("documents", "-date", "-date,id", ["notadate", 1]), ("documents", "-date", "-date,id", ["2024-01-01", "x"]),
    ("sections", "level", "level,id", ["\x00", 1]),
]


@pytest.mark.parametrize("prefix, ordering, signature, position", FORGED)
def test_a_cursor_whose_position_does_not_fit_its_columns_is_400(archive, prefix, ordering, signature, position):
    params = {"cursor": encode_cursor(signature, position)} | ({"ordering": ordering} if ordering else {})
    response = Client(raise_request_exception=False).get(f"{API}/{prefix}/", params)
    assert response.status_code == 400 and "cursor" in response.json(), response.content[:200]


@pytest.mark.parametrize("cursor", ["abc", "cD1hYmM=", "eyJvIjoiaWQifQ:forged", ":", "a" * 5000])
def test_a_malformed_or_unsigned_cursor_is_400(archive, cursor):
    response = Client().get(f"{API}/statistics/", {"cursor": cursor})
    assert response.status_code == 400 and "cursor" in response.json()


def test_a_good_cursor_still_pages(archive):
    first = Client().get(f"{API}/statistics/", {"page_size": 2}).json()
    second = Client().get(first["next"]).json()
    assert second["results"] and second["results"][0]["id"] > first["results"][-1]["id"]
