"""API writes: every writable field refuses out-of-range values with 400 (never 500), and the evidence cannot move.

The bad values are derived from each serializer's writable fields and the
bounds they carry (the model's validators, declared with its check
constraints), so a field added later is fed bad values too.
"""
import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from rest_framework import serializers as drf
from rest_framework.test import APIClient

from reports import services
from reports.api import serializers
from reports.models import Committee, Document, Section, Session, Statistic
from reports.roles import create_roles
from tests.api.helpers import API

pytestmark = pytest.mark.django_db

RESOURCES = {
    "documents": (Document, serializers.DocumentDetailSerializer),
    "sections": (Section, serializers.SectionSerializer),
    "statistics": (Statistic, serializers.StatisticSerializer),
}


@pytest.fixture
def editor_api(archive):
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(create_roles()[0])
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(user)
    return api


def bad_values(field):
    """Values a field must refuse, from its type and its declared bounds."""
    if isinstance(field, drf.BooleanField):
        return ["maybe"]
    if isinstance(field, drf.ChoiceField):
        return ["no_such_choice", ""] if not field.allow_blank else ["no_such_choice"]
    if isinstance(field, drf.IntegerField):
        values = ["twelve", 1.5]
        if field.min_value is not None:
            values.append(field.min_value - 1)
        if field.max_value is not None:
            values.append(field.max_value + 1)
        return values
    if isinstance(field, drf.DateField):
        return ["0001-01-01", "9999-12-31", "2024-02-30", "yesterday"]
    if isinstance(field, drf.CharField):
        return ["x" * (field.max_length + 1)] if field.max_length else []
    if isinstance(field, drf.PrimaryKeyRelatedField):
        return [10**9, "x"]
    raise AssertionError(f"no bad values for {field!r}: add them here")


def writable(serializer_class):
    return {name: f for name, f in serializer_class().fields.items() if not f.read_only}


CASES = [(resource, name, value) for resource, (_m, s) in RESOURCES.items() for name, f in writable(s).items() for value in bad_values(f)]


def test_every_writable_field_has_bounds_where_the_model_has_a_constraint():
    fields = writable(serializers.StatisticSerializer)
    assert (fields["value"].min_value, fields["value"].max_value) == (0, 10**12 - 1)
    assert (fields["year"].min_value, fields["year"].max_value) == (1949, 2100)
    assert (writable(serializers.SectionSerializer)["level"].min_value, writable(serializers.SectionSerializer)["level"].max_value) == (1, 9)
    document = writable(serializers.DocumentDetailSerializer)
    assert (document["review_year"].min_value, document["plan_year"].max_value) == (1949, 2100)
    assert len(CASES) > 30


@pytest.mark.parametrize("resource, name, value", CASES, ids=[f"{r}.{n}={v!r}"[:60] for r, n, v in CASES])
def test_bad_value_is_400_and_writes_nothing(editor_api, resource, name, value):
    model, _serializer = RESOURCES[resource]
    row = model.objects.order_by("pk").first()
    url = f"{API}/{resource}/{row.pk}/"
    before = model.objects.filter(pk=row.pk).values().get()
    response = editor_api.patch(url, {name: value}, format="json", HTTP_IF_MATCH=editor_api.get(url)["ETag"])
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert name in response.json()
    assert model.objects.filter(pk=row.pk).values().get() == before


def test_a_statistic_cannot_move_to_another_document_or_change_its_quote(editor_api):
    stat = Statistic.objects.order_by("pk").first()
    other = Document.objects.exclude(pk=stat.document_id).first()
    url = f"{API}/statistics/{stat.pk}/"
    body = {"document": other.pk, "quote": "伪造的引文", "start": 0, "end": 5, "value": stat.value + 1}
    response = editor_api.patch(url, body, format="json", HTTP_IF_MATCH=editor_api.get(url)["ETag"])
    assert response.status_code == 200
    moved = Statistic.objects.get(pk=stat.pk)
    assert (moved.document_id, moved.quote, moved.start, moved.end) == (stat.document_id, stat.quote, stat.start, stat.end)
    assert moved.document.raw_text[moved.start : moved.end] == moved.quote and moved.value == stat.value + 1


def test_a_statistic_cannot_point_at_a_section_of_another_document(editor_api):
    stat = Statistic.objects.order_by("pk").first()
    foreign = Section.objects.exclude(document_id=stat.document_id).first()
    url = f"{API}/statistics/{stat.pk}/"
    response = editor_api.patch(url, {"section": foreign.pk}, format="json", HTTP_IF_MATCH=editor_api.get(url)["ETag"])
    assert response.status_code == 400 and "section" in response.json()
    assert Statistic.objects.get(pk=stat.pk).section_id == stat.section_id


def test_a_section_stays_in_its_document(editor_api):
    section = Section.objects.order_by("pk").first()
    other = Document.objects.exclude(pk=section.document_id).first()
    url = f"{API}/sections/{section.pk}/"
    response = editor_api.patch(url, {"document": other.pk, "position": 99, "heading": "新标题"}, format="json",
                                HTTP_IF_MATCH=editor_api.get(url)["ETag"])
    assert response.status_code == 200
    section.refresh_from_db()
    assert section.document_id != other.pk and section.heading == "新标题" and section.position != 99


def test_a_documents_session_must_belong_to_its_countys_committee(archive):
    document = Document.objects.exclude(session=None).first()
    foreign = Session.objects.exclude(committee__county=document.county).first()
    if foreign is None:
        foreign = Session.objects.create(committee=Committee.objects.exclude(county=document.county).first(), number=9)
    with pytest.raises(ValidationError) as raised:
        services.document_correct(document=document, data={"session": foreign})
    assert "session" in raised.value.message_dict
    document.refresh_from_db()
    assert document.session.committee.county_id == document.county_id


def test_the_service_refuses_evidence_fields(archive):
    stat = Statistic.objects.first()
    with pytest.raises(ValidationError) as raised:
        services.statistic_correct(statistic=stat, data={"quote": "x", "document": stat.document})
    assert set(raised.value.message_dict) == {"quote", "document"}
