"""Bounded exports (issue 15, item 1): refused before they start when too large to build, cut at a deadline when
streamed, the data package built once per archive version; an export's error is JSON labelled so."""
import fcntl
import io
import json
import zipfile

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from reports import datapackage, exports
from reports.models import Section, Statistic

from .helpers import API

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    """The messages in Chinese, as the site's users read them."""
    return APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")


def body(response):
    assert response.status_code == 200, getattr(response, "content", b"")[:300]
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def limit(archive, settings):
    """A row limit just below the number of sections."""
    settings.EXPORT_MAX_ROWS = Section.objects.count() - 1
    return settings.EXPORT_MAX_ROWS


@pytest.mark.parametrize("url", [f"{API}/sections/?format=xlsx", f"{API}/sections/export/?format=xlsx"])
def test_an_xlsx_above_the_limit_is_refused_with_a_pointer_to_the_streamed_formats(limit, client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    message = response.json()["format"][0]
    assert message == f"XLSX 文件最多 {limit} 行，所选超过此数。请缩小筛选范围，或导出 CSV（format=csv）或 NDJSON（format=ndjson），二者可流式导出任意行数。"
    # Counted first, and at most limit + 1 rows counted: no workbook is started.
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1 and f"LIMIT {limit + 1}" in counts[0]
    assert not any('"reports_section"."heading"' in q["sql"] and "COUNT(" not in q["sql"].upper() for q in queries.captured_queries)


def test_at_the_limit_the_xlsx_is_built(limit, client):
    response = client.get(f"{API}/sections/", {"format": "xlsx", "level": 1})
    assert response.status_code == 200 and body(response).startswith(b"PK")
    assert Section.objects.filter(level=1).count() <= limit


@pytest.mark.parametrize("fmt", ["csv", "ndjson"])
def test_streamed_formats_have_no_row_limit(limit, client, fmt):
    data = body(client.get(f"{API}/sections/", {"format": fmt}))
    assert data.count(b"\n") >= Section.objects.count()


def test_the_series_and_coverage_exports_are_bounded_too(archive, client, settings):
    settings.EXPORT_MAX_ROWS = 0
    for url in (f"{API}/statistics/series/?format=xlsx", f"{API}/coverage/?format=xlsx"):
        response = client.get(url)
        assert response.status_code == 400 and "format" in response.json(), url


def test_the_admin_action_says_so_instead_of_a_file(limit, client):
    admin = User.objects.create_superuser("admin", password="x")
    client.force_login(admin)
    ids = list(Section.objects.values_list("pk", flat=True))
    response = client.post("/admin/reports/section/", {"action": "export_xlsx", "_selected_action": ids}, follow=True)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "XLSX 文件最多" in response.content.decode()


@pytest.mark.parametrize("url, fmt", [
    (f"{API}/documents/export/?format=csv&review_year=abc", "csv"),
    (f"{API}/documents/?format=xlsx&kind=zzz", "xlsx"),
    (f"{API}/coverage/?format=ndjson&kind=zzz", "ndjson"),
    (f"{API}/statistics/series/?format=csv&metric=zzz", "csv"),
])
def test_an_export_with_a_bad_filter_is_a_json_400(archive, client, url, fmt):
    response = client.get(url)
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.json()


# EXPORT_DEADLINE below zero: the deadline has passed before the first row goes out.
@pytest.mark.parametrize("params", [{}, {"labels": "zh"}], ids=["copy-or-portable", "portable"])
def test_a_csv_past_its_deadline_ends_with_a_line_saying_it_is_incomplete(archive, client, settings, params):
    settings.EXPORT_DEADLINE = -1
    lines = body(client.get(f"{API}/sections/", {"format": "csv", **params})).decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[0].startswith(("id,", "编号,", "ID,"))
    assert lines[1] == "导出未完成：导出在 -1 秒后停止，以上只是所选的一部分。请缩小筛选范围后重新导出。"


def test_an_ndjson_past_its_deadline_ends_with_an_error_object(archive, client, settings):
    settings.EXPORT_DEADLINE = -1
    lines = body(client.get(f"{API}/statistics/", {"format": "ndjson"})).splitlines()
    assert [json.loads(line) for line in lines] == [
        {"error": "incomplete", "detail": "导出未完成：导出在 -1 秒后停止，以上只是所选的一部分。请缩小筛选范围后重新导出。"}
    ]


def test_within_its_deadline_a_stream_is_whole(archive, client):
    lines = body(client.get(f"{API}/statistics/", {"format": "ndjson"})).splitlines()
    assert len(lines) == Statistic.objects.count() and all("error" not in json.loads(line) for line in lines)


@pytest.fixture
def builds(monkeypatch):
    """Counts the data package builds."""
    calls = []
    real = datapackage.build_package

    def counting(target):
        calls.append(target)
        real(target)

    monkeypatch.setattr(datapackage, "build_package", counting)
    return calls


def _package(client):
    return zipfile.ZipFile(io.BytesIO(body(client.get(f"{API}/export/datapackage.zip"))))


def test_the_data_package_is_built_once_per_archive_version(archive, client, builds, settings):
    first = _package(client).read("statistics.csv")
    assert _package(client).read("statistics.csv") == first and len(builds) == 1
    assert [p.name for p in settings.EXPORT_CACHE_DIR.glob("datapackage-v*.zip")] == [builds[0].name.split(".")[0] + ".zip"]


@pytest.mark.django_db(transaction=True)  # the version stamp is bumped at commit on PostgreSQL
def test_a_change_to_the_archive_builds_it_again_and_drops_the_old_file(archive, client, builds, settings):
    _package(client)
    statistic = Statistic.objects.order_by("pk").first()
    Statistic.objects.filter(pk=statistic.pk).update(value=statistic.value + 1)
    rows = _package(client).read("statistics.csv").decode("utf-8-sig").splitlines()
    assert len(builds) == 2 and any(row.startswith(f"{statistic.pk},") and f",{statistic.value + 1}," in row for row in rows)
    assert len(list(settings.EXPORT_CACHE_DIR.glob("datapackage-v*.zip"))) == 1


def test_while_another_worker_builds_it_the_previous_file_or_503(archive, client, builds, settings, monkeypatch):
    directory = settings.EXPORT_CACHE_DIR
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "datapackage.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process building
        response = client.get(f"{API}/export/datapackage.zip")
        assert response.status_code == 503 and response["Retry-After"] == "60" and response.json()["error"] == "building"
        (directory / "datapackage-v1-0.zip").write_bytes(b"the previous version")
        assert body(client.get(f"{API}/export/datapackage.zip")) == b"the previous version"
    assert builds == []


def test_file_exports_count_against_the_stricter_exports_throttle(archive, client, monkeypatch):
    # A page of JSON is an ordinary read; a file costs an export (reports/api/throttles.py).
    from django.core.cache import cache

    from reports.api.throttles import ExportRateThrottle

    cache.clear()
    # DRF binds the rates to the class when it is imported.
    monkeypatch.setattr(ExportRateThrottle, "THROTTLE_RATES", {**ExportRateThrottle.THROTTLE_RATES, "exports": "2/hour"})
    statuses = [client.get(f"{API}/sections/export/?format=csv").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get(f"{API}/sections/?format=json").status_code == 200
    assert client.get(f"{API}/export/datapackage.zip").status_code == 429
    cache.clear()


def test_exports_run_under_the_export_statement_timeout(archive, client, monkeypatch):
    # The count and a workbook's build are inside the longer limit; a streamed body reads under it while it streams.
    entered = []
    real = exports.export_statement_timeout

    def recording(**kwargs):
        entered.append("limit")
        return real(**kwargs)

    monkeypatch.setattr(exports, "export_statement_timeout", recording)
    body(client.get(f"{API}/sections/export/?format=xlsx"))
    assert entered == ["limit"]
    response = client.get(f"{API}/sections/export/?format=csv")
    assert response.streaming and entered == ["limit", "limit"]
    body(response)
