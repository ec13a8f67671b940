"""Findings: computed at ingestion and after every edit, listed on the document, filterable in the API and the admin."""
import pytest
from django.urls import reverse

from reports import findings, services
from reports.models import Document, Finding, Statistic

pytestmark = pytest.mark.django_db


def codes(document):
    return sorted(Finding.objects.filter(document=document).values_list("code", flat=True))


def test_every_check_has_a_severity_and_a_chinese_message():
    for code, check in findings.CHECKS.items():
        assert check.severity in (1, 2, 3) and any("\u4e00" <= c <= "\u9fff" for c in check.message), code


def test_numbers_in_a_quote_are_read_as_the_parser_reads_them():
    assert findings.numbers_in("全年共收集社情民意信息412篇") == {412}
    assert findings.numbers_in("上报市政协一百零八篇、省政协32篇") == {108, 32}


def test_an_edit_that_contradicts_the_quote_and_the_totals_is_found_and_fixing_it_clears_it(document, api_editor):
    assert codes(document) == []  # the seed as parsed is consistent
    city = Statistic.objects.get(metric="opinion_reports_to_city")
    services.statistic_correct(statistic=city, data={"value": 1000}, reason="试错")
    assert codes(document) == ["opinion_sent_up_exceeds_collected", "value_contradicts_quote"]
    sent_up = Finding.objects.get(code="opinion_sent_up_exceeds_collected")
    assert city in sent_up.statistics.all() and Statistic.objects.get(metric="opinion_reports") in sent_up.statistics.all()
    assert "1000" in Finding.objects.get(code="value_contradicts_quote").message

    # The API: on the document, and as filters on documents and statistics.
    detail = api_editor.get(f"/api/v1/documents/{document.pk}/").json()
    assert [(f["code"], f["severity"]) for f in detail["findings"]] == [("opinion_sent_up_exceeds_collected", 3), ("value_contradicts_quote", 3)]
    assert [d["id"] for d in api_editor.get("/api/v1/documents/", {"has_findings": "true"}).json()["results"]] == [document.pk]
    assert api_editor.get("/api/v1/documents/", {"has_findings": "false"}).json()["results"] == []
    rows = api_editor.get("/api/v1/statistics/", {"finding": "value_contradicts_quote"}).json()["results"]
    assert [r["id"] for r in rows] == [city.pk]
    assert api_editor.get("/api/v1/statistics/", {"finding": "no_such_code"}).status_code == 400
    assert api_editor.get("/api/v1/documents/", {"has_findings": "maybe"}).status_code == 400

    services.statistic_correct(statistic=city, data={"value": Statistic.objects.get(pk=city.pk).history.earliest().value})
    assert codes(document) == []


def test_the_admin_lists_findings_and_the_review_queue(document, editor_client):
    services.statistic_correct(statistic=Statistic.objects.get(metric="opinion_reports_to_city"), data={"value": 1000})
    changelist = reverse("admin:reports_document_changelist")
    assert editor_client.get(changelist, {"finding": "value_contradicts_quote"}).context["cl"].result_count == 1
    assert editor_client.get(changelist, {"finding": "none"}).context["cl"].result_count == 0
    page = editor_client.get(reverse("admin:reports_document_change", args=[document.pk])).content.decode()
    assert "value_contradicts_quote" in page and "与引文" in page
    queue = editor_client.get(reverse("admin:reports_finding_changelist"))
    assert queue.status_code == 200 and [f.severity for f in queue.context["cl"].result_list] == [3, 3]


def test_ingestion_computes_findings_for_a_county_series(changzi, seed_text):
    from reports.ingest import ingest_text

    ingest_text(seed_text, source_file="a.txt")
    # A second printing that disagrees on one figure: the same county, year and metric with two values.
    ingest_text(seed_text.replace("412篇", "421篇"), source_file="b.txt")
    assert Document.objects.count() == 2
    # Found on both sides: the document loaded first is recomputed when the second one arrives.
    found = Finding.objects.filter(code="values_differ_across_documents").order_by("document__source_file")
    assert [f.document.source_file for f in found] == ["a.txt", "b.txt"]
    for finding in found:
        assert "412" in finding.message and "421" in finding.message
        assert sorted(finding.statistics.values_list("value", flat=True)) == [412, 421]


def test_an_edit_recomputes_the_cross_document_findings_of_the_other_document(changzi, seed_text):
    from reports.ingest import ingest_text

    ingest_text(seed_text, source_file="a.txt")
    ingest_text(seed_text.replace("412篇", "421篇"), source_file="b.txt")
    differ = Finding.objects.filter(code="values_differ_across_documents")
    assert differ.count() == 2
    # The editor reads the second printing as a misprint and corrects it to agree with the first.
    wrong = Statistic.objects.get(document__source_file="b.txt", value=421)
    services.statistic_correct(statistic=wrong, data={"value": 412})
    assert not differ.exists()  # gone from a.txt too, which was not edited
    # A new disagreement is found on both sides again; deleting the row clears both.
    services.statistic_correct(statistic=wrong, data={"value": 430})
    assert sorted(differ.values_list("document__source_file", flat=True)) == ["a.txt", "b.txt"]
    services.row_delete(instance=wrong)
    assert not differ.exists()
