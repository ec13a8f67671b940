"""Each database constraint rejects a bad row at the database, not only in forms."""
import datetime

import pytest
from django.db import IntegrityError, transaction
from django.apps import apps

from reports.models import Committee, County, Deletion, Document, Finding, Prefecture, Province, Section, SeriesPoint, Session, Statistic

pytestmark = pytest.mark.django_db

CHECKSUM = "a" * 64


@pytest.fixture
def place(db):
    province = Province.objects.create(code="140000", name="山西省", slug="shan-xi-sheng")
    prefecture = Prefecture.objects.create(code="140800", name="运城市", slug="yun-cheng-shi", province=province)
    return County.objects.create(code="140826", name="绛县", kind="县", slug="jiang-xian", prefecture=prefecture, province=province)


@pytest.fixture
def document(place):
    committee = Committee.objects.create(county=place, term=14)
    session = Session.objects.create(committee=committee, number=4)
    return Document.objects.create(
        kind="resolution", title="决议", county=place, committee=committee, session=session,
        source_file="x.txt", raw_text="共征集提案236件", checksum=CHECKSUM,
    )


def bad_province(place):
    Province.objects.create(code="14", name="坏", slug="x")


def bad_prefecture(place):
    Prefecture.objects.create(code="abc", name="坏", slug="x", province=place.province)


def bad_county(place):
    County.objects.create(code="14082x", name="坏", kind="县", slug="x", prefecture=place.prefecture, province=place.province)


def duplicate_committee(place):
    Committee.objects.create(county=place, term=3)
    Committee.objects.create(county=place, term=3)


def committee_term(place):
    Committee.objects.create(county=place, term=0)


def committee_start_year(place):
    Committee.objects.create(county=place, term=1, start_year=1800)


def committee_end_year(place):
    Committee.objects.create(county=place, term=1, end_year=2200)


def committee_end_before_start(place):
    Committee.objects.create(county=place, term=1, start_year=2020, end_year=2010)


def duplicate_session(place):
    committee = Committee.objects.create(county=place, term=2)
    Session.objects.create(committee=committee, number=1)
    Session.objects.create(committee=committee, number=1)


def session_number(place):
    Session.objects.create(committee=Committee.objects.create(county=place, term=2), number=0)


def session_end_before_start(place):
    Session.objects.create(
        committee=Committee.objects.create(county=place, term=2), number=1,
        start_date=datetime.date(2024, 2, 20), end_date=datetime.date(2024, 2, 18),
    )


def new_document(place, **overrides):
    values = dict(kind="resolution", title="决议", county=place, source_file="y.txt", raw_text="正文", checksum="b" * 64)
    values.update(overrides)
    return Document.objects.create(**values)


def duplicate_document(place):
    new_document(place)
    new_document(place)


def document_review_year(place):
    new_document(place, review_year=1900)


def document_plan_year(place):
    new_document(place, plan_year=2101)


def document_date(place):
    new_document(place, date=datetime.date(1, 1, 1))


def session_start_date(place):
    Session.objects.create(committee=Committee.objects.create(county=place, term=2), number=1, start_date=datetime.date(1800, 1, 1))


def session_end_date(place):
    Session.objects.create(committee=Committee.objects.create(county=place, term=2), number=1, end_date=datetime.date(2200, 1, 1))


def statistic_too_large(place):
    new_statistic(new_document(place), value=10**12)


def document_kind(place):
    new_document(place, kind="novel")


def document_review_status(place):
    new_document(place, review_status="approved")


def document_checksum(place):
    new_document(place, checksum="not-a-sha")


def new_section(doc, **overrides):
    values = dict(document=doc, position=0, level=1, heading="一")
    values.update(overrides)
    return Section.objects.create(**values)


def duplicate_section(place):
    doc = new_document(place)
    new_section(doc)
    new_section(doc)


def section_level(place):
    new_section(new_document(place), level=0)


def section_part(place):
    new_section(new_document(place), part="middle")


def section_offsets(place):
    new_section(new_document(place), start=10, end=5)


