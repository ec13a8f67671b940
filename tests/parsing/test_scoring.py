"""The scorer on small made-up truth/parse pairs, where every count can be worked out by hand."""
import datetime
import json
from types import SimpleNamespace

import pytest
from hypothesis import given, settings, strategies as st

from reports.parsing.scoring import (
    CORE_METRICS,
    Tally,
    TruthError,
    load_truth,
    pair_documents,
    regressions,
    score_corpus,
    score_page,
    truth_from_dict,
)
from reports.parsing.types import DOCUMENT_KINDS, METRICS, ParsedDocument, ParsedFile, ParsedSection, ParsedStatistic, Place

REPORT_TEXT = "政协第九届某某县委员会常务委员会工作报告 一、围绕中心建言献策 共收到提案120件，立案110件。二、加强自身建设"


def truth(*documents, layout=("portal",)):
    return truth_from_dict({"source_url": "https://example.org/p", "retrieved": "2026-11-25", "layout": list(layout), "documents": list(documents)}, "t")


def report_truth(**changes):
    doc = {
        "kind": "standing_committee_work_report",
        "title": "政协第九届某某县委员会常务委员会工作报告",
        "county_code": "330727",
        "province": "浙江省",
        "term": 9,
        "session": 3,
        "date": "2024-01-10",
        "speaker": "张三",
        "review_year": 2023,
        "plan_year": None,
        "headings": [[1, "围绕中心建言献策"], [1, "加强自身建设"]],
        "statistics": [
            {"metric": "proposals_received", "value": 120, "period": "2023"},
            {"metric": "proposals_filed", "value": 110, "period": None},
        ],
    }
    doc.update(changes)
    return doc


def stat(metric, value, **extra):
    statistic = ParsedStatistic(metric=metric, value=value, qualifier="exact", unit="件", quote="", start=0, end=0)
    for key, item in extra.items():
        setattr(statistic, key, item)
    return statistic


def parsed_report(**changes):
    doc = ParsedDocument(
        kind="standing_committee_work_report",
        title="政协第九届某某县委员会常务委员会工作报告",
        text=REPORT_TEXT,
        start=0,
        end=len(REPORT_TEXT),
        county=Place("330727", "磐安县"),
        province=Place("330000", "浙江省"),
        term=9,
        session=3,
        date=datetime.date(2024, 1, 10),
        speaker="张 三",
        review_year=2023,
        sections=[
            ParsedSection(label="一、", heading="围绕中心建言献策", level=1, part="review"),
            ParsedSection(label="二、", heading="加强自身建设。", level=1, part="review"),
        ],
        statistics=[stat("proposals_received", 120, year=2023, period="2023"), stat("proposals_filed", 110, year=2023, period="2023")],
    )
    for key, value in changes.items():
        setattr(doc, key, value)
    return doc


def test_a_perfect_parse_scores_one_everywhere():
    figures = score_page(truth(report_truth()), [parsed_report()]).tally.figures()
    assert figures == {
        "pages": 1,
        "documents_found": 1.0,
        "extra_documents": 0,
        "metadata": 1.0,
        "invented_values": 0,
        "headings_recall": 1.0,
        "headings_precision": 1.0,
        "statistics_recall": 1.0,
        "statistics_precision": 1.0,
        "period_accuracy": 1.0,
        "wrong_county": 0,
        "metadata_by_field": dict.fromkeys(["county_code", "province", "term", "session", "date", "speaker", "review_year"], 1.0),
    }


def test_nothing_parsed_keeps_the_truth_in_the_denominators():
    tally = score_page(truth(report_truth()), None, error="no document").tally
    # 7 stated fields (plan_year is null), 2 headings, 2 statistics, all missed.
    assert (tally.docs_found, tally.meta_stated, tally.meta_correct) == (0, 7, 0)
    assert (tally.headings_truth, tally.headings_matched, tally.stats_truth, tally.stats_matched) == (2, 0, 2, 0)
    assert tally.figures()["headings_precision"] is None and tally.wrong_county == 0


def test_wrong_county_wrong_kind_and_invented_values():
    parsed = parsed_report(kind="proposal_work_report", county=Place("431225", "会同县"), plan_year=2024)
    score = score_page(truth(report_truth()), [parsed])
    tally = score.tally
    assert tally.docs_found == 0  # paired by text for content, but the kind is wrong
    assert tally.wrong_county == 1
    assert tally.meta_invented == 1  # plan_year where the truth has none
    assert (tally.meta_stated, tally.meta_correct) == (7, 6)
    assert tally.figures()["metadata_by_field"]["county_code"] == 0.0 and tally.figures()["metadata_by_field"]["term"] == 1.0
    assert any("WRONG COUNTY 431225" in problem for problem in score.problems)


def test_a_county_where_the_truth_has_none_is_wrong():
    news = {"kind": "other", "title": None, "county_code": None}
    parsed = ParsedDocument(kind="other", title="x", text="县政协召开会议", start=0, end=7, county=Place("431225", "会同县"))
    tally = score_page(truth(news), [parsed]).tally
    assert (tally.wrong_county, tally.meta_invented, tally.docs_found) == (1, 1, 1)


