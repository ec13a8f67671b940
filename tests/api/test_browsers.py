"""What a browser front-end needs: CORS reads and If-Match writes, exposed headers, Chinese messages, offline docs."""
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from reports.models import Statistic

from .helpers import API
from .test_access import make_editor

pytestmark = pytest.mark.django_db
ORIGIN = "https://front.example.org"


def test_any_origin_reads_by_default_and_sees_etag_and_filename(archive, client):
    stat = Statistic.objects.first()
    response = client.get(f"{API}/statistics/{stat.pk}/", HTTP_ORIGIN=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == "*"
    exposed = {h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "content-disposition"} <= exposed
    assert "Access-Control-Allow-Credentials" not in response  # no cookies across origins


def test_preflight_allows_a_write_with_if_match_and_a_token(archive, client):
    stat = Statistic.objects.first()
    response = client.options(
        f"{API}/statistics/{stat.pk}/", HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="PATCH",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type, if-match",
    )
    assert response.status_code == 200
    allowed = {h.strip().lower() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "content-type", "if-match"} <= allowed
    assert "PATCH" in response["Access-Control-Allow-Methods"]


def test_a_cross_origin_write_with_token_and_if_match(archive):
    token = Token.objects.create(user=make_editor())
    browser = APIClient(HTTP_ORIGIN=ORIGIN, HTTP_AUTHORIZATION=f"Token {token.key}")
    stat = Statistic.objects.get(metric="proposals_filed", value=188)
    read = browser.get(f"{API}/statistics/{stat.pk}/")
    response = browser.patch(f"{API}/statistics/{stat.pk}/", {"value": 189}, format="json", HTTP_IF_MATCH=read["ETag"])
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"


@override_settings(CORS_ALLOWED_ORIGINS=[ORIGIN], CORS_ALLOW_ALL_ORIGINS=False)
def test_an_allowlist_narrows_it(archive, client):
    assert client.get(f"{API}/counties/", HTTP_ORIGIN=ORIGIN)["Access-Control-Allow-Origin"] == ORIGIN
    assert "Access-Control-Allow-Origin" not in client.get(f"{API}/counties/", HTTP_ORIGIN="https://other.example.com")


def test_precondition_messages_follow_accept_language(archive):
    token = Token.objects.create(user=make_editor())
    stat = Statistic.objects.first()
    url = f"{API}/statistics/{stat.pk}/"
    for language, missing, stale in (("zh-hans", "请在 If-Match 中发送", "已被修改"), ("en", "Send the object's ETag", "changed since")):
        writer = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE=language)
        response = writer.patch(url, {"value": 1}, format="json")
        assert response.status_code == 428 and missing in response.json()["detail"]
        response = writer.patch(url, {"value": 1}, format="json", HTTP_IF_MATCH='"stale"')
        assert response.status_code == 412 and stale in response.json()["detail"]


@pytest.mark.parametrize("page", ["docs", "redoc"])
def test_docs_pages_load_nothing_from_other_sites(client, page):
    response = client.get(f"{API}/{page}/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", html) + re.findall(r"https?://[^\s\"'<>)]+", html)
    assert urls and not [u for u in urls if u.startswith(("http://", "https://", "//")) and "testserver" not in u]
    for url in re.findall(r"""src\s*=\s*["'](/static/[^"']+)""", html):
        assert finders.find(url.removeprefix("/static/")), url  # served from this site's static files


def test_readme_says_how_to_get_a_token_and_write_with_if_match():
    from django.conf import settings

    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    for needle in ("drf_create_token", "Authorization: Token", "If-Match", "428", "412"):
        assert needle in readme, needle
