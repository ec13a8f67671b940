"""Real expectations on the five seed pages, read off the texts by a person."""
import datetime
import re

import pytest

from reports.parsing.layout import split_lines


def stats(doc, *metrics):
    return sorted((s.metric, s.value) for s in doc.statistics if s.metric in metrics)


PROPOSAL_METRICS = ("proposals_received", "proposals_filed", "proposals_key", "proposals_supervised", "proposals_closed")
OPINION_METRICS = (
    "opinion_reports", "opinion_reports_to_city", "opinion_reports_to_province", "opinion_reports_to_national", "opinion_reports_adopted",
)


def test_document_kinds_per_page(seeds):
    kinds = {name: [d.kind for d in parsed.documents] for name, parsed in seeds.items()}
    assert kinds["000"] == ["political_resolution", "resolution", "resolution", "standing_committee_work_report"]
    assert kinds["001"] == ["standing_committee_work_report"] + ["member_speech"] * 8
    assert kinds["002"] == ["speech", "standing_committee_work_report"]
    assert kinds["003"] == ["standing_committee_work_report"]
    assert kinds["004"] == ["standing_committee_work_report"]


def test_counties(seeds):
    codes = {name: {d.county.code for d in parsed.documents} for name, parsed in seeds.items()}
    assert codes == {"000": {"140826"}, "001": {"140826"}, "002": {"140923"}, "003": {"140729"}, "004": {"140428"}}
    assert {d.province.name for p in seeds.values() for d in p.documents} == {"山西省"}


def test_jiang_resolutions(seeds):
    political, on_report, on_proposals, report = seeds["000"].documents
    for doc in (political, on_report, on_proposals, report):
        assert (doc.term, doc.session) == (14, 4)
    assert political.date == datetime.date(2024, 2, 20)
    assert (political.session_start, political.session_end) == (datetime.date(2024, 2, 18), datetime.date(2024, 2, 20))
    assert political.venue == "绛县宾馆"
    # The resolutions name who delivered the reports on the same page.
    assert (report.speaker, report.speaker_role) == ("董宏运", "主席")
    assert report.is_fragment and not political.is_fragment
    assert on_proposals.title.endswith("提案工作情况报告的决议")


def test_member_speeches(seeds):
    speeches = seeds["001"].documents[1:]
    assert [d.speaker for d in speeches] == ["丁卫娜", "李保林", "赵筱函", "王小磊", "赵晶", "姜国强", "刘景超", "陈燕"]
    assert speeches[0].title == "注入晋文化源头活水 激活发展“一池春水”"
    report = seeds["001"].documents[0]
    assert report.is_fragment and report.plan_year == 2022
    # The column heading over the speeches is nobody's text.
    assert all("协商议政建良言" not in s.body for s in report.walk_sections())


def test_dai_speech_and_report(seeds):
    speech, report = seeds["002"].documents
    assert (speech.term, speech.session) == (16, 1)
    assert [s.heading[:4] for s in speech.sections] == ["强化政治", "发挥职能", "坚守人民", "加强自身"]
    assert [c.heading for c in speech.sections[0].children] == ["要提高政治站位", "要扛起政治责任", "要强化政治引领"]
    assert report.term == 15 and report.is_fragment
    assert stats(report, "meetings_plenary", "meetings_chair", "meetings_standing_committee", "consultations", "inspections") == [
        ("consultations", 8), ("inspections", 20), ("meetings_chair", 54), ("meetings_plenary", 5), ("meetings_standing_committee", 30),
    ]
    inspections = next(s for s in report.statistics if s.metric == "inspections")
    assert inspections.qualifier == "more_than"


