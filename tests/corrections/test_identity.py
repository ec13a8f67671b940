"""Stable identity: the same text is `unchanged` whatever its line endings; a changed text updates the same rows."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.ingest import ingest_path, ingest_text
from reports.models import Document, Section, Statistic
from reports.parsing.decode import normalize_text
from tests.corrections.conftest import SEED, admin_import

pytestmark = pytest.mark.django_db


def ids():
    return (
        list(Document.objects.values_list("pk", flat=True)),
        sorted(Section.objects.values_list("pk", "heading")),
        sorted(Statistic.objects.values_list("pk", "metric", "value")),
    )


@pytest.mark.parametrize(
    "variant",
    [
        lambda t: t.replace("\n", "\r\n"),
        lambda t: "\ufeff" + t,
        lambda t: t.replace("\n", "  \n") + "\n\n",
        lambda t: t.replace("\n", "\r"),
    ],
    ids=["crlf", "bom", "trailing-space", "cr"],
)
def test_the_same_text_is_unchanged_whatever_its_line_endings(document, seed_text, variant, tmp_path):
    before = ids()
    report, _plans = ingest_text(variant(seed_text), source_file=SEED.name)
    assert (report.created, report.updated, report.unchanged, report.conflicts) == (0, 0, 1, [])
    path = tmp_path / SEED.name
    path.write_bytes(variant(seed_text).encode("utf-8"))
    report = ingest_path(path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert ids() == before


def test_the_admin_import_of_the_same_page_is_unchanged(document, editor_client, seed_text):
    before = ids()
    # What a browser posts from a textarea: CRLF line endings.
    response = admin_import(editor_client, seed_text.replace("\n", "\r\n"), SEED.name)
    said = [str(m) for m in response.context["messages"]]
    assert any("更新 0 个，不变 1 个，冲突 0 个" in m for m in said), said
    assert ids() == before


def test_a_changed_text_updates_the_same_rows(document, seed_text):
    sections = dict(Section.objects.values_list("heading", "pk"))
    statistics = {(s.metric, s.quote): s.pk for s in Statistic.objects.all()}
    # A sentence added near the top shifts every offset after it.
    changed = seed_text.replace("委员：\n", "委员：\n\n本报告经主席会议审议。\n", 1)
    assert changed != seed_text
    report, _plans = ingest_text(changed, source_file=SEED.name)
    assert report.updated == 1 and report.created == 0
    assert dict(Section.objects.values_list("heading", "pk")) == sections
    assert {(s.metric, s.quote): s.pk for s in Statistic.objects.all()} == statistics
    doc = Document.objects.get()
    for stat in doc.statistics.all():
        assert doc.raw_text[stat.start : stat.end] == stat.quote
    # History shows the move: the statistic's previous record has the old offsets.
    stat = doc.statistics.order_by("start").last()
    assert stat.history.count() == 2 and stat.history.earliest().start < stat.start


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["提", "案", "\n", "\r\n", "\r", " ", "\t", "\u3000", "\ufeff", "件"]), max_size=40).map("".join))
def test_normalising_is_idempotent_and_leaves_lf_only(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert "\r" not in once and not once.startswith("\ufeff")
    assert once.endswith("\n") if once else not text.strip("\ufeff\r\n \t\u3000")
    assert all(line == line.rstrip(" \t\u3000") for line in once.split("\n"))
