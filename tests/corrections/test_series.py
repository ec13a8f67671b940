"""The series summary equals the live GROUP BY after every kind of write: ingest, corrections (admin and API),
deletions (admin and API), re-ingest of a changed printing, a rebuild; and the endpoint answers the same from both."""
import pytest
from django.core.management import call_command
from django.urls import reverse

from reports import series
from reports.ingest import ingest_path, ingest_text
from reports.models import Document, SeriesPoint, Statistic
from tests.conftest import SEED_FILES
from tests.corrections.conftest import form_data

API = "/api/v1/statistics/series/"
pytestmark = pytest.mark.django_db


def points(rows, columns):
    return sorted((series.as_point(row, columns) for row in rows), key=lambda p: (p["metric"], p["county"]["code"], p["year"] or 0))


def assert_summary_is_live():
    live = points(series.live_points(Statistic.objects.all()), series.LIVE_COLUMNS)
    assert live, "nothing to compare"
    assert points(series.summary_points(), series.SUMMARY_COLUMNS) == live
    return {(p["metric"], p["county"]["code"], p["year"]): p for p in live}


def api_points(client, **params):
    """Every page of the series for ``params``."""
    found, url, params = [], API, {"page_size": 500, **params}
    while url:
        page = client.get(url, params).json()
        found.extend(page["results"])
        url, params = page["next"], None
    return found


@pytest.fixture
def archive(gazetteer):
    for path in SEED_FILES:
        assert not ingest_path(path).failed
    return Document.objects.all()


@pytest.fixture
def changzi(gazetteer):
    """The editors' fixtures (tests/corrections/conftest.py) on the whole gazetteer: documents move between counties here."""


def test_ingest_fills_the_summary_and_both_sources_answer_alike(archive, client):
    summary = assert_summary_is_live()
    assert SeriesPoint.objects.count() == len(summary)
    # Metric and place filters read the summary; a value filter that keeps every statistic groups them live.
    assert api_points(client) == api_points(client, value_min=0)
    assert api_points(client, metric="opinion_reports", province="山西省") == api_points(client, metric="opinion_reports", province="山西省", value_min=0)
    assert {p["county"]["code"] for p in api_points(client, county="长子县")} == {"140428"}


def test_summary_page_is_one_query_after_validation(archive, client, django_assert_num_queries):
    # The version stamp (HTTP caching), the places read once for this archive version (the statistics' filters and
    # the summary's both resolve 山西省 from it; reports/api/filters.py place_index), and the page itself: the
    # statistics are not read.
    with django_assert_num_queries(3) as captured:
        assert client.get(API, {"metric": "opinion_reports", "province": "山西省"}).status_code == 200
    assert not any("reports_statistic" in q["sql"] for q in captured.captured_queries)


def test_dry_run_leaves_the_summary_as_it_was(archive):
    before = assert_summary_is_live()
    text = SEED_FILES[-1].read_text(encoding="utf-8").replace("412篇", "999篇")
    report, _plans = ingest_text(text, source_file=SEED_FILES[-1].name, dry_run=True)
    assert report.updated == 1
    assert assert_summary_is_live() == before


def test_admin_correction(archive, editor_client):
    row = Statistic.objects.get(metric="opinion_reports", value=412)
    url = reverse("admin:reports_statistic_change", args=[row.pk])
    data = form_data(editor_client.get(url)) | {"value": 9412, "reason": "对照原文更正"}
    assert editor_client.post(url, data).status_code == 302
    after = assert_summary_is_live()
    assert after[("opinion_reports", "140428", row.year or row.document.review_year)]["value"] == 9412


def test_admin_moves_a_document_to_another_county(archive, editor_client):
    doc = Document.objects.get(county_id="140428")
    url = reverse("admin:reports_document_change", args=[doc.pk])
    data = form_data(editor_client.get(url)) | {"county": "140429", "committee": "", "session": "", "reason": "对照原文更正"}
    assert editor_client.post(url, data).status_code == 302, "the correction was refused"
    after = assert_summary_is_live()
    assert {county for _metric, county, _year in after} >= {"140429"}
    assert "140428" not in {county for _metric, county, _year in after}


def test_api_correction(archive, api_editor):
    row = Statistic.objects.filter(year__isnull=False).order_by("pk").first()
    url = f"/api/v1/statistics/{row.pk}/"
    etag = api_editor.get(url)["ETag"]
    response = api_editor.patch(url, {"year": row.year - 3, "value": 77}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    after = assert_summary_is_live()
    assert after[(row.metric, row.document.county_id, row.year - 3)]["documents"] >= 1


def test_deletions(archive, editor_client, api_editor):
    # A statistic through the admin's delete page.
    row = Statistic.objects.get(metric="opinion_reports", value=412)
    assert editor_client.post(reverse("admin:reports_statistic_delete", args=[row.pk]), {"post": "yes"}).status_code == 302
    assert not Statistic.objects.filter(pk=row.pk).exists()
    assert ("opinion_reports", "140428", row.year or row.document.review_year) not in assert_summary_is_live()
    # A document through the API.
    doc = Document.objects.order_by("pk").first()
    url = f"/api/v1/documents/{doc.pk}/"
    assert api_editor.delete(url, HTTP_IF_MATCH=api_editor.get(url)["ETag"]).status_code == 204
    assert_summary_is_live()
    # Documents through the admin's bulk action.
    chosen = list(Document.objects.order_by("pk").values_list("pk", flat=True)[:2])
    response = editor_client.post(
        reverse("admin:reports_document_changelist"), {"action": "delete_selected", "_selected_action": chosen, "post": "yes"}
    )
    assert response.status_code == 302 and not Document.objects.filter(pk__in=chosen).exists()
    assert_summary_is_live()


def test_reingest_of_a_changed_printing(archive):
    text = SEED_FILES[-1].read_text(encoding="utf-8").replace("412篇", "413篇")
    report, _plans = ingest_text(text, source_file=SEED_FILES[-1].name)
    assert report.updated == 1
    after = assert_summary_is_live()
    assert any(p["metric"] == "opinion_reports" and p["value"] == 413 for p in after.values())


def test_rebuild_series_command(archive, capsys):
    before = assert_summary_is_live()
    SeriesPoint.objects.all().delete()
    call_command("rebuild_series")
    assert f"{len(before)} series points" in capsys.readouterr().out
    assert assert_summary_is_live() == before
