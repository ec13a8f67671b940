"""The kind of a document that has no formal title, or a slogan for one."""
import pytest

from reports.parsing import NoDocumentFound, parse_text
from reports.parsing.segment import body_kind, title_kind


def kinds(text):
    return [d.kind for d in parse_text(text, source="test").documents]


@pytest.mark.parametrize(
    "opening, kind",
    [
        (["各位委员：", "现在，我受政协第八届云和县委员会常务委员会的委托，向大会报告一年来的工作，请予审议。"], "standing_committee_work_report"),
        (["各位委员：", "我代表县政协常委会，向大会报告本次会议以来的提案工作情况，请予审议。"], "proposal_work_report"),
        (["各位委员、同志们：", "经过全体委员的共同努力，本次会议圆满完成了各项议程，今天就要闭幕了。"], "speech"),
        (["会议认为，过去一年县政协工作成效明显。", "会议同意常委会工作报告。", "会议号召，全县各级政协组织团结奋斗。"], "political_resolution"),
        (["3月2日，县政协副主席代表常委会向大会作工作报告，委员们认真听取。"], None),
        # A proposal review report without its title (tests/parsing/real 134, 319)…
        (["县政协十四届六次会议期间，广大政协委员积极运用提案履行职责。",
          "截至2026年1月20日下午17时，大会共收到委员提案184件。经提案审查委员会认真审查，不予立案15件，立案169件。"], "proposal_work_report"),
        # …but not the news of the review meeting, which narrates it (tests/parsing/real/121).
        (["3月14日，县政协提案委召开会议，研究提案审查、立案工作。",
          "县政协十一届五次会议期间，共收到原始提案73件。会议经过讨论，决定立案66件。"], None),
        # The same words in the third person are a news item's, not the report's own.
        (["4月21日上午，县政协召开第一次全体会议。县政协副主席白海珠受县政协常务委员会的委托，向大会报告四次会议以来提案工作情况。"], None),
        (["县政协主席李明同志代表县政协常委会，向大会报告工作。"], None),
        # Labels above the opening (a template site's title, date and salutation) do not hide it.
        (["提案工作情况报告", "发布时间:2024-11-14", "第1篇", "各位委员,同志们:",
          "我受政协xx县第九届委员会常务委员会的委托,向大会报告九届二次会议以来提案工作情况,请予审议。"], "proposal_work_report"),
        # The report "made" to the session (作工作报告) rather than "reported".
        (["各位委员:", "我受中国人民政治协商会议某某市第九届委员会常务委员会的委托,向大会作工作报告,请予审议。"], "standing_committee_work_report"),
        # A review report that opens on its adoption note, naming the body in full or a region's CPPCC.
        (["(2024年1月12日政协第九届某某自治区委员会第三次会议通过) 政协第九届某某自治区委员会第三次会议期间,委员们积极提交提案。"
          "截至1月10日,共收到提案420件,经审查,立案401件。"], "proposal_work_report"),
        (["中国人民政治协商会议某某县第七届委员会第二次会议期间,委员们围绕中心工作建言。共收到提案86件,经审查,立案80件。"], "proposal_work_report"),
        (["自治区政协九届三次会议期间,各界委员踊跃提交提案。大会共收到提案600件,经审查,立案570件。"], "proposal_work_report"),
    ],
)
def test_kind_from_the_opening(opening, kind):
    assert body_kind(opening) == kind


@pytest.mark.parametrize(
    "title, kind",
    [
        ("关于县政协九届三次会议提案审查情况的报告", "proposal_work_report"),
        ("在政协遂昌县第十届委员会第二次会议闭幕会上的讲话", "speech"),
        ("政协云和县第八届委员会第四次会议开幕词", "speech"),
        ("政协云和县委员会常务委员会工作报告（审议稿）", "standing_committee_work_report"),
        ("委员们分组讨论县政协常委会工作报告", "other"),
        # Template (范文) sites: the copy's number and the 范文 label are no part of the name.
        ("第1篇 提案工作情况报告", "proposal_work_report"),
        ("政协会议闭幕大会主持词范文", "speech"),
        ("年政协会议闭幕词 篇一", "speech"),
        ("某县政协社情民意信息工作发言材料", "speech"),
        # A proposal report is the CPPCC's even where its title does not say so; a standing committee's may be the 人大's.
        ("县人大常委会工作报告", None),
        ("学习习近平总书记重要讲话", None),
    ],
)
def test_title_kinds(title, kind):
    assert title_kind(title) == kind


def test_slogan_title_with_the_report_in_a_dash_subtitle():
    text = (
        "凝心聚力谋发展 同心共绘新画卷\n——政协景宁畲族自治县第九届委员会常务委员会工作报告\n"
        "各位委员：\n我受常务委员会委托，向大会报告工作，请予审议。\n"
    )
    (doc,) = parse_text(text, source="slogan").documents
    assert doc.kind == "standing_committee_work_report" and doc.county.name == "景宁畲族自治县"


