"""HTTP caching of reads: validators from the archive version stamp, 304s, and invalidation by any write.

On PostgreSQL the stamp is bumped by a deferred trigger at commit; these tests
run inside one transaction, so they ask for the triggers at each statement
instead (``SET CONSTRAINTS ALL IMMEDIATE``). The bump at a real commit is
checked against the streaming standby (``test_replica.py``).
"""
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from reports import archive_version
from reports.ingest import ingest_path
from reports.models import Document
from reports.roles import create_roles

API = "/api/v1"
pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(db):
    call_command("load_gazetteer", verbosity=0)
    call_command("loaddata", str(Path(settings.FIXTURES_DIR) / "archive.json"), verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # after loaddata, which sets them back to DEFERRED
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.fixture
def editor():
    user = User.objects.create_user("cache-editor", password="x", is_staff=True)
    user.groups.add(create_roles()[0])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def edit_title(editor, doc, title):
    url = f"{API}/documents/{doc.pk}/"
    response = editor.patch(url, {"title": title}, format="json", HTTP_IF_MATCH=editor.get(url)["ETag"])
    assert response.status_code == 200, response.content


def test_anonymous_reads_carry_validators_and_public_caching(archive):
    response = APIClient().get(f"{API}/documents/", {"page_size": 5})
    assert response.status_code == 200
    assert response["ETag"].startswith('W/"') and response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == f"public, max-age={settings.HTTP_CACHE_MAX_AGE}"
    assert {v.strip() for v in response["Vary"].split(",")} >= {"Accept", "Accept-Language", "Authorization", "Cookie"}
    # The representation is part of the validator: JSON and CSV of one URL differ.
    csv = APIClient().get(f"{API}/documents/", {"page_size": 5, "format": "csv"})
    assert csv["ETag"] != response["ETag"]


def test_conditional_list_is_304_until_an_edit_then_200_with_the_new_body(archive, editor):
    anonymous = APIClient()
    url = f"{API}/documents/"
    first = anonymous.get(url, {"page_size": 100})
    again = anonymous.get(url, {"page_size": 100}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    since = anonymous.get(url, {"page_size": 100}, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304

    doc = Document.objects.order_by("pk").first()
    edit_title(editor, doc, "修改后的标题：关于县域经济的提案")
    after = anonymous.get(url, {"page_size": 100}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert "修改后的标题：关于县域经济的提案" in after.content.decode()


def test_a_detail_keeps_its_row_etag_for_if_match_and_answers_304_on_it(archive, editor):
    doc = Document.objects.order_by("pk").first()
    url = f"{API}/documents/{doc.pk}/"
    anonymous = APIClient()
    first = anonymous.get(url)
    assert first["ETag"] == editor.get(url)["ETag"]  # the row version writers send in If-Match
    assert anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    edit_title(editor, doc, "另一个标题")
    after = anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after.json()["title"] == "另一个标题"


def test_an_export_is_304_until_an_ingest_changes_the_archive(archive, tmp_path):
    anonymous = APIClient()
    url = f"{API}/statistics/"
    first = anonymous.get(url, {"format": "csv"})
    body = b"".join(first.streaming_content) if first.streaming else first.content
    assert anonymous.get(url, {"format": "csv"}, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    source = sorted(Path(settings.RAW_DIR).glob("*.txt"))[0]
    edited = tmp_path / "edited.txt"
    edited.write_text(source.read_text(encoding="utf-8").replace("提案", "建议", 1), encoding="utf-8")
    before = archive_version.current()[0]
    assert not ingest_path(edited).failed
    assert archive_version.current()[0] > before
    after = anonymous.get(url, {"format": "csv"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert (b"".join(after.streaming_content) if after.streaming else after.content) != b"" and body


def test_requests_with_credentials_are_private_and_never_304(archive, editor):
    url = f"{API}/documents/"
    response = editor.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "Authorization" in response["Vary"]
    anonymous_etag = APIClient().get(url)["ETag"]
    assert editor.get(url, HTTP_IF_NONE_MATCH=anonymous_etag).status_code == 200


def test_every_write_path_bumps_the_version_once_it_commits(archive):
    before = archive_version.current()[0]
    Document.objects.filter(pk=Document.objects.order_by("pk").first().pk).update(source_page="第2版")  # bulk update
    middle = archive_version.current()[0]
    Document.objects.order_by("pk").last().delete()  # a delete (cascades to sections and statistics)
    assert before < middle < archive_version.current()[0]


def test_every_archive_table_bumps_the_version(db):
    tables = {
        model._meta.db_table
        for model in apps.get_app_config("reports").get_models()
        if not model._meta.db_table.startswith("reports_historical")
    }
    assert tables - archive_version.triggered_tables(connection) == set()
