"""A section or statistic an editor deleted (admin inline, admin page, API) stays deleted through re-ingest and re-parse."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from reports.ingest import ingest_text
from reports.models import Deletion, Document, ReviewStatus, Section, Statistic
from tests.corrections.conftest import SEED, form_data

pytestmark = pytest.mark.django_db

WRITERS_QUOTE = "来自全国各地的30余名作家学者"


def delete_inline(client, row, prefix):
    url = reverse("admin:reports_document_change", args=[row.document_id])
    data = form_data(client.get(url))
    (index,) = [k.split("-")[1] for k, v in data.items() if k.startswith(f"{prefix}-") and k.endswith("-id") and str(v) == str(row.pk)]
    data[f"{prefix}-{index}-DELETE"] = "on"
    data["reason"] = "不是统计数字"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]


def delete_page(client, row, prefix):
    url = reverse(f"admin:reports_{type(row)._meta.model_name}_delete", args=[row.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302


def delete_api(api, row, prefix):
    url = f"/api/v1/{prefix}/{row.pk}/"
    response = api.delete(url, HTTP_IF_MATCH=api.get(url)["ETag"], HTTP_X_CHANGE_REASON="不是统计数字")
    assert response.status_code == 204, response.content


def reparse(*args):
    out = StringIO()
    with translation.override("en"):
        call_command("reparse", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("delete", [delete_inline, delete_page, delete_api], ids=["admin inline", "admin page", "API"])
def test_a_deleted_statistic_stays_deleted(document, editor_client, api_editor, seed_text, delete):
    row = Statistic.objects.get(quote=WRITERS_QUOTE)
    delete(api_editor if delete is delete_api else editor_client, row, "statistics")
    assert not Statistic.objects.filter(pk=row.pk).exists()
    (deletion,) = Deletion.objects.all()
    assert (deletion.kind, deletion.document_id, deletion.deleted_by.username) == ("statistic", document.pk, "editor")
    assert Document.objects.get().review_status == ReviewStatus.CORRECTED
    count = Statistic.objects.count()

    # The same page again, and a changed printing whose offsets all move: the row does not come back.
    report, _plans = ingest_text(seed_text, source_file=SEED.name)
    assert (report.updated, report.unchanged) == (0, 1)
    assert [str(c) for c in report.changes if c.action == "kept deleted"] != []
    report, _plans = ingest_text(seed_text.replace("委员：\n", "委员：\n\n本报告经主席会议审议。\n", 1), source_file=SEED.name)
    assert report.updated == 1 and Statistic.objects.count() == count
    assert not Statistic.objects.filter(quote=WRITERS_QUOTE).exists()

    out = reparse("--all")
    assert f"kept deleted statistic other «{WRITERS_QUOTE}»" in out and "1 kept deleted" in out
    assert not Statistic.objects.filter(quote=WRITERS_QUOTE).exists()


def test_a_deleted_section_takes_its_subsections_and_they_all_stay_deleted(document, api_editor, seed_text):
    parent = Section.objects.filter(children__isnull=False).order_by("position").first()
    children = list(parent.children.values_list("heading", flat=True))
    assert children
    delete_api(api_editor, parent, "sections")
    assert not Section.objects.filter(heading__in=[parent.heading, *children]).exists()
    assert Deletion.objects.filter(kind="section").count() == 1 + len(children)
    kept = sorted(Section.objects.values_list("pk", "heading"))

    report, _plans = ingest_text(seed_text.replace("委员：\n", "委员：\n\n本报告经主席会议审议。\n", 1), source_file=SEED.name)
    assert report.updated == 1
    assert sorted(Section.objects.values_list("pk", "heading")) == kept  # the others keep their ids; none comes back
    assert sum(c.action == "kept deleted" for c in report.changes) == 1 + len(children)


def test_removing_the_record_of_a_deletion_lets_the_next_parse_bring_the_row_back(document, api_editor):
    row = Statistic.objects.get(quote=WRITERS_QUOTE)
    delete_api(api_editor, row, "statistics")
    Deletion.objects.all().delete()
    out = reparse("--all")
    assert f"added statistic other «{WRITERS_QUOTE}»" in out
    assert Statistic.objects.filter(quote=WRITERS_QUOTE).exists()


def test_a_corrected_statistic_is_recorded_as_parsed(document, api_editor):
    """The key is what the parser would produce again, not the editor's metric."""
    from reports import services

    row = Statistic.objects.get(quote=WRITERS_QUOTE)
    services.statistic_correct(statistic=row, data={"metric": "inspections"})
    services.row_delete(instance=Statistic.objects.get(pk=row.pk))
    assert Deletion.objects.get().key == Deletion.key_of(Statistic(metric="other", quote=WRITERS_QUOTE))[1]
    assert "1 kept deleted" in reparse("--all")
