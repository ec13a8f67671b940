"""Totals versus parts, and the period each statistic covers."""
import pytest

from reports.parsing import parse_text
from reports.parsing.statistics import period_of

REPORT = """政协龙泉市第九届委员会常务委员会工作报告
——2024年1月10日在政协龙泉市第九届委员会第四次会议上
各位委员：
我受常务委员会委托，向大会报告工作，请予审议。
2023年工作回顾
一、提案工作提质增效
全年共收到提案236件，其中集体提案40件，经审查立案201件，不予立案的12件，转为社情民意信息的23件。
围绕乡村振兴方面提出提案58件。五年来提案总数达1105件。
上报社情民意信息96篇，被市政协采用18篇、省政协采用5篇。
"""


def core(doc):
    return {(s.metric, s.value, s.period) for s in doc.statistics if s.metric.startswith(("proposals", "opinion"))}


def test_totals_not_parts_and_periods():
    (doc,) = parse_text(REPORT, source="totals").documents
    assert doc.review_year == 2023
    assert core(doc) == {
        ("proposals_received", 236, "2023"), ("proposals_filed", 201, "2023"), ("proposals_received", 1105, "2019-2023"),
        ("opinion_reports", 96, "2023"), ("opinion_reports_adopted", 18, "2023"), ("opinion_reports_adopted", 5, "2023"),
    }


@pytest.mark.parametrize(
    "sentence, session, expected",
    [("全年共收到提案236件", None, "2023"), ("过去五年共收到提案1105件", None, "2019-2023"), ("本届以来共立案800件", 3, "2021-2023"),
     ("2020年以来累计办结提案900件", None, "2020-2023"), ("本届以来共立案800件", None, None)],
)
def test_period_of(sentence, session, expected):
    assert period_of(sentence, 2023, session) == expected


def test_actual_filed_count_after_merging():
    text = "县政协九届二次会议提案审查情况的报告\n各位委员：\n会议期间共收到提案120件，经审查，立案96件、并案8件，实际立案88件。\n"
    (doc,) = parse_text(text, source="merged").documents
    assert {(s.metric, s.value) for s in doc.statistics if s.metric.startswith("proposals")} == {("proposals_received", 120), ("proposals_filed", 88)}


def test_city_cppcc_of_a_municipality_is_the_provincial_level():
    text = (
        "政协重庆市璧山区第十届委员会常务委员会工作报告\n各位委员：\n我受常务委员会委托，向大会报告工作。\n"
        "一年来报送社情民意信息120篇，被市政协采用30篇，报送市政协45篇，报送全国政协3篇。\n"
    )
    (doc,) = parse_text(text, source="municipality").documents
    levels = {(s.metric, s.value) for s in doc.statistics if s.metric.startswith("opinion")}
    assert ("opinion_reports_to_province", 45) in levels and ("opinion_reports_to_national", 3) in levels
    assert not any(metric == "opinion_reports_to_city" for metric, _ in levels)


NEWS = """县政协召开社情民意信息和提案工作会议
时间:2015/7/8 10:20:20
4月28日，县政协召开社情民意信息工作会议。据统计，五年来共收到反映社情民意信息1200多条，整理报送相关部门800多条，有190多条信息被自治区、市政协采用。
去年，县政协有8篇社情民意信息被市级以上录用。
全年共收到委员提案80件，经审查立案78件。其中，专门委员会提出的提案1件，乡镇联络组提出的提案8件。
围绕全面贯彻新发展理念、促进经济高质量发展提出提案189件；围绕社会保障和改善民生提出提案170件。
"""


def test_parts_forwarded_and_adopted_in_a_news_item():
    # Failure classes (tests/parsing/real 214, 222, 230): counts by topic and by author after 其中 are parts;
    # reports passed to departments are no core count; 被…采用 after the number is an adoption; 去年 is last year.
    (doc,) = parse_text(NEWS, source="news").documents
    assert core(doc) == {
        # 五年来 counted back from the page's year governs the whole sentence.
        ("opinion_reports", 1200, "2011-2015"), ("opinion_reports_adopted", 190, "2011-2015"), ("opinion_reports_adopted", 8, "2014"),
        ("proposals_received", 80, "2015"), ("proposals_filed", 78, "2015"),
    }


def test_a_count_followed_by_its_share_is_a_part():
    # Failure class (tests/parsing/real/319): 在经济建设上，提出提案64件，占24.7%.
    text = (
        "市政协八届五次会议期间，共收到提案259件。\n在经济建设上，提出提案64件，占24.7%。在社会建设上，提出提案117件，占45.2%。\n"
        "经审查，立案245件，占提案总数的94.6%。\n"
    )
    (doc,) = parse_text(text, source="share").documents
    assert {(s.metric, s.value) for s in doc.statistics if s.metric.startswith("proposals")} == {
        ("proposals_received", 259), ("proposals_filed", 245)
    }


REVIEW = """政协云岭县第八届委员会提案委员会关于八届二次会议提案审查情况的报告
各位委员：
会议期间共收到提案152件，经审查，立案140件；不予立案12件，其中，5件转为社情民意信息，4件转为意见建议，3件作撤案处理。
对闭会期间收到的4件提案，经主席会议同意立案。
提案被有关部门采纳的96件占提案总数的63%。
开展6场专题协商、9个重点提案办理协商。
委员们提出意见建议210多条。
作为社情民意综合反映的政协提案，去年达到了152件。
初审中，提案组共收到提案160件，建议立案150件。
"""


def test_what_proposals_became_and_what_they_led_to_are_no_totals():
    (doc,) = parse_text(REVIEW, source="review").documents
    found = {(s.metric, s.value) for s in doc.statistics if s.metric.startswith(("proposals", "opinion"))}
    assert found == {("proposals_received", 152), ("proposals_filed", 140), ("proposals_received", 160)}


def test_the_filed_total_after_merging_and_what_is_said_of_filed_proposals():
    text = """政协某某区第五届委员会提案委员会关于五届五次会议提案审查情况的报告
截至1月18日17时,大会共收到提案157件。经审查,共立案133件,并案处理后为123件,其中,集体提案29件,委员提案94件。
五届四次会议以来,共立案135件,截至8月31日,135件立案提案已全部办理完毕。
"""
    (doc,) = parse_text(text, source="merged").documents
    found = {(s.metric, s.value) for s in doc.statistics if s.metric.startswith("proposals")}
    assert found == {("proposals_received", 157), ("proposals_filed", 123), ("proposals_filed", 135), ("proposals_closed", 135)}


def test_a_refusal_said_after_the_number_and_a_noun_that_belongs_to_the_number_before():
    text = """政协某某区第六届委员会提案委员会关于六届一次会议提案审查情况的报告
会议期间共收到提案254件,经审查,立案209件,有26件提案因不属于本区工作范围不予立案。
5件重点提案和10件提案牵头承办单位负责人分别作了汇报。
"""
    (doc,) = parse_text(text, source="after").documents
    found = {(s.metric, s.value) for s in doc.statistics if s.metric.startswith("proposals")}
    assert found == {("proposals_received", 254), ("proposals_filed", 209), ("proposals_key", 5)}