def new_statistic(doc, **overrides):
    values = dict(document=doc, metric="proposals_received", value=236, unit="件", quote="共征集提案236件", start=0, end=9)
    values.update(overrides)
    return Statistic.objects.create(**values)


def duplicate_statistic(place):
    doc = new_document(place)
    new_statistic(doc)
    new_statistic(doc)


def duplicate_series_point(place):
    point = {"metric": "proposals_filed", "county": place, "year": 2023, "value": 1, "min": 1, "count": 1, "documents": 1}
    SeriesPoint.objects.create(**point)
    SeriesPoint.objects.create(**point)


def statistic_negative(place):
    new_statistic(new_document(place), value=-1)


def statistic_metric(place):
    new_statistic(new_document(place), metric="happiness")


def statistic_qualifier(place):
    new_statistic(new_document(place), qualifier="roughly")


def statistic_year(place):
    new_statistic(new_document(place), year=1800)


def statistic_quote_length(place):
    new_statistic(new_document(place), end=20)


def statistic_offsets(place):
    new_statistic(new_document(place), start=5, end=5, quote="")


def deletion_kind(place):
    Deletion.objects.create(document=new_document(place), kind="document", key="[]", words="整个文件")


def deletion_twice(place):
    document = new_document(place)
    for _ in range(2):
        Deletion.objects.create(document=document, kind="statistic", key='["other", "30余名"]', words="30余名")


def finding_severity(place):
    Finding.objects.create(document=new_document(place), code="filed_exceeds_received", severity=4, message="立案数多于收到的提案数")


CASES = {
    "reports_province_code_six_digits": bad_province,
    "reports_prefecture_code_six_digits": bad_prefecture,
    "reports_county_code_six_digits": bad_county,
    "reports_committee_unique_county_term": duplicate_committee,
    "reports_committee_term_range": committee_term,
    "reports_committee_start_year_range": committee_start_year,
    "reports_committee_end_year_range": committee_end_year,
    "reports_committee_end_after_start": committee_end_before_start,
    "reports_session_unique_committee_number": duplicate_session,
    "reports_session_number_range": session_number,
    "reports_session_end_after_start": session_end_before_start,
    "reports_document_unique_county_kind_checksum": duplicate_document,
    "reports_document_review_year_range": document_review_year,
    "reports_document_plan_year_range": document_plan_year,
    "reports_document_kind_valid": document_kind,
    "reports_document_review_status_valid": document_review_status,
    "reports_document_checksum_sha256": document_checksum,
    "reports_section_unique_document_position": duplicate_section,
    "reports_section_level_range": section_level,
    "reports_section_part_valid": section_part,
    "reports_section_offsets_ordered": section_offsets,
    "reports_statistic_unique_document_metric_start": duplicate_statistic,
    "reports_statistic_value_non_negative": statistic_negative,
    "reports_statistic_value_plausible": statistic_too_large,
    "reports_document_date_range": document_date,
    "reports_session_start_date_range": session_start_date,
    "reports_session_end_date_range": session_end_date,
    "reports_statistic_metric_valid": statistic_metric,
    "reports_statistic_qualifier_valid": statistic_qualifier,
    "reports_statistic_year_range": statistic_year,
    "reports_statistic_quote_matches_offsets": statistic_quote_length,
    "reports_statistic_offsets_ordered": statistic_offsets,
    "reports_finding_severity_range": finding_severity,
    "reports_seriespoint_unique_metric_county_year": duplicate_series_point,
    "reports_deletion_kind_valid": deletion_kind,
    "reports_deletion_unique_document_kind_key": deletion_twice,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_constraint_rejects_bad_row(place, name):
    with pytest.raises(IntegrityError), transaction.atomic():
        CASES[name](place)


def test_good_rows_pass(document):
    statistic = new_statistic(document)
    assert statistic.document.raw_text[statistic.start : statistic.end] == statistic.quote


def test_every_constraint_has_a_test():
    names = {
        constraint.name % {"app_label": "reports", "class": model.__name__.lower()}
        for model in apps.get_app_config("reports").get_models()
        for constraint in model._meta.constraints
    }
    assert names == set(CASES)
