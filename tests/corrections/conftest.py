"""One county's worth of archive and an editor on every writer: admin forms, admin inlines, API, import."""
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from rest_framework.test import APIClient

from reports.ingest import ingest_text
from reports.models import County, Document, Prefecture, Province
from tests.conftest import SEED_FILES

SEED = SEED_FILES[-1]  # 004: 长子县, one work report with 412篇 of public-opinion reports
IMPORT_URL = "/admin/reports/document/import/"


@pytest.fixture
def changzi(db):
    """长子县 and what it belongs to: enough gazetteer for the seed, without loading 2,842 counties."""
    province = Province.objects.create(code="140000", name="山西省", slug="shanxi")
    prefecture = Prefecture.objects.create(code="140400", name="长治市", slug="changzhi", province=province)
    County.objects.create(code="140428", name="长子县", slug="zhangzi", kind="县", prefecture=prefecture, province=province)


@pytest.fixture
def seed_text():
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def document(changzi, seed_text):
    ingest_text(seed_text, source_file=SEED.name)
    return Document.objects.get()


@pytest.fixture
def editor(changzi):
    call_command("create_roles", verbosity=0)
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    call_command("create_roles", editor=["editor"], verbosity=0)
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def api_editor(editor):
    api = APIClient()
    api.force_authenticate(editor)
    return api


def form_data(response):
    """What a browser would post back from an admin change page: every form's current values, inlines included."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for field in formset.management_form:
            data[field.html_name] = field.value()
        forms.extend(formset.forms)
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else value
    return data


def admin_import(client, text, source):
    """Preview, then confirm, as an editor in the browser does."""
    preview = client.post(IMPORT_URL, {"text": text, "source_name": source})
    assert preview.status_code == 200, preview.content[:300]
    token = preview.context["confirm"].initial["token"]
    return client.post(IMPORT_URL, {"confirm": "1", "token": token, "source_name": source}, follow=True)
