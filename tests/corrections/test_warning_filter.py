"""Documents by parser warning code: the admin's filter and the API's ?warning=, on both databases."""
import pytest
from django.urls import reverse

from reports.models import Document
from reports.parsing.diagnostics import WARNINGS

pytestmark = pytest.mark.django_db


def having(*codes):
    return sorted(d.pk for d in Document.objects.all() if any(w.get("code") in codes for w in d.warnings))


def api_ids(client, params):
    response = client.get("/api/v1/documents/", {**params, "page_size": 500})
    assert response.status_code == 200, response.content
    return sorted(r["id"] for r in response.json()["results"])


def test_the_api_filters_documents_by_warning_code(seed_archive, client):
    present = sorted({w["code"] for d in Document.objects.all() for w in d.warnings})
    assert len(present) >= 2
    for code in present:
        assert api_ids(client, {"warning": code}) == having(code) != []
    assert api_ids(client, {"warning": ",".join(present[:2])}) == having(*present[:2])
    absent = next(code for code in WARNINGS if code not in present)
    assert api_ids(client, {"warning": absent}) == []
    assert client.get("/api/v1/documents/", {"warning": "no_such_code"}).status_code == 400
    # It combines with the other filters.
    assert api_ids(client, {"warning": present[0], "county": "绛县"}) == sorted(
        set(having(present[0])) & set(Document.objects.filter(county__name="绛县").values_list("pk", flat=True))
    )


def test_the_admin_filters_documents_by_warning_code(seed_archive, admin_client):
    changelist = reverse("admin:reports_document_changelist")
    code = Document.objects.exclude(warnings=[]).first().warnings[0]["code"]
    response = admin_client.get(changelist, {"warning": code})
    assert sorted(d.pk for d in response.context["cl"].result_list) == having(code)
    choices = [c["display"] for spec in response.context["cl"].filter_specs if getattr(spec, "parameter_name", "") == "warning" for c in spec.choices(response.context["cl"])]
    assert set(WARNINGS) <= set(map(str, choices))
    assert admin_client.get(changelist, {"warning": "none"}).context["cl"].result_count == Document.objects.filter(warnings=[]).count()
