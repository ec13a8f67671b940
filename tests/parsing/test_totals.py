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
