"""``manage.py reparse``: what a newer parser adds, removes or changes, per document; applied keeping corrections."""
import dataclasses
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from reports import reparse, services
from reports.models import Deletion, Document, Finding, Section, Statistic
from reports.parsing import parse_text
from tests.corrections.conftest import SEED

pytestmark = pytest.mark.django_db

FILED = "全年共立案236件"
WRITERS = "来自全国各地的30余名作家学者"
MEETINGS = "参与协商议事活动110余次"


def improved_parse(text, **kwargs):
    """The parser as a newer version might read the seed: one value read differently, one number dropped, one added,
    a title completed."""
    parsed = parse_text(text, **kwargs)
    (doc,) = parsed.documents
    doc.title += "（摘要）"
    kept = []
    for stat in doc.statistics:
        if stat.quote == FILED:
            stat.value = 263
        if stat.quote == WRITERS:
            continue
        kept.append(stat)
        if stat.quote == MEETINGS:
            kept.append(dataclasses.replace(stat, metric="consultations", rule="test:consultations"))
    doc.statistics = kept
    return parsed


@pytest.fixture
def newer_parser(monkeypatch):
    monkeypatch.setattr(reparse, "parse_text", improved_parse)


def run(*args):
    """The command's output, its row words in English (the site's language translates them)."""
    out = StringIO()
    with translation.override("en"):
        call_command("reparse", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def snapshot():
    """Everything a re-parse could write: rows, their values, their history, findings."""
    return {
        model.__name__: sorted(map(repr, model.objects.values_list()))
        for model in (Document, Section, Statistic, Finding, Deletion, Document.history.model, Section.history.model, Statistic.history.model)
    }


def test_the_seed_reparsed_by_the_same_parser_is_unchanged(document):
    before = snapshot()
    out = run("--all")
    assert out.strip().splitlines() == ["1 documents: 0 created, 0 updated, 1 unchanged, 0 conflicts, 0 kept deleted, 0 skipped, 0 failed"]
    assert snapshot() == before


def test_dry_run_lists_additions_removals_and_changes_and_writes_nothing(document, newer_parser):
    before = snapshot()
    out = run("--all", "--dry-run")
    assert snapshot() == before
    name = f"#{document.pk} 长子县 2023《{document.title}》"
    lines = out.splitlines()
    assert f"{name}: title {document.title!r} → {document.title + '（摘要）'!r}" in lines
    assert f"{name}: statistic proposals_filed «{FILED}»: value 236 → 263" in lines
    assert f"{name}: removed statistic other «{WRITERS}»" in lines
    assert f"{name}: added statistic consultations «{MEETINGS}»" in lines
    assert lines[-1] == "dry run, nothing written: 1 documents: 0 created, 1 updated, 0 unchanged, 0 conflicts, 0 kept deleted, 0 skipped, 0 failed"


def test_applying_keeps_ids_and_records_history(document, newer_parser):
    ids = {s.quote: s.pk for s in Statistic.objects.filter(metric__in=["proposals_filed", "opinion_reports"])}
    sections = sorted(Section.objects.values_list("pk", flat=True))
    run("--all")
    filed = Statistic.objects.get(quote=FILED)
    assert filed.value == 263 and {s.quote: s.pk for s in Statistic.objects.filter(metric__in=["proposals_filed", "opinion_reports"])} == ids
    assert sorted(Section.objects.values_list("pk", flat=True)) == sections
    assert not Statistic.objects.filter(quote=WRITERS).exists()
    assert Statistic.objects.get(metric="consultations").quote == MEETINGS
    assert filed.history.latest().history_change_reason == "reparse" and filed.history.latest().prev_record.value == 236
    assert Document.objects.get().title.endswith("（摘要）")
    # Applied once, the same parser finds nothing more to do.
    assert run("--all").splitlines()[-1].startswith("1 documents: 0 created, 0 updated, 1 unchanged")


def test_a_correction_is_kept_and_the_conflict_reported_with_both_values(document, newer_parser, editor):
    filed = Statistic.objects.get(quote=FILED)
    services.statistic_correct(statistic=filed, data={"value": 240}, user=editor, reason="核对原报")
    services.document_correct(document=Document.objects.get(), data={"title": "长子县政协常委会工作报告"}, user=editor)
    out = run("--all")
    filed.refresh_from_db()
    assert filed.value == 240 and Document.objects.get().title == "长子县政协常委会工作报告"
    assert "编辑更正的“value”保留为 240，新解析为 263" in out
    assert "编辑更正的“title”保留为 '长子县政协常委会工作报告'" in out
    assert "2 conflicts" in out.splitlines()[-1]
    # The rest of the new parse is applied around the corrections.
    assert Statistic.objects.filter(metric="consultations").exists()


def test_paths_reparse_files_and_a_missing_path_is_a_clear_error(document, seed_text, tmp_path):
    page = tmp_path / SEED.name
    page.write_text(seed_text.replace("412篇", "421篇"), encoding="utf-8")
    out = run(str(tmp_path), "--dry-run")
    assert "opinion_reports «全年共收集社情民意信息421篇»" not in out  # the row is named as stored
    assert "statistic opinion_reports «全年共收集社情民意信息412篇»: value 412 → 421" in out
    assert Statistic.objects.get(metric="opinion_reports").value == 412
    run(str(page))
    assert Statistic.objects.get(metric="opinion_reports").value == 421
    with pytest.raises(CommandError, match="no such file or folder"):
        run(str(tmp_path / "missing.txt"))
    with pytest.raises(CommandError, match="--all"):
        run()
    with pytest.raises(CommandError, match="without paths"):
        run("--all", str(page))


def test_a_text_that_cannot_be_read_alone_is_skipped(document):
    Document.objects.update(raw_text="注入晋文化源头活水\n激活发展“一池春水”\n")
    out = run("--all", "--dry-run")
    assert "skipped:" in out and "re-parse the page's file" in out and "1 skipped" in out