def test_lingshi_report(seeds):
    (doc,) = seeds["003"].documents
    assert (doc.term, doc.session, doc.review_year, doc.plan_year) == (10, 6, 2025, 2026)
    assert doc.is_excerpt and doc.source_page == "第B07版:灵石·两会"
    assert [s.label for s in doc.sections] == ["一", "二", "三", "四", "一", "二", "三", "四", "五"]
    assert [s.part for s in doc.sections] == ["review"] * 4 + ["plan"] * 5
    assert [c.heading for c in doc.sections[0].children] == ["旗帜鲜明讲政治", "从严从实抓党建", "学习教育见实效"]
    assert stats(doc, *PROPOSAL_METRICS) == [
        ("proposals_filed", 188), ("proposals_key", 11), ("proposals_received", 236), ("proposals_supervised", 11),
    ]
    assert stats(doc, *OPINION_METRICS) == [
        ("opinion_reports", 102), ("opinion_reports_to_national", 23), ("opinion_reports_to_province", 76),
    ]
    assert {s.year for s in doc.statistics} == {2025}


def test_zhangzi_report_numbering_is_repaired_with_warnings(seeds):
    (doc,) = seeds["004"].documents
    assert (doc.term, doc.session, doc.date, doc.speaker) == (10, 4, datetime.date(2024, 4, 23), "吴斌")
    assert (doc.review_year, doc.plan_year) == (2023, 2024)
    top = [(s.label, s.part) for s in doc.sections]
    assert top == [
        ("一", "review"), ("三", "review"), ("三", "review"), ("四", "review"),
        ("一", "plan"), ("二", "plan"), ("三", "plan"), ("4", "plan"), ("五", "plan"),
    ]
    # 二、党的建设不断夯实。… is a sub-item printed as a top-level heading.
    assert [c.label for c in doc.sections[0].children] == ["二", "三"]
    out_of_sequence = [w for w in doc.warnings if w.code == "heading_out_of_sequence"]
    assert any("三 汇民意" in w.detail and "expected 4" in w.detail for w in out_of_sequence)
    assert any(w.message.startswith("第 39 行：标题“三 汇民意") for w in out_of_sequence)
    demoted = [w for w in doc.warnings if w.code == "heading_demoted"]
    assert len(demoted) == 4
    # Each typed warning points at the line it is about.
    for w in demoted:
        assert seeds["004"].text[w.start : w.end].lstrip().startswith(w.detail.split(": ")[1][:2])
    assert stats(doc, *PROPOSAL_METRICS) == [
        ("proposals_filed", 236), ("proposals_key", 10), ("proposals_supervised", 10), ("proposals_supervised", 80),
    ]
    assert stats(doc, *OPINION_METRICS) == [
        ("opinion_reports", 412), ("opinion_reports_to_city", 108), ("opinion_reports_to_national", 10), ("opinion_reports_to_province", 32),
    ]


DEBRIS = re.compile(r"上接|下转|分享到|过往期刊|第B07版|\d{4}-\d{2}-\d{2}期|本报综合报道")


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_no_debris_survives(seeds, name):
    parsed = seeds[name]
    for doc in parsed.documents:
        assert not DEBRIS.search(doc.title)
        for section in doc.walk_sections():
            assert not DEBRIS.search(section.heading), section.heading
            assert not DEBRIS.search(section.body), section.body[:80]
        for stat in doc.statistics:
            assert not DEBRIS.search(stat.quote)
            assert parsed.text[stat.start : stat.end] == stat.quote
        assert parsed.text[doc.start : doc.end] == doc.text


def test_no_years_or_ordinals_as_statistics(seeds):
    for parsed in seeds.values():
        for doc in parsed.documents:
            for stat in doc.statistics:
                assert not (1949 <= stat.value <= 2100 and stat.unit == "年")
                assert not re.match(r"第", stat.quote[max(0, stat.quote.find(str(stat.value)) - 1) :])
                assert "周年" not in stat.quote or stat.metric != "other" or "周年" not in stat.wording


def test_page_furniture_is_debris():
    lines = split_lines("第B07版:灵石·两会\n(上接 A4 版)正文继续。\n(本报综合报道)\n分享到:\n过往期刊\n• 第2025-12-23期\n")
    kept = [line.text for line in lines if not line.debris and not line.empty]
    assert kept == ["正文继续。"]
    assert lines[0].page_label == "第B07版:灵石·两会"
    assert lines[1].continuation
