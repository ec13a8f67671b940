"""The permissions matrix: anonymous, viewer, editor, admin × every endpoint × every method.

Each request runs inside a transaction that is rolled back, so a DELETE early in
the table does not change what later rows see.
"""
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from reports.models import Committee, County, Document, Prefecture, Province, Section, Session, Statistic

pytestmark = pytest.mark.django_db
API = "/api/v1"
ROLES = ("anonymous", "viewer", "editor", "admin")
METHODS = ("get", "post", "put", "patch", "delete")
DENIED = {"anonymous": 401, "viewer": 403}

# resource → (model, lookup, which write methods its detail supports)
RESOURCES = {
    "provinces": (Province, "code", set()),
    "prefectures": (Prefecture, "code", set()),
    "counties": (County, "code", set()),
    "committees": (Committee, "pk", set()),
    "sessions": (Session, "pk", set()),
    "documents": (Document, "pk", {"put", "patch", "delete"}),
    "sections": (Section, "pk", {"put", "patch", "delete"}),
    "statistics": (Statistic, "pk", {"put", "patch", "delete"}),
}
OPEN_ENDPOINTS = ("/api/v1/schema/", "/api/v1/export/datapackage.zip")  # read-only for everyone


def expected(role, method, supported, open_endpoint=False):
    if method == "get":
        return 200
    if open_endpoint:
        return 405
    if role in DENIED:
        return DENIED[role]
    return {"put": 200, "patch": 200, "delete": 204}[method] if method in supported else 405


def client_for(role):
    client = APIClient()
    if role == "anonymous":
        return client
    user = User.objects.create_user(role, password="pw", is_staff=True, is_superuser=role == "admin")
    if role in ("viewer", "editor"):
        call_command("create_roles", **{role: [role]}, verbosity=0)
    client.force_authenticate(user)
    return client


def call(client, method, url, body=None):
    headers = {}
    if method in ("put", "patch", "delete"):
        etag = client.get(url).get("ETag")
        if etag:
            headers["HTTP_IF_MATCH"] = etag
    with transaction.atomic():
        if method == "get":
            response = client.get(url)
        else:
            response = getattr(client, method)(url, body or {}, format="json", **headers)
        transaction.set_rollback(True)
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(seed_archive, role):
    client = client_for(role)
    table = []
    for name, (model, lookup, supported) in RESOURCES.items():
        obj = model.objects.order_by("pk").first()
        detail = f"{API}/{name}/{getattr(obj, lookup)}/"
        body = client.get(detail).json()
        for method in METHODS:
            table.append((f"{API}/{name}/", method, expected(role, method, set()), None))
            table.append((detail, method, expected(role, method, supported), body))
    for method in METHODS:
        table.append((f"{API}/statistics/series/", method, expected(role, method, set()), None))
        for url in OPEN_ENDPOINTS:
            table.append((url, method, expected(role, method, set(), open_endpoint=True), None))
    wrong = [(url, method, want, got) for url, method, want, body in table if (got := call(client, method, url, body)) != want]
    assert wrong == [], wrong


def test_admin_requires_staff(seed_archive, client):
    User.objects.create_user("plain", password="pw")
    client.login(username="plain", password="pw")
    response = client.get("/admin/reports/document/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_tokens_work_and_can_be_revoked(seed_archive):
    editor = client_for("editor")  # creates the user and its group
    user = User.objects.get(username="editor")
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    stat = Statistic.objects.first()
    url = f"{API}/statistics/{stat.pk}/"
    etag = client.get(url)["ETag"]
    assert client.patch(url, {"value": stat.value}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    token.delete()  # revoked
    response = client.patch(url, {"value": 1}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Token")
    assert editor is not None