def test_an_extra_document_counts_and_its_foreign_county_is_wrong():
    extra_same = ParsedDocument(kind="other", title="重复", text="重复", start=0, end=2, county=Place("330727", "磐安县"))
    extra_other = ParsedDocument(kind="other", title="链接", text="链接", start=0, end=2, county=Place("140925", "宁武县"))
    tally = score_page(truth(report_truth()), [extra_same, parsed_report(), extra_other]).tally
    assert (tally.docs_found, tally.docs_extra, tally.wrong_county) == (1, 2, 1)


def test_headings_ignore_level_spacing_script_and_end_punctuation_but_not_run_in_items():
    parsed = parsed_report(
        sections=[
            ParsedSection(label="（一）", heading="圍繞中心 建言獻策", level=2, part="review"),
            ParsedSection(label="", heading="旗帜鲜明讲政治", level=5, part="review"),  # run-in: not scored
            ParsedSection(label="1.", heading="提高履职能力", level=3, part="review"),
        ]
    )
    tally = score_page(truth(report_truth()), [parsed]).tally
    assert (tally.headings_truth, tally.headings_parsed, tally.headings_matched) == (2, 2, 1)


def test_statistics_are_distinct_pairs_and_other_metrics_are_ignored():
    parsed = parsed_report(
        statistics=[
            stat("proposals_received", 120, year=2023),
            stat("proposals_received", 120, year=2023),  # the text repeats the figure
            stat("proposals_received", 100, year=2023),  # a part, not the total
            stat("consultations", 8),  # not a core metric
        ]
    )
    tally = score_page(truth(report_truth()), [parsed]).tally
    assert (tally.stats_truth, tally.stats_parsed, tally.stats_matched) == (2, 2, 1)


def test_periods_are_scored_only_where_the_parser_exposes_one():
    with_period = parsed_report(statistics=[stat("proposals_received", 120, period="2019-2023"), stat("proposals_filed", 110, period="2023")])
    tally = score_page(truth(report_truth()), [with_period]).tally
    assert (tally.periods_scored, tally.periods_correct) == (1, 0)  # the truth states a period for 120 only
    bare = SimpleNamespace(metric="proposals_received", value=120, quote="")  # no period, no year
    tally = score_page(truth(report_truth()), [parsed_report(statistics=[bare])]).tally
    assert (tally.stats_matched, tally.periods_scored) == (1, 0)


def test_documents_pair_in_page_order_by_their_text():
    first = report_truth(title="关于提案工作情况的报告", kind="proposal_work_report", headings=[])
    second = report_truth()
    parsed_first = ParsedDocument(kind="proposal_work_report", title="关于提案工作情况的报告", text="关于提案工作情况的报告……", start=0, end=1)
    assert pair_documents(truth(first, second).documents, [parsed_first, parsed_report()]) == [(0, 0), (1, 1)]
    # The same documents in the other order on the page: only one pair keeps the order.
    assert len(pair_documents(truth(first, second).documents, [parsed_report(), parsed_first])) == 1


@pytest.mark.parametrize(
    "change, message",
    [
        ({"kind": "report"}, "kind 'report'"),
        ({"county_code": "33072"}, "not a 6-digit code"),
        ({"date": "2024-1-10"}, "not YYYY-MM-DD"),
        ({"term": "九"}, "term must be int"),
        ({"statistics": [{"metric": "consultations", "value": 3}]}, "metric must be one of"),
        ({"statistics": [{"metric": "proposals_filed", "value": 3, "period": "2019–2023"}]}, "not YYYY or YYYY-YYYY"),
        ({"headings": [["一", "围绕中心"]]}, "[level, text] pairs"),
    ],
)
def test_bad_truth_is_refused_with_the_field_named(change, message):
    with pytest.raises(TruthError, match="documents\\[0\\]") as caught:
        truth(report_truth(**change))
    assert message in str(caught.value)


def test_an_unknown_layout_is_refused():
    with pytest.raises(TruthError, match="unknown layout"):
        truth(report_truth(), layout=["blog"])


def test_a_page_without_its_truth_is_refused(tmp_path):
    (tmp_path / "001_x.txt").write_text("县政协", encoding="utf-8")
    with pytest.raises(TruthError, match="001_x"):
        score_corpus(tmp_path, parse=None)