def test_a_commentary_subtitle_is_no_report():
    text = "读懂一份报告 读懂一年履职\n——解读县政协常委会工作报告\n3月1日，县政协十届四次会议开幕，报告回顾了一年来的工作。\n"
    assert kinds(text) == ["other"]


def test_untitled_speech_after_a_date_line():
    text = "（2024年1月9日）\n各位委员、同志们：\n今天，政协松阳县第十届委员会第三次会议隆重开幕了，这是全县政治生活中的一件大事。\n"
    assert kinds(text) == ["speech"]


def test_a_title_with_its_adoption_note_on_the_same_line():
    # Failure class (tests/parsing/real/201): the note made the line too long and unlike a title.
    title = "中国人民政治协商会议吉安市第五届委员会提案委员会关于市政协五届四次会议提案初步审查情况的报告"
    text = f"{title} (2024年1月19日市政协五届四次会议审议通过)\n市政协五届四次会议期间，委员们积极建言资政，提交提案。截至1月17日12时，共收到提案345件。\n"
    (doc,) = parse_text(text, source="note").documents
    assert (doc.kind, doc.title) == ("proposal_work_report", title)
    assert (doc.term, doc.session, doc.date.isoformat()) == (5, 4, "2024-01-19")


def test_a_democratic_partys_meeting_is_no_cppcc_document():
    # Failure class (tests/parsing/real/210): 民建 preparing its proposals names 省政协 in passing only.
    text = (
        "民建江西省委会召开提案工作布置会\n10月31日下午，民建江西省委召开提案工作布置会。省委会副主委出席。\n"
        "会议由省委会秘书长主持。\n秘书长介绍了省委会提案和专题调研工作的基本情况，通报了省政协关于做好大会提案工作的要求。\n"
    )
    with pytest.raises(NoDocumentFound, match="another body \\(民建\\)"):
        parse_text(text, source="party")
    # The same party's members in a CPPCC session's news are the CPPCC's document.
    assert kinds("县政协十届三次会议开幕\n3月2日，县政协十届三次会议开幕，民建县委会提交集体提案5件。\n") == ["other"]


TEMPLATE_PAGE = """温馨提示:
1. 本文档由用户上传,版权归属用户,某某网负责整理代发布。
2. 下载文档时可能由于网络波动等原因无法下载或下载错误,付费完成后未能成功下载的用户请联系客服处理。
网站客服:12345678
下面是小编为大家整理的政协某某县委员会常务委员会工作报告,供大家参考。
导语:本文来源于网友上传,不代表本站观点,欢迎参考。
政协某某县委员会常务委员会工作报告
各位委员:
我受政协某某县第八届委员会常务委员会的委托,向大会报告工作,请予审议。
一、2024年主要工作
一年来,县政协常委会坚持围绕中心、服务大局,扎实履职。
二、2025年工作安排
继续做好各项工作。
"""


def test_a_template_sites_notices_and_intro_are_no_document_and_no_headings():
    (doc,) = parse_text(TEMPLATE_PAGE, source="template").documents
    assert doc.kind == "standing_committee_work_report"
    assert [s.heading for s in doc.sections] == ["2024年主要工作", "2025年工作安排"]
    assert doc.review_year == 2024 and doc.plan_year == 2025


def test_a_page_heading_over_the_article_of_the_same_kind_makes_no_document():
    text = """报告大全 > 工作报告 > 工作报告
政协常委会工作报告15篇
热度:73
政协常委会工作报告
中国人民政治协商会议某某县第八届委员会常务委员会工作报告
各位委员:
我受政协某某县第八届委员会常务委员会的委托,向大会报告工作,请予审议。
过去一年,县政协常委会坚持围绕中心、服务大局,扎实履职。
"""
    assert kinds(text) == ["standing_committee_work_report"]


def test_a_portal_heading_naming_the_cppcc_in_short_over_the_full_title_makes_no_document():
    text = """某某频道 > 全景某某
政协某某县第十届委员会提案委员会关于十届三次会议提案审查情况的报告
来源: 某某日报
中国人民政治协商会议某某县第十届委员会提案委员会关于十届三次会议提案审查情况的报告
(2024年1月14日政协某某县第十届委员会第三次会议通过)
十届三次会议期间,委员们积极提交提案。共收到提案120件,经审查,立案110件。
"""
    assert kinds(text) == ["proposal_work_report"]


def test_review_year_from_the_reviews_opening_sentence():
    text = """政协某某县第八届委员会常务委员会工作报告
——2025年1月8日在政协某某县第八届委员会第四次会议上
各位委员:
我受政协某某县第八届委员会常务委员会的委托,向大会报告工作,请予审议。
一
2024年,对我县来说,是负重前行的一年。一年来,县政协常委会扎实履职。
"""
    (doc,) = parse_text(text, source="opening-year").documents
    assert doc.review_year == 2024
    # A year that is not the year before the report's date is not its review.
    (later,) = parse_text(text.replace("2024年,对我县", "2019年,对我县"), source="opening-year").documents
    assert later.review_year is None