def test_a_corpus_is_scored_overall_and_per_class(tmp_path):
    for name, layout in (("001_a", ["portal"]), ("002_b", ["portal", "news_item"])):
        (tmp_path / f"{name}.txt").write_text(REPORT_TEXT, encoding="utf-8")
        data = {"source_url": "u", "retrieved": "2026-11-25", "layout": layout, "documents": [report_truth()]}
        (tmp_path / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    parses = {"001_a.txt": parsed_report(), "002_b.txt": parsed_report(county=Place("431225", "会同县"))}
    score = score_corpus(tmp_path, parse=lambda path: ParsedFile(source=path.name, text="", documents=[parses[path.name]]))
    report = score.report()
    assert report["overall"]["pages"] == 2 and report["overall"]["wrong_county"] == 1
    assert report["per_class"]["portal"]["wrong_county"] == 1 and report["per_class"]["news_item"]["pages"] == 1
    assert load_truth(tmp_path / "001_a.json").layout == ["portal"]


def test_regressions_name_each_figure_that_got_worse():
    baseline = {"overall": Tally(pages=1, docs_truth=2, docs_found=2, wrong_county=0).figures(), "per_class": {"portal": {"metadata": 0.5}}}
    current = {"overall": Tally(pages=1, docs_truth=2, docs_found=1, wrong_county=1).figures(), "per_class": {"portal": {"metadata": 0.6}}}
    assert regressions(current, baseline) == [
        "overall: documents_found fell from 1.0 to 0.5",
        "overall: wrong_county rose from 0 to 1",
    ]
    assert regressions(baseline, baseline) == []
    assert regressions({"overall": {"metadata_by_field": {"date": 0.2}}}, {"overall": {"metadata_by_field": {"date": 0.25}}}) == [
        "overall: metadata date fell from 0.25 to 0.2"
    ]


def test_core_metrics_are_parser_metrics():
    assert set(CORE_METRICS) <= set(METRICS)


HAN = st.text(alphabet="政协县委员会工作报告提案建言议政团结民主协商监督履职", min_size=4, max_size=12)
TRUTH_DOCUMENTS = st.lists(
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(DOCUMENT_KINDS),
            "title": st.one_of(st.none(), HAN),
            "county_code": st.one_of(st.none(), st.sampled_from(["330727", "140925", "110112"])),
            "province": st.one_of(st.none(), st.sampled_from(["浙江省", "北京市"])),
            "term": st.one_of(st.none(), st.integers(1, 20)),
            "session": st.one_of(st.none(), st.integers(1, 8)),
            "date": st.one_of(st.none(), st.dates(datetime.date(1980, 1, 1), datetime.date(2030, 12, 31)).map(str)),
            "speaker": st.one_of(st.none(), st.sampled_from(["张瑞晋", "巴图"])),
            "review_year": st.one_of(st.none(), st.integers(1980, 2030)),
            "plan_year": st.none(),
            "headings": st.lists(st.tuples(st.integers(1, 3), HAN).map(list), max_size=4),
            "statistics": st.lists(
                st.fixed_dictionaries(
                    {"metric": st.sampled_from(CORE_METRICS), "value": st.integers(0, 5000), "period": st.one_of(st.none(), st.just("2023"))}
                ),
                max_size=4,
            ),
        }
    ),
    max_size=4,
)


def parsed_from(doc) -> ParsedDocument:
    """The parse a perfect parser would give for a truth document."""
    text = (doc.title or "") + "".join(heading for _level, heading in doc.headings)
    statistics = [stat(metric, value, period=period) for metric, value, period in doc.statistics]
    return ParsedDocument(
        kind=doc.kind,
        title=doc.title or "(untitled)",
        text=text,
        start=0,
        end=len(text),
        county=Place(doc.county_code, "某县") if doc.county_code else None,
        province=Place("000000", doc.province) if doc.province else None,
        term=doc.term,
        session=doc.session,
        date=datetime.date.fromisoformat(doc.date) if doc.date else None,
        speaker=doc.speaker,
        review_year=doc.review_year,
        plan_year=doc.plan_year,
        sections=[ParsedSection(label=f"{i + 1}.", heading=heading, level=level, part="review") for i, (level, heading) in enumerate(doc.headings)],
        statistics=statistics,
    )


@given(TRUTH_DOCUMENTS)
@settings(max_examples=60, deadline=None)
def test_a_parse_equal_to_the_truth_makes_no_mistake(documents):
    page = truth(*documents)
    tally = score_page(page, [parsed_from(doc) for doc in page.documents]).tally
    figures = tally.figures()
    assert (figures["extra_documents"], figures["invented_values"], figures["wrong_county"]) == (0, 0, 0)
    for key in ("documents_found", "metadata", "headings_recall", "headings_precision", "statistics_recall", "statistics_precision", "period_accuracy"):
        assert figures[key] in (None, 1.0), key


def test_an_extra_documents_headings_and_figures_count_against_precision():
    extra = ParsedDocument(
        kind="other", title="人大会议", text="县人大常委会", start=0, end=6,
        sections=[ParsedSection(label="一、", heading="依法履职", level=1, part="review")],
        statistics=[stat("proposals_received", 300), stat("consultations", 4)],
    )
    tally = score_page(truth(), [extra]).tally
    assert (tally.docs_extra, tally.headings_parsed, tally.stats_parsed, tally.stats_matched) == (1, 1, 1, 0)
    assert tally.figures()["statistics_precision"] == 0.0
